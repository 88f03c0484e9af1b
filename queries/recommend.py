"""Collaborator recommendations: an in-memory index of the co-author graph, scored by the
evaluated ranker (`queries.linkpred`), with filters and reasons.

The index (CSR matrices over every Author, plus names, topics, institutions) is built from the
store on first use and rebuilt when the graph changes: every request compares the store's
version counter `(:Meta {id:'graph'}).version` (cheap); a graph without it falls back to a
marker of paper count and load runs, checked at most every `recheck_seconds`. Per author the
ranked candidate list (every non-co-author within 3 hops, scored with `Ranker.score_matrix`'s
features and model) is cached until the next rebuild, so filters and pages are cheap.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from graphsvc.errors import NotFound
from graphsvc.store import GraphStore
from queries.linkpred.features import pair_features, topic_cosine
from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.ranker import Ranker, load_ranker

MODEL_FILE = Path(__file__).parent / "linkpred" / "model_hepth.json"
OPEN_BOOST = 0.5
"""Added to the linear score of authors with open_to_collaborate = true (x1.65 odds)."""


@dataclass
class Ranked:
    """One author's candidates, best first: graph node indices and linear scores."""

    nodes: np.ndarray
    scores: np.ndarray


@dataclass
class RecommendIndex:
    """The co-author graph of the whole store plus what filters and reasons need."""

    graph: CoauthorGraph
    names: list[str]
    open_flags: np.ndarray
    topic_names: dict[str, str]
    institutions: list[dict[str, str]]
    marker: Any
    ranker: Ranker
    cache_size: int = 4096
    _cache: OrderedDict[int, Ranked] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ranked(self, i: int) -> Ranked:
        """Every candidate of node i (within 3 hops, not a co-author), best first (cached)."""
        with self._lock:
            hit = self._cache.get(i)
            if hit is not None:
                self._cache.move_to_end(i)
                return hit
        g = self.graph
        targets = candidates(g, i)
        if len(targets):
            feats, reach = pair_features(g, np.array([i]), targets)
            keep = reach[0]
            targets = targets[keep]
            scores = self.ranker.model.decision(feats[0][keep])
            scores = scores + OPEN_BOOST * self.open_flags[targets]
            order = np.lexsort((targets, -scores))
            out = Ranked(targets[order], scores[order])
        else:
            out = Ranked(np.zeros(0, dtype=np.int64), np.zeros(0))
        with self._lock:
            self._cache[i] = out
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out


def candidates(g: CoauthorGraph, i: int) -> np.ndarray:
    """Nodes at distance 2 or 3 from node i (sorted)."""
    a = g.adj
    first = a[i]
    two = first @ a
    three = two @ a
    reach = (two + three).tocsr()
    nodes = reach.indices[reach.data > 0]
    nodes = np.setdiff1d(nodes, np.append(first.indices, i))
    return nodes.astype(np.int64)


def build_index(store: GraphStore, ranker: Ranker | None = None) -> RecommendIndex:
    """Read authors, CO_AUTHOR edges, topics and affiliations into a RecommendIndex."""
    marker = graph_marker(store)
    authors = store.run("recommend_authors").rows
    index = {r["id"]: n for n, r in enumerate(authors)}
    n = len(authors)
    rows, cols, w = [], [], []
    for e in store.run("recommend_edges").rows:
        a, b = index.get(e["a"]), index.get(e["b"])
        if a is not None and b is not None and a != b:
            rows += (a, b)
            cols += (b, a)
            w += (float(e["weight"] or 1), float(e["weight"] or 1))
    weights = sp.csr_matrix((w, (rows, cols)), shape=(n, n))
    weights.sum_duplicates()
    adj = weights.copy()
    adj.data[:] = 1.0
    topics: list[Counter[str]] = [Counter() for _ in range(n)]
    topic_names: dict[str, str] = {}
    for r in store.run("recommend_topics").rows:
        if r["author"] in index:
            topics[index[r["author"]]][r["topic"]] = int(r["papers"])
            topic_names[r["topic"]] = r["name"] or r["topic"]
    insts: list[dict[str, str]] = [{} for _ in range(n)]
    for r in store.run("recommend_institutions").rows:
        if r["author"] in index:
            insts[index[r["author"]]][r["id"]] = r["name"] or r["id"]
    years = [r["last_year"] for r in authors if r["last_year"] is not None]
    hi = max(years) if years else 0
    g = CoauthorGraph(
        keys=[r["id"] for r in authors],
        index=index,
        weights=weights,
        adj=adj,
        recent=weights,  # the served ranker uses decay 1.0 (CO_AUTHOR has no per-year counts)
        papers=np.array([float(r["papers"] or 0) for r in authors]),
        last_year=np.array([float(r["last_year"] or hi) for r in authors]),
        years=(min(years) if years else 0, hi),
        topics=topics,
    )
    return RecommendIndex(
        graph=g,
        names=[r["name"] or r["id"] for r in authors],
        open_flags=np.array([1.0 if r["open"] is True else 0.0 for r in authors]),
        topic_names=topic_names,
        institutions=insts,
        marker=marker,
        ranker=ranker or load_ranker(MODEL_FILE),
    )


