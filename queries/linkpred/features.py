"""Pair features for the learned ranker, computed from each source's 3-hop neighbourhood.

The same function serves the global evaluation (sources = all core authors) and the
per-author API (sources = one author), so both rank with identical scores.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.predictors import degrees

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
)


def _d(m: sp.spmatrix) -> np.ndarray:
    return m.toarray() if sp.issparse(m) else np.asarray(m)


def _topic_cosine(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, c in enumerate(g.topics):
        for t, v in c.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(float(v))
    if not vocab:
        return np.zeros((len(sources), len(targets)))
    m = sp.csr_matrix((vals, (rows, cols)), shape=(g.n, len(vocab)))
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    m = sp.diags(np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)) @ m
    return _d(m[sources] @ m[targets].T)


def pair_features(
    g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Features `[len(sources), len(targets), len(FEATURES)]` and a mask of pairs within 3 hops."""
    a, w, r = g.adj, g.weights, g.recent
    d = degrees(g)
    inv_d = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
    inv_log = np.divide(1.0, np.log(np.maximum(d, 2.0)), out=np.zeros_like(d), where=d > 1)
    a_s, a_t = a[sources], a[:, targets]
    cn = _d(a_s @ a_t)
    aa = _d(a_s @ sp.diags(inv_log) @ a_t)
    ra_s = a_s @ sp.diags(inv_d)
    ra = _d(ra_s @ a_t)
    union = d[sources][:, None] + d[targets][None, :] - cn
    jac = np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)
    w2 = _d(w[sources] @ w[:, targets])
    r_s2 = r[sources] @ r
    r2 = _d(r_s2[:, targets])
    a2 = a_s @ a
    p3 = _d(a2 @ a_t)
    ra3 = _d(ra_s @ a @ sp.diags(inv_d) @ a_t)
    r3 = _d(r_s2 @ r[:, targets])
    reach = (_d(a_s[:, targets]) + cn + p3) > 0
    reach &= sources[:, None] != targets[None, :]

    def pair(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = v[sources][:, None], v[targets][None, :]
        return np.minimum(x, y), np.maximum(x, y)

    solo = g.papers - np.minimum(g.papers, d)  # rough count of papers without new co-authors
    cols = [cn, aa, ra, jac, w2, r2, p3, ra3, r3]
    for v in (d, np.log1p(g.papers), g.last_year, np.log1p(solo)):
        cols.extend(pair(v))
    cols.append(_topic_cosine(g, sources, targets))
    shape = (len(sources), len(targets))
    feats = np.stack([np.broadcast_to(c, shape) for c in cols], axis=-1).astype(np.float32)
    return feats, reach
