"""The filters of a recommendation request: checked against the index (an unknown topic or
institution is named, with the nearest known one, rather than answered with nobody), then
turned into a mask over candidate nodes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from graphsvc.errors import InvalidParameter

if TYPE_CHECKING:
    from queries.recommend import RecommendIndex

TOPIC_PREFIX = "topic:"
SUGGEST_CUTOFF = 70
"""Least rapidfuzz ratio (0-100) for an id to be offered as "did you mean"."""


def topic_id(topic: str | None) -> str | None:
    """`hep-th` or `topic:hep-th` as the topic's id."""
    return topic if not topic or topic.startswith(TOPIC_PREFIX) else TOPIC_PREFIX + topic


def check_filters(idx: RecommendIndex, topic: str | None, institution: str | None) -> None:
    """InvalidParameter naming a `topic` the graph has no Topic for, or an `institution`
    no indexed author is affiliated with, with the closest known id when there is one."""
    tid = topic_id(topic)
    if tid and tid not in idx.topic_names:
        shown = [t.removeprefix(TOPIC_PREFIX) for t in idx.topic_names]
        raise InvalidParameter(
            f"topic: no topic {topic!r} in the graph{_nearest(topic or '', shown)}"
        )
    if institution and institution not in idx.institution_ids():
        raise InvalidParameter(
            f"institution: no institution {institution!r} with authors in the graph"
            f"{_nearest(institution, idx.institution_ids())}"
        )


def _nearest(value: str, known: Iterable[str]) -> str:
    best = process.extractOne(value, list(known), scorer=fuzz.ratio,
                              score_cutoff=SUGGEST_CUTOFF)  # fmt: skip
    return f"; did you mean {best[0]!r}?" if best else ""


def filter_mask(
    idx: RecommendIndex, topic: str | None, institution: str | None, since: int | None,
    gone: np.ndarray,
) -> Callable[[np.ndarray], np.ndarray]:
    """A mask over a node array: the nodes the request's filters and exclusions leave."""
    g = idx.graph
    tid = topic_id(topic)

    def passes(nodes: np.ndarray) -> np.ndarray:
        keep = np.ones(len(nodes), dtype=bool)
        if since is not None:
            keep &= g.last_year[nodes] >= since
        if len(gone):
            keep &= ~np.isin(nodes, gone)
        for wanted, held in ((tid, g.topics), (institution, idx.institutions)):
            if wanted:  # only the nodes still kept are looked up
                at = np.flatnonzero(keep)
                keep[at] = [wanted in held[j] for j in nodes[at].tolist()]
        return keep

    return passes
