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
)


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
    reach = (_at(a_s, targets) + cn + p3) > 0
    reach &= sources[:, None] != targets[None, :]

    def pair(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = v[sources][:, None], v[targets][None, :]
        return np.minimum(x, y), np.maximum(x, y)

    cols = [cn, aa, ra, jac, w2, r2, p3, ra3, r3]
    for v in st.node_vals:
        cols.extend(pair(v))
    cols.append(topic_cosine(g, sources, targets))
    cols.extend((p2w * si + p2w * ti, p3w * si + p3w * ti, w3))
    shape = (len(sources), len(targets))
    feats = np.stack([np.broadcast_to(c, shape) for c in cols], axis=-1).astype(np.float32)
    return feats, reach
