"""Pair features for the learned ranker, computed from each source's 3-hop neighbourhood.

The same function serves the global evaluation (sources = all core authors) and the
per-author API (sources = one author), so both rank with identical scores. Everything is a
product of the sources' rows with the (cached) graph matrices, then read at the targets, so
one source costs about the sum of the degrees within its 2-hop neighbourhood.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from queries.linkpred.graph import CoauthorGraph

FEATURES = (
    "cn",
    "adamic_adar",
    "resource_alloc",
    "jaccard",
    "w_paths2",
    "recent_paths2",
    "paths3",
    "ra_paths3",
    "recent_paths3",
    "deg_min",
    "deg_max",
    "papers_min",
    "papers_max",
    "last_min",
    "last_max",
    "solo_min",
    "solo_max",
    "topic_cos",
    "walk2",
    "walk3",
    "w_paths3",
    "text_cos",
)


CAPS = (40, 20, 10)
"""Strongest ties followed at hops 1, 2 and 3 when collecting candidates (evaluation and API)."""


@dataclass
class _Static:
    """Per-graph vectors and matrices the features reuse (built once per graph)."""

    deg: np.ndarray
    inv_d: sp.dia_matrix
    inv_log: sp.dia_matrix
    inv_s: np.ndarray
    inv_s_diag: sp.dia_matrix
    topics: sp.csr_matrix | None
    node_vals: list[np.ndarray]


def _inv(v: np.ndarray) -> np.ndarray:
    return np.divide(1.0, v, out=np.zeros_like(v), where=v > 0)


def static(g: CoauthorGraph) -> _Static:
    """The cached per-graph part of the features."""
    cached = g.__dict__.get("_feature_static")
    if cached is not None:
        return cached
    d = np.asarray(g.adj.sum(axis=1)).ravel()
    s = np.asarray(g.recent.sum(axis=1)).ravel()
    inv_log = np.divide(1.0, np.log(np.maximum(d, 2.0)), out=np.zeros_like(d), where=d > 1)
    solo = g.papers - np.minimum(g.papers, d)  # rough count of papers without new co-authors
    vals = [d, np.log1p(g.papers), g.last_year, np.log1p(solo)]
    st = _Static(d, sp.diags(_inv(d)), sp.diags(inv_log), _inv(s), sp.diags(_inv(s)),
                 _topic_matrix(g), vals)  # fmt: skip
    g.__dict__["_feature_static"] = st
    return st


def _topic_matrix(g: CoauthorGraph) -> sp.csr_matrix | None:
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, c in enumerate(g.topics):
        for t, v in c.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(float(v))
    if not vocab:
        return None
    m = sp.csr_matrix((vals, (rows, cols)), shape=(g.n, len(vocab)))
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    return (sp.diags(_inv(norm)) @ m).tocsr()


def topic_cosine(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Cosine of the authors' topic-count vectors."""
    m = static(g).topics
    if m is None:
        return np.zeros((len(sources), len(targets)))
    return (m[sources] @ m[targets].T).toarray()


