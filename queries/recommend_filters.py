"""The filters of a recommendation request: checked against the index (an unknown topic or
institution is named, with the nearest known one, rather than answered with nobody), then
turned into a mask over candidate nodes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz, process, utils

from graphsvc.errors import InvalidParameter
from loaders.topics import topic_id as loaded_topic_id

if TYPE_CHECKING:
    from queries.recommend import RecommendIndex

TOPIC_PREFIX = "topic:"
INSTITUTION_PREFIX = "inst:"
SUGGEST_CUTOFF = 70
"""Least rapidfuzz WRatio (0-100) for an id to be offered as "did you mean"."""


def topic_id(topic: str | None) -> str | None:
    """A topic id as given (`topic:hep-th`), or a topic as written in data read the way loads
    read it (`hep-th`, `HEP-TH`: `topic:hep-th`; `loaders.topics.topic_id`)."""
    if not topic or topic.startswith(TOPIC_PREFIX):
        return topic
    return loaded_topic_id(topic)


def check_filters(idx: RecommendIndex, topic: str | None, institution: str | None) -> None:
    """InvalidParameter naming a `topic` the graph has no Topic for, or an `institution`
    no indexed author is affiliated with, with the closest known id when there is one."""
    tid = topic_id(topic)
    if tid and tid not in idx.topic_names:
        shown = [t.removeprefix(TOPIC_PREFIX) for t in idx.topic_names]
        raise InvalidParameter(
            f"topic: no topic {topic!r} in the graph"
            f"{_nearest(topic or '', shown, TOPIC_PREFIX)}"
        )
    if institution and institution not in idx.holders().institutions:
        raise InvalidParameter(
            f"institution: no institution {institution!r} with authors in the graph"
            f"{_nearest(institution, idx.holders().institutions, INSTITUTION_PREFIX)}"
        )


def _nearest(value: str, known: Iterable[str], prefix: str) -> str:
    """`; did you mean '<id>'?` for the known id closest to `value`, or "". The ids' common
    `prefix` is left out of the comparison (`inst:nope` is not near `inst:eth`), and WRatio
    lets a name offer the id that holds it (`rutgers`: `inst:rutgers-university`)."""
    bare = {k.removeprefix(prefix): k for k in known}
    # default_process: lower case, punctuation as spaces, so "HEP-TH" is offered "hep-th"
    best = process.extractOne(value.removeprefix(prefix), list(bare), scorer=fuzz.WRatio,
                              processor=utils.default_process,
                              score_cutoff=SUGGEST_CUTOFF)  # fmt: skip
    return f"; did you mean {bare[best[0]]!r}?" if best else ""


class Holders:
    """Per topic and per institution, the sorted nodes that hold it: a filter is then a
    vectorised lookup instead of a dict lookup per node."""

    def __init__(self, topics: Sequence[Mapping[str, Any]],
                 institutions: Sequence[Mapping[str, Any]]) -> None:  # fmt: skip
        self.topics, self.institutions = _inverted(topics), _inverted(institutions)


def _inverted(per_node: Sequence[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    lists: dict[str, list[int]] = {}
    for j, held in enumerate(per_node):
        for key in held:
            lists.setdefault(key, []).append(j)
    return {key: np.array(nodes, dtype=np.int64) for key, nodes in lists.items()}


def _holding(nodes: np.ndarray, holders: np.ndarray) -> np.ndarray:
    """Which of `nodes` are in the sorted `holders`."""
    if not len(holders):
        return np.zeros(len(nodes), dtype=bool)
    at = np.minimum(np.searchsorted(holders, nodes), len(holders) - 1)
    return holders[at] == nodes


def filter_mask(
    idx: RecommendIndex, topic: str | None, institution: str | None, since: int | None,
    gone: np.ndarray,
) -> Callable[[np.ndarray], np.ndarray]:
    """A mask over a node array: the nodes the request's filters and exclusions leave."""
    g, held = idx.graph, idx.holders()
    tid = topic_id(topic)
    wanted = [h for h in (held.topics.get(tid) if tid else None,
                          held.institutions.get(institution) if institution else None)
              if h is not None]  # fmt: skip
    # check_filters has refused unknown values; an unknown one here holds nobody
    nobody = (tid and tid not in held.topics) or (institution and institution not in
                                                  held.institutions)  # fmt: skip

    def passes(nodes: np.ndarray) -> np.ndarray:
        keep = np.zeros(len(nodes), dtype=bool) if nobody else np.ones(len(nodes), dtype=bool)
        if since is not None:
            keep &= g.last_year[nodes] >= since
        if len(gone):
            keep &= ~np.isin(nodes, gone)
        for holders in wanted:
            keep &= _holding(nodes, holders)
        return keep

    return passes
