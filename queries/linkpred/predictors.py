"""Liben-Nowell & Kleinberg link predictors, vectorised over a set of source authors.

Every predictor has the signature `f(g, sources, targets) -> ndarray[len(sources), len(targets)]`
(higher = more likely to collaborate). Pass all core authors as sources for the global
evaluation or a single author for one recommendation list.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path
from scipy.sparse.linalg import splu

from queries.linkpred.graph import CoauthorGraph

Predictor = Callable[[CoauthorGraph, np.ndarray, np.ndarray], np.ndarray]


def degrees(g: CoauthorGraph) -> np.ndarray:
    """Number of distinct co-authors of each node."""
    return np.asarray(g.adj.sum(axis=1)).ravel()


def _dense(m: sp.spmatrix | np.ndarray) -> np.ndarray:
    return m.toarray() if sp.issparse(m) else np.asarray(m)


def _through(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray, w: np.ndarray):
    """sum over common neighbours z of w[z]: A[s] diag(w) A[:, t]."""
    return _dense(g.adj[sources] @ sp.diags(w) @ g.adj[:, targets])


def common_neighbours(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """|N(x) & N(y)|."""
    return _dense(g.adj[sources] @ g.adj[:, targets])


def jaccard(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """|N(x) & N(y)| / |N(x) | N(y)|."""
    cn = common_neighbours(g, sources, targets)
    d = degrees(g)
    union = d[sources][:, None] + d[targets][None, :] - cn
    return np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)


def adamic_adar(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """sum over common neighbours z of 1 / log |N(z)|."""
    d = degrees(g)
    w = np.divide(1.0, np.log(np.maximum(d, 2.0)), out=np.zeros_like(d), where=d > 1)
    return _through(g, sources, targets, w)


def resource_allocation(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """sum over common neighbours z of 1 / |N(z)|."""
    d = degrees(g)
    w = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
    return _through(g, sources, targets, w)


def preferential_attachment(
    g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """|N(x)| * |N(y)|."""
    d = degrees(g)
    return d[sources][:, None] * d[targets][None, :]


def graph_distance(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Negated shortest-path length (unreachable = -inf)."""
    dist = shortest_path(g.adj, unweighted=True, directed=False, indices=sources)
    return -dist[:, targets]


def katz(
    g: CoauthorGraph,
    sources: np.ndarray,
    targets: np.ndarray,
    beta: float = 0.005,
    weighted: bool = False,
) -> np.ndarray:
    """sum_l beta^l * (number of paths of length l), i.e. ((I - beta A)^-1 - I)[x, y].

    `weighted` uses the number of joint papers as the multiplicity of each tie.
    """
    a = g.weights if weighted else g.adj
    n = g.n
    lu = splu(sp.csc_matrix(sp.identity(n) - beta * a))
    rhs = np.zeros((n, len(sources)))
    rhs[sources, np.arange(len(sources))] = 1.0
    x = lu.solve(rhs)  # column j = row of the inverse for source j (matrix is symmetric)
    x[sources, np.arange(len(sources))] -= 1.0
    return x[targets].T


def rooted_pagerank(
    g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray, alpha: float = 0.15
) -> np.ndarray:
    """Stationary probability at y of a walk from x that resets to x with probability alpha."""
    d = degrees(g)
    inv = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
    p_t = (g.adj @ sp.diags(inv)).tocsc()  # P^T with P = D^-1 A (A symmetric)
    lu = splu(sp.csc_matrix(sp.identity(g.n) - (1.0 - alpha) * p_t))
    rhs = np.zeros((g.n, len(sources)))
    rhs[sources, np.arange(len(sources))] = alpha
    return lu.solve(rhs)[targets].T


PREDICTORS: dict[str, Predictor] = {
    "graph distance": graph_distance,
    "common neighbours": common_neighbours,
    "Jaccard": jaccard,
    "Adamic/Adar": adamic_adar,
    "resource allocation": resource_allocation,
    "preferential attachment": preferential_attachment,
    **{
        f"rooted PageRank a={a}": partial(rooted_pagerank, alpha=a)
        for a in (0.01, 0.05, 0.15, 0.3, 0.5)
    },
    **{
        f"Katz{'w' if w else 'u'} b={b}": partial(katz, beta=b, weighted=w)
        for w in (False, True)
        for b in (0.05, 0.005, 0.0005)
    },
}
"""Baseline predictors by display name (parameters as in Liben-Nowell & Kleinberg)."""

ASYMMETRIC = {name for name in PREDICTORS if name.startswith("rooted PageRank")}
"""Predictors whose score(x, y) != score(y, x); the evaluation uses score(x,y) + score(y,x)."""
