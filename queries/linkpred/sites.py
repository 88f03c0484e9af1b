"""The second candidate tier: authors who share a submitting site with the source.

The bounded 3-hop pool (`features.candidates`) holds only about a fifth of the pairs that go
on to write together; many of the rest are people at the same institution with no short path
yet. Tier 2 admits, beyond the pool, the members of the source's sites (each site's
`SITE_CAP` most attached authors, `site_members`), at most `SITE_CAP` of them: the closest by
cosine over those lists, then the most recent last year, then key. They are ranked by a
second model over the pair features plus `SITE_FEATURES`. The same definitions
serve the evaluation (`site_mask`, matrices over core authors) and the API
(`fastpath.site_candidates`, one source at a time).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from queries.linkpred.features import FEATURES
from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.sparse_rows import best_k, heaviest_per_column

SITE_FEATURES = ("site_cos", "site_cos_last")
OUTER_FEATURES = (*FEATURES, *SITE_FEATURES)
"""Features of the tier-2 model: the pool's pair features plus the pair's site cosines."""

SITE_CAP = 500
"""Tier-2 candidates per source at most, and members kept per site. hep-th's busiest site,
cern.ch, has 240 authors in 1994-96 (657 over 1992-2003), so the evaluation never hits it; on
the 1M generated graph (Zipf-sized sites) it bounds a first request's cost."""


def site_members(g: CoauthorGraph) -> sp.csc_matrix:
    """`g.sites` as CSC with each site cut to its `SITE_CAP` most attached authors (weight of
    the site in their vector, then the latest last year, then key); cached. Sites smaller than
    the cap (all of hep-th's) keep every author; the cut bounds the cost of a request at a
    very large site."""
    return heaviest_per_column(g, g.sites, SITE_CAP, "_site_members")


def capped(g: CoauthorGraph, nodes: np.ndarray, cos: np.ndarray) -> np.ndarray:
    """The `SITE_CAP` best of `nodes` by (cosine, last year, key), as a sorted array."""
    if len(nodes) > SITE_CAP:
        nodes = best_k(g, nodes, cos, SITE_CAP)
    return np.sort(nodes)


def site_mask(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """`[len(sources), len(targets)]`: target is among the source's capped site mates (before
    removing the source itself, its co-authors and its pool, which callers do)."""
    out = np.zeros((len(sources), len(targets)), dtype=bool)
    if g.sites is None:
        return out
    prod = (g.sites[sources] @ site_members(g).T).tocsr()
    at = {int(t): k for k, t in enumerate(targets)}
    for row in range(len(sources)):
        lo, hi = prod.indptr[row], prod.indptr[row + 1]
        keep = capped(g, prod.indices[lo:hi].astype(np.int64), prod.data[lo:hi])
        cols = [at[t] for t in keep.tolist() if t in at]
        out[row, cols] = True
    return out


def site_pair_features(g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """`[len(sources), len(targets), len(SITE_FEATURES)]`: site cosine over all years and
    over the last year (0 without sites)."""
    if g.sites is None:
        return np.zeros((len(sources), len(targets), len(SITE_FEATURES)), dtype=np.float32)
    cols = [(m[sources] @ m[targets].T).toarray() for m in (g.sites, g.sites_last)]
    return np.stack(cols, axis=-1).astype(np.float32)
