"""The filters of a recommendation request: checked against the index (an unknown topic or
institution is named, with the nearest known one, rather than answered with nobody), then
turned into a mask over candidate nodes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz, process, utils

from graphsvc.errors import InvalidParameter
from loaders.topics import TOPIC_PREFIX, as_topic_id

if TYPE_CHECKING:
    from queries.recommend import RecommendIndex

INSTITUTION_PREFIX = "inst:"
SUGGEST_CUTOFF = 70
"""Least likeness (0-100, `_likeness`) for an id to be offered as "did you mean"."""


def topic_id(topic: str | None) -> str | None:
    """The filter's topic id (`loaders.topics.as_topic_id`), or None without a filter."""
    return as_topic_id(topic) if topic else topic


def check_filters(idx: RecommendIndex, topic: str | None, institution: str | None) -> None:
    """InvalidParameter naming a `topic` the graph has no Topic for, or an `institution`
    no indexed author is affiliated with, with the closest known id when there is one."""
    tid = topic_id(topic)
    if tid and tid not in idx.topic_names:
        shown = [t.removeprefix(TOPIC_PREFIX) for t in idx.topic_names]
        raise InvalidParameter(
            f"topic: no topic {topic!r} in the graph"
            f"{_did_you_mean(topic or '', shown, TOPIC_PREFIX)}"
        )
    if institution and institution not in idx.holders().institutions:
        raise InvalidParameter(
            f"institution: no institution {institution!r} with authors in the graph"
            f"{_did_you_mean(institution, idx.holders().institutions, INSTITUTION_PREFIX)}"
        )


def _did_you_mean(value: str, known: Iterable[str], prefix: str) -> str:
    offered = nearest_id(value, known, prefix)
    return f"; did you mean {offered!r}?" if offered else ""


def nearest_id(value: str, known: Iterable[str], prefix: str) -> str | None:
    """The known id closest to `value`, if close enough. The ids' common `prefix` is left out
    of the comparison (`inst:nope` is not near `inst:eth`); an id is close when it is spelt
    alike (`hep-ph`: `hep-th`) or holds every word of `value` (`rutgers`:
    `inst:rutgers-university`)."""
    bare = {k.removeprefix(prefix): k for k in known}
    # default_process: lower case, punctuation as spaces, so "HEP-TH" is offered "hep-th"
    best = process.extractOne(value.removeprefix(prefix), list(bare), scorer=_likeness,
                              processor=utils.default_process,
                              score_cutoff=SUGGEST_CUTOFF)  # fmt: skip
    return bare[best[0]] if best else None


def _likeness(a: str, b: str, **_: Any) -> float:
    # not WRatio: its partial match offered physics.soc-ph for hep-ph (the shared "ph")
    return max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b))


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