def graph_marker(store: GraphStore) -> Any:
    """The store's version counter, or (papers, load runs) when the graph has none."""
    rows = store.run("graph_version").rows
    if rows and rows[0]["version"] is not None:
        return ("version", rows[0]["version"])
    row = store.run("graph_marker").rows[0]
    return ("marker", row["papers"], tuple(sorted(r for r in row["runs"] if r)))


class IndexHolder:
    """The current index of one store; rebuilt before any answer once the graph changed."""

    def __init__(self, store: GraphStore, recheck_seconds: float = 1.0) -> None:
        self.store = store
        self.recheck_seconds = recheck_seconds
        self._index: RecommendIndex | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def get(self) -> RecommendIndex:
        with self._lock:
            idx = self._index
            now = time.monotonic()
            versioned = idx is not None and idx.marker[0] == "version"
            if idx is None or versioned or now - self._checked >= self.recheck_seconds:
                marker = graph_marker(self.store)
                self._checked = now
                if idx is None or marker != idx.marker:
                    idx = self._index = build_index(self.store)
            return idx


def recommend(
    idx: RecommendIndex,
    author_id: str,
    *,
    topic: str | None = None,
    institution: str | None = None,
    since: int | None = None,
    exclude: frozenset[str] = frozenset(),
    offset: int = 0,
    limit: int = 20,
) -> tuple[int, list[dict[str, Any]]]:
    """(total after filters, one page) of recommendations for an author; NotFound if unknown."""
    g = idx.graph
    i = g.index.get(author_id)
    if i is None:
        raise NotFound(f"no author with id {author_id!r}")
    ranked = idx.ranked(i)
    keep = np.ones(len(ranked.nodes), dtype=bool)
    if topic:
        tid = topic if topic.startswith("topic:") else f"topic:{topic}"
        keep &= np.array([tid in g.topics[j] for j in ranked.nodes], dtype=bool)
    if institution:
        keep &= np.array([institution in idx.institutions[j] for j in ranked.nodes], dtype=bool)
    if since is not None:
        keep &= g.last_year[ranked.nodes] >= since
    if exclude:
        keep &= np.array([g.keys[j] not in exclude for j in ranked.nodes], dtype=bool)
    nodes, scores = ranked.nodes[keep], ranked.scores[keep]
    page = [_item(idx, i, int(j), float(s)) for j, s in zip(nodes[offset : offset + limit],
                                                           scores[offset : offset + limit],
                                                           strict=True)]  # fmt: skip
    return len(nodes), page


def _item(idx: RecommendIndex, i: int, j: int, score: float) -> dict[str, Any]:
    g = idx.graph
    wi, wj = g.weights[i], g.weights[j]
    shared = np.intersect1d(wi.indices, wj.indices)
    strength = np.asarray(wi[:, shared].todense()).ravel() + np.asarray(
        wj[:, shared].todense()
    ).ravel()
    top = shared[np.lexsort((shared, -strength))][:5]
    topics = sorted(set(g.topics[i]) & set(g.topics[j]), key=lambda t: -g.topics[j][t])
    same = sorted(set(idx.institutions[i]) & set(idx.institutions[j]))
    sim = float(topic_cosine(g, np.array([i]), np.array([j]))[0, 0])
    return {
        "id": g.keys[j],
        "name": idx.names[j],
        "score": round(1.0 / (1.0 + float(np.exp(-score))), 6),
        "open_to_collaborate": bool(idx.open_flags[j]),
        "reasons": {
            "shared_coauthors": [{"id": g.keys[z], "name": idx.names[z]} for z in top],
            "n_shared_coauthors": len(shared),
            "shared_topics": [{"id": t, "name": idx.topic_names.get(t, t)} for t in topics[:5]],
            "same_institution": [{"id": s, "name": idx.institutions[j][s]} for s in same],
            "topic_similarity": round(sim, 4),
        },
    }
