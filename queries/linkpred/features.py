"""Pair features for the learned ranker, computed from each source's 3-hop neighbourhood.

The same function serves the global evaluation (sources = all core authors) and the
per-author API (sources = one author), so both rank with identical scores. Everything is a
product of the sources' rows with the (cached) graph matrices, then read at the targets, so
one source costs about the sum of the degrees within its 2-hop neighbourhood.
"""

from __future__ import annotations

import threading
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
    mask = _at(r, targets) > 0
    mask &= ~(_at(g.adj[sources], targets) > 0)
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


class _Buffers:
    """Zeroed dense (n x k) work arrays reused across single-source calls (one at a time)."""

    def __init__(self, n: int) -> None:
        self.a = np.zeros((n, 5))
        self.w = np.zeros((n, 2))
        self.r = np.zeros((n, 4))
        self.lock = threading.Lock()


def _buffers(g: CoauthorGraph) -> _Buffers:
    buf = g.__dict__.get("_buffers")
    if buf is None:
        buf = g.__dict__["_buffers"] = _Buffers(g.n)
    return buf


def _target_products(
    m_t: sp.csr_matrix, buf: np.ndarray, vectors: list[sp.csr_matrix]
) -> np.ndarray:
    """`m_t @ [v_0 .. v_k]^T` for sparse 1 x n rows v, via a dense buffer cleared after."""
    for col, v in enumerate(vectors):
        buf[v.indices, col] = v.data
    try:
        return m_t @ buf
    finally:
        for v in vectors:
            buf[v.indices] = 0.0


def _rows(m: sp.csr_matrix) -> list[sp.csr_matrix]:
    """The rows of a small sparse matrix as 1 x n CSR matrices."""
    m = m.tocsr()
    return [m[k] for k in range(m.shape[0])]


def source_features(g: CoauthorGraph, i: int, targets: np.ndarray) -> np.ndarray:
    """`pair_features(g, [i], targets)[0][0]` computed from the targets' side: the source's
    1- and 2-hop rows are scattered into dense buffers and read by the targets' rows, so the
    cost is the source's 2-hop neighbourhood plus the targets' degrees (no 3-hop product)."""
    a, w, r = g.adj, g.weights, g.recent
    st = static(g)
    same = r is w  # decay 1.0: one matrix, so one product and one slice fewer
    a_s, w_s = a[[i]], w[[i]]
    r_s = w_s if same else r[[i]]
    a_d, a_l = a_s.multiply(st.inv_d.diagonal()).tocsr(), a_s.multiply(st.inv_log.diagonal())
    r_i = r_s.multiply(st.inv_s).tocsr()
    a2, ra2 = _rows(sp.vstack([a_s, a_d]).tocsr() @ a)
    if same:
        w2, rir = _rows(sp.vstack([w_s, r_i]).tocsr() @ w)
        r2 = w2
    else:
        (w2,) = _rows(w_s @ w)
        r2, rir = _rows(sp.vstack([r_s, r_i]).tocsr() @ r)
    ra2_d = ra2.multiply(st.inv_d.diagonal()).tocsr()
    rir_i = rir.multiply(st.inv_s).tocsr()
    buf = _buffers(g)
    w_t = w[targets]
    r_t = w_t if same else r[targets]
    a_t = w_t.copy()
    a_t.data[:] = 1.0
    with buf.lock:
        pa = _target_products(a_t, buf.a, [a_s, a_l.tocsr(), a_d, a2, ra2_d])
        pw = _target_products(w_t, buf.w, [w_s, w2])
        pr = _target_products(r_t, buf.r, [r_s, r2, r_i, rir_i])
    cn, aa, ra, p3, ra3 = pa.T
    w2t, w3 = pw.T
    r2t, r3, p2w, p3w = pr.T
    union = st.deg[i] + st.deg[targets] - cn
    jac = np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)
    cols = [cn, aa, ra, jac, w2t, r2t, p3, ra3, r3]
    for v in st.node_vals:
        cols.extend((np.minimum(v[i], v[targets]), np.maximum(v[i], v[targets])))
    src = np.array([i])
    cols.append(topic_cosine(g, src, targets)[0])
    si, ti = st.inv_s[i], st.inv_s[targets]
    cols.extend((p2w * si + p2w * ti, p3w * si + p3w * ti, w3))
    cols.append(text_cosine(g, src, targets)[0])
    return np.stack([np.broadcast_to(c, len(targets)) for c in cols], axis=-1).astype(np.float32)
