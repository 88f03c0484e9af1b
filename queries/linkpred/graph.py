"""Co-authorship graph of one period as sparse matrices (the index predictors and rankers use)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import scipy.sparse as sp

from queries.linkpred.records import Record


@dataclass
class CoauthorGraph:
    """Authors of a period, their ties and activity.

    `weights` counts joint papers, `adj` is its 0/1 pattern, `recent` weights each joint
    paper by `decay ** (end_year - year)`; `papers` and `last_year` are per author.
    """

    keys: list[str]
    index: dict[str, int]
    weights: sp.csr_matrix
    adj: sp.csr_matrix
    recent: sp.csr_matrix
    papers: np.ndarray
    last_year: np.ndarray
    years: tuple[int, int]
    topics: list[Counter[str]] = field(default_factory=list)
    text: sp.csr_matrix | None = None
    """Per-author L2-normalised sum of their papers' TF-IDF rows (None: no texts)."""
    text_terms: list[str] = field(default_factory=list)
    """Column labels of `text` (the terms some author's vector keeps)."""
    text_df: np.ndarray | None = None
    """Per column of `text`: how many of the period's papers hold the term."""
    sites: sp.csr_matrix | None = None
    """Per-author L2-normalised counts of their papers' submitting sites (None: no sites)."""
    sites_last: sp.csr_matrix | None = None
    """The same over the last year of `years` only."""
    site_names: list[str] = field(default_factory=list)
    """Column labels of `sites` (institution keys such as `harvard.edu`)."""

    @property
    def n(self) -> int:
        return len(self.keys)

    def neighbours(self, i: int) -> np.ndarray:
        """Node indices adjacent to node i."""
        return self.adj.indices[self.adj.indptr[i] : self.adj.indptr[i + 1]]

    def has_edge(self, i: int, j: int) -> bool:
        return bool(self.adj[i, j])


def build_graph(
    records: Iterable[Record], years: tuple[int, int], decay: float = 0.7
) -> CoauthorGraph:
    """Build the co-authorship graph of papers with `years[0] <= year <= years[1]`."""
    lo, hi = years
    index: dict[str, int] = {}
    papers: Counter[int] = Counter()
    last: dict[int, int] = {}
    topics: dict[int, Counter[str]] = {}
    rows: list[int] = []
    cols: list[int] = []
    w_rec: list[float] = []
    texts: list[str] = []
    text_authors: list[list[int]] = []
    site_index: dict[str, int] = {}
    site_rows: list[tuple[list[int], int, bool]] = []
    for rec in records:
        if not lo <= rec.year <= hi:
            continue
        ids = [index.setdefault(a, len(index)) for a in rec.authors]
        if rec.text:
            texts.append(rec.text)
            text_authors.append(ids)
        if rec.site:
            column = site_index.setdefault(rec.site, len(site_index))
            site_rows.append((ids, column, rec.year == hi))
        rw = decay ** (hi - rec.year)
        for i in ids:
            papers[i] += 1
            last[i] = max(last.get(i, lo), rec.year)
            if rec.topics:
                topics.setdefault(i, Counter()).update(rec.topics)
        for i, j in combinations(ids, 2):
            rows += (i, j)
            cols += (j, i)
            w_rec += (rw, rw)
    n = len(index)
    r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    weights = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
    weights.sum_duplicates()
    if decay == 1.0:
        recent = weights  # identical values: share the matrix (features then skip a product)
    else:
        recent = sp.csr_matrix((np.asarray(w_rec, dtype=float), (r, c)), shape=(n, n))
        recent.sum_duplicates()
    adj = weights.copy()
    adj.data[:] = 1.0
    keys = [""] * n
    for k, i in index.items():
        keys[i] = k
    sites, sites_last = site_vectors(site_rows, n, len(site_index))
    text, text_terms, text_df = (author_text_vectors(texts, text_authors, n) if texts
                                 else (None, [], None))  # fmt: skip
    return CoauthorGraph(
        keys=keys,
        index=index,
        weights=weights,
        adj=adj,
        recent=recent,
        papers=np.array([papers[i] for i in range(n)], dtype=float),
        last_year=np.array([last.get(i, lo) for i in range(n)], dtype=float),
        years=years,
        topics=[topics.get(i, Counter()) for i in range(n)],
        text=text,
        text_terms=text_terms,
        text_df=text_df,
        sites=sites,
        sites_last=sites_last,
        site_names=sorted(site_index, key=site_index.__getitem__),
    )


