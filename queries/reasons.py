"""Why each candidate on a page of recommendations is suggested, for all of the page at once.

Each reason family is read for every candidate of the page in one pass over the candidates'
CSR rows (`sparse_rows.gather`), not candidate by candidate: shared co-authors (strongest joint
ties first), shared topics, institutions and submitting sites, topic similarity, and the text
similarity with the terms behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from queries.linkpred.fastpath import row_cosine
from queries.linkpred.features import static
from queries.linkpred.sparse_rows import gather

if TYPE_CHECKING:
    from queries.recommend import RecommendIndex

SHOWN = 5
"""Most co-authors, topics, sites and terms named per reason."""


def page_reasons(idx: RecommendIndex, i: int, nodes: np.ndarray) -> list[dict[str, Any]]:
    """The reasons for suggesting each of `nodes` to node i, in the order of `nodes`."""
    g = idx.graph
    sims = row_cosine(static(g).topics, i, nodes).tolist()
    coauthors, n_coauthors = shared_coauthors(g.weights, i, nodes)
    sites = _named(shared_columns(g.sites, i, nodes)[1], g.site_names)
    if g.text is None:
        text_sims, terms = [None] * len(nodes), [[] for _ in nodes]
    else:
        sums, cols = shared_columns(g.text, i, nodes, idx.term_rarity, idx.term_forms())
        text_sims, terms = [round(s, 4) for s in sums.tolist()], _named(cols, g.text_terms)
    my_topics, my_institutions = set(g.topics[i]), set(idx.institutions[i])
    out = []
    for k, j in enumerate(nodes.tolist()):
        tj = g.topics[j]
        topics = sorted(my_topics.intersection(tj), key=lambda t, tj=tj: (-tj[t], t))
        theirs = idx.institutions[j]
        same = sorted(my_institutions.intersection(theirs)) if my_institutions else []
        out.append({
            "shared_coauthors": [{"id": g.keys[z], "name": idx.names[z]} for z in coauthors[k]],
            "n_shared_coauthors": n_coauthors[k],
            "shared_topics": [{"id": t, "name": idx.topic_names.get(t, t)}
                              for t in topics[:SHOWN]],
            "same_institution": [{"id": s, "name": theirs[s]} for s in same],
            "shared_sites": sites[k],
            "topic_similarity": round(sims[k], 4),
            "text_similarity": text_sims[k],
            "shared_terms": terms[k],
        })  # fmt: skip
    return out


def shared_coauthors(
    w: sp.csr_matrix, i: int, nodes: np.ndarray
) -> tuple[list[list[int]], list[int]]:
    """Per node: the co-authors it shares with node i, at most SHOWN, by the sum of both joint
    tie weights (then node index), and how many it shares. `w`'s rows must be sorted."""
    lo, hi = w.indptr[i], w.indptr[i + 1]
    mine, my_w = w.indices[lo:hi], w.data[lo:hi]
    if len(mine) == 0:
        return [[] for _ in nodes], [0] * len(nodes)
    pos, slot = gather(w, nodes)
    theirs = w.indices[pos]
    at = np.minimum(np.searchsorted(mine, theirs), len(mine) - 1)
    hit = mine[at] == theirs
    pos, slot, theirs, at = pos[hit], slot[hit], theirs[hit], at[hit]
    order = np.lexsort((theirs, -(my_w[at] + w.data[pos]), slot))
    return _first_per_slot(slot[order], theirs[order], len(nodes)), np.bincount(
        slot, minlength=len(nodes)).tolist()


def word_form(term: str) -> str:
    """The singular a plural term folds to ("theories" -> "theory", "classes" -> "class",
    "models" -> "model"), so that a reason does not name one word twice; other terms as they
    are ("gauss", "analysis", "bps")."""
    if len(term) > 4 and term.endswith("ies"):
        return term[:-3] + "y"
    if term.endswith(("sses", "ches", "shes", "xes")):
        return term[:-2]
    if len(term) >= 4 and term.endswith("s") and not term.endswith(("ss", "us", "is")):
        return term[:-1]
    return term


def word_forms(terms: list[str]) -> np.ndarray:
    """Per term, a number shared by exactly the terms of the same `word_form`."""
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(word_form(t), len(ids)) for t in terms], dtype=np.int64)


def shared_columns(
    m: sp.csr_matrix | None,
    i: int,
    nodes: np.ndarray,
    weight: np.ndarray | None = None,
    forms: np.ndarray | None = None,
) -> tuple[np.ndarray, list[list[int]]]:
    """Per node: the sum over the columns its row shares with row i of the product of the two
    values (the cosine of L2-normalised rows), and at most SHOWN of those columns by product
    times `weight`, largest first, then column (with `weight`, a column whose weight is 0 is
    not named; with `forms`, a number per column, only the first column of each form is)."""
    if m is None:
        return np.zeros(len(nodes)), [[] for _ in nodes]
    lo, hi = m.indptr[i], m.indptr[i + 1]
    mine = np.zeros(m.shape[1])
    mine[m.indices[lo:hi]] = m.data[lo:hi]
    held = np.zeros(m.shape[1], dtype=bool)
    held[m.indices[lo:hi]] = True
    pos, slot = gather(m, nodes)
    cols = m.indices[pos]
    hit = held[cols]
    pos, slot, cols = pos[hit], slot[hit], cols[hit]
    products = m.data[pos] * mine[cols]
    sums = np.bincount(slot, weights=products, minlength=len(nodes))
    key = -products
    if weight is not None:
        key = key * weight[cols]
        named = key < 0
        slot, cols, key = slot[named], cols[named], key[named]
    order = np.lexsort((cols, key, slot))
    slot, cols = slot[order], cols[order]
    if forms is not None and len(cols):
        _, first = np.unique(slot * (int(forms.max()) + 1) + forms[cols], return_index=True)
        keep = np.zeros(len(cols), dtype=bool)
        keep[first] = True  # np.unique's index is each (slot, form)'s first place
        slot, cols = slot[keep], cols[keep]
    return sums, _first_per_slot(slot, cols, len(nodes))


def _first_per_slot(slot: np.ndarray, values: np.ndarray, n: int) -> list[list[int]]:
    """The first SHOWN `values` of each slot 0..n-1 (`slot` sorted)."""
    starts = np.searchsorted(slot, np.arange(n + 1))
    vals = values.tolist()
    return [vals[a : min(b, a + SHOWN)] for a, b in zip(starts[:-1].tolist(), starts[1:].tolist(),
                                                        strict=True)]  # fmt: skip


def _named(cols: list[list[int]], names: list[str]) -> list[list[str]]:
    return [[names[c] for c in row] for row in cols]