def text_cosine(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Cosine of the authors' TF-IDF text vectors (0 without texts)."""
    if g.text is None:
        return np.zeros((len(sources), len(targets)))
    return (g.text[sources] @ g.text[targets].T).toarray()


def _key_rank(g: CoauthorGraph) -> np.ndarray:
    cached = g.__dict__.get("_key_rank")
    if cached is None:
        cached = np.empty(g.n, dtype=np.int64)
        cached[np.argsort(np.asarray(g.keys, dtype=object), kind="stable")] = np.arange(g.n)
        g.__dict__["_key_rank"] = cached
    return cached


def strong_ties(g: CoauthorGraph, cap: int) -> sp.csr_matrix:
    """0/1 matrix of each node's `cap` strongest ties (most joint papers, then smallest key)."""
    cache = g.__dict__.setdefault("_strong_ties", {})
    if cap in cache:
        return cache[cap]
    w = g.weights.tocsr()
    counts = np.diff(w.indptr)
    rows = np.repeat(np.arange(g.n), counts)
    order = np.lexsort((_key_rank(g)[w.indices], -w.data, rows))
    pos = np.arange(len(order)) - w.indptr[rows]
    keep = order[pos < cap]
    m = sp.csr_matrix((np.ones(len(keep)), (rows[keep], w.indices[keep])), shape=(g.n, g.n))
    cache[cap] = m
    return m


def bounded_reach(g: CoauthorGraph, sources: np.ndarray, caps: tuple[int, ...] = CAPS):
    """Sparse rows: nodes reached from each source in 2..len(caps) hops, following at hop h
    only each node's `caps[h-1]` strongest ties (self and direct co-authors included)."""
    frontier = strong_ties(g, caps[0])[sources]
    reach = None
    for cap in caps[1:]:
        frontier = frontier @ strong_ties(g, cap)
        reach = frontier if reach is None else reach + frontier
    return reach.tocsr()


def reach_mask(
    g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray, caps: tuple[int, ...] = CAPS
) -> np.ndarray:
    """Candidate pairs: target reached by `bounded_reach`, not the source, not a co-author."""
    r = bounded_reach(g, sources, caps)
    return (_at(r, targets) > 0) & new_pair_mask(g, sources, targets)


def new_pair_mask(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Pairs that could be recommended at all: target is not the source nor a co-author."""
    mask = ~(_at(g.adj[sources], targets) > 0)
    mask &= sources[:, None] != targets[None, :]
    return mask


def candidates(g: CoauthorGraph, i: int, caps: tuple[int, ...] = CAPS) -> np.ndarray:
    """Sorted candidate nodes of node i (the nonzero columns of `reach_mask` for row i)."""
    r = bounded_reach(g, np.array([i]), caps)
    nodes = r.indices[r.data > 0]
    exclude = np.append(g.neighbours(i), i)
    return np.setdiff1d(nodes, exclude).astype(np.int64)


def _at(m: sp.spmatrix, targets: np.ndarray) -> np.ndarray:
    return m.tocsc()[:, targets].toarray()


def pair_features(
    g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Features `[len(sources), len(targets), len(FEATURES)]` and a mask of pairs within 3 hops."""
    a, w, r = g.adj, g.weights, g.recent
    st = static(g)
    a_s, w_s, r_s = a[sources], w[sources], r[sources]
    a2 = a_s @ a
    cn = _at(a2, targets)
    aa = _at(a_s @ st.inv_log @ a, targets)
    ra_s = a_s @ st.inv_d
    ra2 = ra_s @ a
    ra = _at(ra2, targets)
    union = st.deg[sources][:, None] + st.deg[targets][None, :] - cn
    jac = np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)
    w2_row = w_s @ w
    w2 = _at(w2_row, targets)
    r2_row = r_s @ r
    r2 = _at(r2_row, targets)
    p3 = _at(a2 @ a, targets)
    ra3 = _at(ra2 @ st.inv_d @ a, targets)
    r3 = _at(r2_row @ r, targets)
    w3 = _at(w2_row @ w, targets)
    ri_r = r_s @ st.inv_s_diag @ r
    p2w = _at(ri_r, targets)
    p3w = _at(ri_r @ st.inv_s_diag @ r, targets)
    si, ti = st.inv_s[sources][:, None], st.inv_s[targets][None, :]
    reach = reach_mask(g, sources, targets)

    def pair(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = v[sources][:, None], v[targets][None, :]
        return np.minimum(x, y), np.maximum(x, y)

    cols = [cn, aa, ra, jac, w2, r2, p3, ra3, r3]
    for v in st.node_vals:
        cols.extend(pair(v))
    cols.append(topic_cosine(g, sources, targets))
    cols.extend((p2w * si + p2w * ti, p3w * si + p3w * ti, w3))
    cols.append(text_cosine(g, sources, targets))
    shape = (len(sources), len(targets))
    feats = np.stack([np.broadcast_to(c, shape) for c in cols], axis=-1).astype(np.float32)
    return feats, reach