def site_vectors(
    rows: list[tuple[list[int], int, bool]], n: int, n_sites: int
) -> tuple[sp.csr_matrix | None, sp.csr_matrix | None]:
    """Per-author site-count rows, L2-normalised (float32), over all papers and over the last
    year's; `rows` holds each paper's (author nodes, site column, in the last year)."""
    if not rows:
        return None, None
    out = []
    for last_only in (False, True):
        picked = [(ids, s) for ids, s, last in rows if last or not last_only]
        r = np.fromiter((i for ids, _ in picked for i in ids), dtype=np.int64)
        c = np.repeat([s for _, s in picked], [len(ids) for ids, _ in picked]).astype(np.int64)
        m = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, n_sites))
        m.sum_duplicates()
        out.append(_normalise_rows(m))
    return out[0], out[1]


def _normalise_rows(m: sp.csr_matrix) -> sp.csr_matrix:
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    inv = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
    return (sp.diags(inv.astype(np.float32)) @ m).tocsr().astype(np.float32)


TEXT_TERMS = 32
"""Terms kept per author text vector (the heaviest), so 1M authors fit in ~250 MB."""
AUTHOR_CHUNK = 20_000
"""Authors whose summed TF-IDF rows are formed at a time before the cut to TEXT_TERMS: the
uncut sums hold hundreds of terms per author (with int64 sort keys), too much to form at once."""


def author_text_vectors(
    texts: list[str], authors: list[list[int]], n: int, terms: int = TEXT_TERMS
) -> tuple[sp.csr_matrix, list[str], np.ndarray]:
    """Rows: each author's sum of their papers' TF-IDF rows, cut to the `terms` heaviest
    terms, L2-normalised (float32); the column labels; and each column's number of papers.
    Columns no author keeps are dropped, so the labels stay as small as the vectors.

    The TF-IDF vocabulary and weights are fitted on `texts` only (the period's papers), with
    `loaders.similarity.tfidf_matrix`'s settings (min_df 2, max_df 0.5, sublinear tf).
    """
    from loaders.similarity import tfidf_fit

    x, vocabulary = tfidf_fit(texts)
    rows = np.fromiter((i for ids in authors for i in ids), dtype=np.int64)
    cols = np.repeat(np.arange(len(authors)), [len(ids) for ids in authors])
    inc = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                        shape=(n, len(authors)))  # fmt: skip
    chunks = [_normalise_rows(_top_per_row((inc[lo:lo + AUTHOR_CHUNK] @ x).tocsr(), terms))
              for lo in range(0, n, AUTHOR_CHUNK)]  # fmt: skip
    m = (sp.vstack(chunks, format="csr", dtype=np.float32) if chunks
         else sp.csr_matrix((0, x.shape[1]), dtype=np.float32))  # fmt: skip
    m.eliminate_zeros()
    used = np.unique(m.indices)
    m = sp.csr_matrix((m.data, np.searchsorted(used, m.indices), m.indptr),
                      shape=(n, max(len(used), 1)))  # fmt: skip
    papers = np.bincount(x.indices, minlength=x.shape[1])[used]
    return m, [vocabulary[k] for k in used.tolist()] if vocabulary else [], papers


def _top_per_row(m: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep the k largest entries of each row (ties: lower column first)."""
    m.sort_indices()
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    top = float(m.data.max()) * 2.0 if m.nnz else 1.0
    order = np.argsort(rows + 0.5 - m.data / top, kind="stable")  # row, then heaviest first
    pos = np.arange(len(order)) - m.indptr[rows]
    keep = np.sort(order[pos < k])
    return sp.csr_matrix((m.data[keep], (rows[keep], m.indices[keep])), shape=m.shape)
