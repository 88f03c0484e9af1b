"""The third candidate tier: authors who write about the same things, for short lists.

An author with few co-authors (or none) reaches few people within 3 hops, and on data
without submitting sites (arXiv metadata, Semantic Scholar) there is no tier 2 to add
more. When the pool and the site mates together hold fewer than `TEXT_FILL` candidates, the
list is filled up to `TEXT_FILL` with the authors whose title+abstract vectors
(`CoauthorGraph.text`) are closest to the source's: searched through each term's
`TEXT_POSTINGS` heaviest authors (`text_scores`), then the latest last year, then key; minus
the source, its co-authors and the earlier tiers. They are ranked by a third model over the
pool's pair features (`Ranker.text`). The same definition serves the evaluation
(`ranker.text_mask`) and the API (`fastpath.tiers`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.sparse_rows import best_k, gather, heaviest_per_column

TEXT_FILL = 100
"""Candidates a list is filled up to with text neighbours (when the earlier tiers are
shorter). On hep-th's validation split A (1992-94 -> 1995-96) 424 of 687 core authors have
fewer than 100 pool and site candidates; on the 1M generated graph with sites 8% of random
authors do, without sites 82%."""


TEXT_POSTINGS = 500
"""Authors kept per term in the term -> authors lists tier 3 searches (`text_postings`): the
500 whose vectors weigh the term most. On the 1M generated graph (5,165 terms, most held by
over 2,000 authors) a search then reads 16,000 entries instead of 22 million; on hep-th only
its commonest words (`theory`, `field`, ...) are cut."""


def text_postings(g: CoauthorGraph) -> sp.csc_matrix:
    """`g.text` as CSC with each term cut to its TEXT_POSTINGS heaviest authors (weight, then
    the latest last year, then key); cached on the graph."""
    return heaviest_per_column(g, g.text, TEXT_POSTINGS, "_text_postings")


def text_scores(g: CoauthorGraph, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, scores): the authors in the postings of node i's terms and the sum over those
    postings of the products of their weight and i's (their cosine with i when every term
    they share with i kept them; a lower bound otherwise)."""
    m, post = g.text, text_postings(g)
    lo, hi = m.indptr[i], m.indptr[i + 1]
    terms, weights = m.indices[lo:hi], m.data[lo:hi]
    pos, slot = gather(post, terms)  # CSC: each of i's terms' kept authors
    nodes, inv = np.unique(post.indices[pos], return_inverse=True)
    products = post.data[pos].astype(np.float64) * weights[slot]
    return nodes, np.bincount(inv, weights=products, minlength=len(nodes))


def text_candidates(
    g: CoauthorGraph,
    i: int,
    taken: np.ndarray,
    k: int,
    allowed: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Up to k nodes closest to node i by `text_scores` (> 0; then the latest last year, then
    key), best first, none of them in `taken` (the source, its co-authors, earlier tiers);
    with `allowed` (a mask over a node array), only nodes it allows. `allowed` is asked about
    the best 4k nodes first, then 4 times as many, ... until k pass: a search finds thousands
    of nodes (13,000 at p50 on 200,000 generated papers) and a filter may look at each."""
    if k <= 0 or g.text is None:
        return np.zeros(0, dtype=np.int64)
    nodes, scores = text_scores(g, i)
    keep = (scores > 0) & ~np.isin(nodes, taken)
    nodes, scores = nodes[keep], scores[keep]
    if allowed is None:
        return best_k(g, nodes, scores, k).astype(np.int64)
    want, asked, passed = 4 * k, 0, nodes[:0]
    while True:  # best_k(m) is the first m of the full order, so a prefix's passes come first
        head = best_k(g, nodes, scores, min(want, len(nodes)))
        new = head[asked:]  # the earlier heads' nodes were asked already
        passed, asked = np.concatenate([passed, new[allowed(new)]]), len(head)
        if len(passed) >= k or len(head) == len(nodes):
            return passed[:k].astype(np.int64)
        want *= 4


def text_fill(g: CoauthorGraph, i: int, taken: np.ndarray, n_before: int) -> np.ndarray:
    """Tier-3 candidates of node i: `text_candidates` up to TEXT_FILL candidates in all, when
    the earlier tiers hold `n_before` (< TEXT_FILL) of them; sorted by node."""
    return np.sort(text_candidates(g, i, taken, TEXT_FILL - n_before))
