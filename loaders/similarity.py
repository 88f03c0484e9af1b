"""SIMILAR_TO edges: each paper's top k most similar papers by TF-IDF cosine.

A document is `(paper id, text)`, the text being title and abstract (`doc_text`). Rows of the
L2-normalised TF-IDF matrix X are taken `chunk_size` at a time: `X @ X[chunk].T` gives the
cosines of the chunk against every paper, `argpartition` keeps the best k of each row. Memory
is two dense chunks in flight (chunk_size x n float32 each, on two threads) plus X, so 100k
papers fit in well under 1 GB.
(The chunk is densified first: the cosine rows are ~85% non-zero, and sparse x dense
ran 2-3x faster than sparse x sparse on hep-th.)

Edges are directed: `(a, b, score)` means b is among a's k best (score >= min_score, b != a);
a pair can appear in both directions. Ties are broken by corpus order, so the result does not
depend on `chunk_size`.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from loaders.names import decode_latex_accents

Doc = tuple[str, str]
Edge = tuple[str, str, float]

# Tuned on hep-th (1,500 sampled papers, top 10 compared with keeping every word): min_df=2
# keeps 96% of the neighbours with 40% fewer words (22,103 -> 13,177); 3: 94%, 5: 92%.
# max_df=0.5 drops nothing there after stop words; 0.2 changes 11% of the neighbours.
DEFAULT_MIN_DF = 2
DEFAULT_MAX_DF = 0.5
DEFAULT_CHUNK = (
    128  # rows per chunk: measured fastest on hep-th (64: 0.44, 128: 0.34, 512: 0.50 ms/row)
)


# Stored k-th scores were computed with the IDF before the load; a new paper is checked against
# them less this margin. On hep-th (100 new papers of 29,555, k=10) margin 0 missed 5 of the
# 1,057 papers whose top k took a new one, 0.02 missed none (2.1 s CPU vs 9.6 s unpruned).
KTH_MARGIN = 0.02

# Threads computing chunks (two in flight use both cores of a 2-core machine when the rest of
# the load is idle, as while an incremental load into a big graph waits for its edges), for
# corpora of at least PARALLEL_MIN_DOCS papers. bench_similarity.py: 100k papers, all pairs
# 170.5 -> 105.0 s wall (CPU 170 -> 198 s); on hep-th (29,555) two threads cost 56% more CPU
# for 11% less wall, which a load (the worker shares the cores with identity and writes) loses.
THREADS = max(1, min(2, os.cpu_count() or 1))
PARALLEL_MIN_DOCS = 50_000


def doc_text(title: str | None, abstract: str | None) -> str:
    """The text compared for one paper: its title and abstract."""
    return " ".join(part for part in (title, abstract) if part)


def docs_from_works(works: Iterable) -> list[Doc]:
    """`(id, title + abstract)` for loader `Work` records."""
    return [(w.id, doc_text(w.title, w.abstract)) for w in works]


def default_chunk_size(n: int) -> int:
    """Rows per chunk: `DEFAULT_CHUNK`, fewer when a chunk would pass 64M cells (256 MB)."""
    return max(1, min(DEFAULT_CHUNK, 64_000_000 // max(n, 1)))


def tfidf_matrix(
    texts: Sequence[str], min_df: int | float = DEFAULT_MIN_DF, max_df: float = DEFAULT_MAX_DF
) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, English stop words), float32.

    A corpus too small for `min_df`/`max_df` (no word left) is retried with every word kept.
    """
    return tfidf_fit(texts, min_df, max_df)[0]


def tfidf_fit(
    texts: Sequence[str], min_df: int | float = DEFAULT_MIN_DF, max_df: float = DEFAULT_MAX_DF
) -> tuple[sparse.csr_matrix, list[str]]:
    """`tfidf_matrix` and its column labels (the terms; empty when no word is left). Accented
    letters written in LaTeX are read as letters first ("Poincar\\'e" was the terms "poincar"
    and nothing, "K\\"ahler" "ahler" beside the "kahler" of other abstracts)."""
    texts = [decode_latex_accents(t) for t in texts]

    def fit(lo: int | float, hi: float) -> tuple[sparse.csr_matrix, list[str]]:
        vec = TfidfVectorizer(
            sublinear_tf=True,
            stop_words="english",
            min_df=lo,
            max_df=hi,
            dtype=np.float32,
            strip_accents="unicode",
            token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9]+\b",
        )
        x = vec.fit_transform(texts).tocsr()
        return x, vec.get_feature_names_out().tolist()

    try:
        return fit(min_df, max_df)
    except ValueError:  # "After pruning, no terms remain" / "empty vocabulary"
        try:
            return fit(1, 1.0)
        except ValueError:
            return sparse.csr_matrix((len(texts), 1), dtype=np.float32), []


def _transposed(a: np.ndarray, step: int = 4096) -> np.ndarray:
    """`a.T` as a C-ordered array, copied `step` rows at a time (cache-friendly: 2.6x faster
    than `np.ascontiguousarray(a.T)` on 100,000 x 128 float32)."""
    out = np.empty((a.shape[1], a.shape[0]), dtype=a.dtype)
    for i in range(0, a.shape[0], step):
        out[:, i : i + step] = a[i : i + step].T
    return out


def _top_k_rows(
    X: sparse.csr_matrix, rows: np.ndarray, k: int, min_score: float, chunk_size: int
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """For each row index in `rows`: (row, neighbour indices, scores), best first.

    For big corpora, chunks run on `THREADS` threads, at most that many in flight (numpy and
    scipy release the GIL in the products, copies and partitions), and come back in order."""
    kk = min(k, X.shape[0] - 1)
    if kk <= 0:
        return
    blocks = (rows[i : i + chunk_size] for i in range(0, len(rows), chunk_size))
    threads = THREADS if X.shape[0] >= PARALLEL_MIN_DOCS else 1
    if threads == 1:
        for block in blocks:
            yield from _chunk_top(X, block, kk, min_score)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque = deque()
        for block in blocks:
            pending.append(pool.submit(_chunk_top, X, block, kk, min_score))
            if len(pending) >= threads:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunk_top(
    X: sparse.csr_matrix, block: np.ndarray, kk: int, min_score: float
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """The top kk of each row of `block` (see `_top_k_rows`)."""
    n = X.shape[0]
    # sparse X times the dense chunk: cheaper than sparse x sparse, the result is dense
    sims = _transposed(X @ X[block].toarray().T)
    sims[np.arange(len(block)), block] = -1.0  # a paper is not its own neighbour
    # the kk largest land after position n - kk (partitioning `sims` itself, not `-sims`:
    # no negated copy, 2.5x faster here)
    part = np.argpartition(sims, n - kk, axis=1)[:, n - kk :]
    top = np.take_along_axis(sims, part, axis=1)
    kth = top.min(axis=1)
    # rows with more than k scores at or above their k-th need the tie rule below
    tied = np.count_nonzero(sims >= kth[:, None], axis=1) > kk
    order = np.lexsort((part, -top), axis=-1)  # best first, ties in corpus order
    best = np.take_along_axis(part, order, axis=1)
    best_scores = np.take_along_axis(top, order, axis=1)
    out = []
    for r, row in enumerate(block.tolist()):
        if tied[r]:
            s = sims[r]
            cand = np.flatnonzero(s >= kth[r])  # every tie at the k-th score, in order
            idx = cand[np.lexsort((cand, -s[cand]))[:kk]]
            scores = s[idx]
        else:
            idx, scores = best[r], best_scores[r]
        keep = (scores >= min_score) & (scores > 0)
        out.append((row, idx[keep], scores[keep]))
    return out


def _edges(
    ids: Sequence[str],
    X: sparse.csr_matrix,
    rows: np.ndarray,
    k: int,
    min_score: float,
    chunk_size: int,
) -> Iterator[Edge]:
    for row, idx, scores in _top_k_rows(X, rows, k, min_score, chunk_size):
        for j, score in zip(idx.tolist(), scores.tolist(), strict=True):
            yield ids[row], ids[j], round(score, 6)


def _check(docs: Sequence[Doc], k: int) -> list[str]:
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    ids = [d[0] for d in docs]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"document id {dup!r} appears more than once")
    return ids


def similar_pairs(
    docs: Sequence[Doc],
    k: int = 10,
    min_score: float = 0.1,
    chunk_size: int | None = None,
    min_df: int | float = DEFAULT_MIN_DF,
    max_df: float = DEFAULT_MAX_DF,
) -> Iterator[Edge]:
    """Every paper's top k neighbours as `(paper id, neighbour id, cosine)`, best first."""
    ids = _check(docs, k)
    if len(ids) < 2:
        return iter(())
    X = tfidf_matrix([d[1] for d in docs], min_df, max_df)
    rows = np.arange(len(ids))
    return _edges(ids, X, rows, k, min_score, chunk_size or default_chunk_size(len(ids)))


def similar_for_new(
    new_docs: Sequence[Doc],
    all_docs: Sequence[Doc],
    k: int = 10,
    min_score: float = 0.1,
    chunk_size: int | None = None,
    min_df: int | float = DEFAULT_MIN_DF,
    max_df: float = DEFAULT_MAX_DF,
    current: dict[str, tuple[int, float]] | None = None,
) -> list[Edge]:
    """The edges to (re)write after adding `new_docs` to a corpus.

    TF-IDF is fitted on `all_docs` plus the new documents not already in it. Returned: the
    complete top k of every new paper, and the complete top k of every existing paper whose
    top k now includes a new one (a caller replaces those papers' outgoing SIMILAR_TO edges).
    These equal what `similar_pairs` on the whole corpus gives for the same papers. Other
    existing papers keep their old edges, whose scores drift slightly as the IDF changes.

    `current` (paper id -> (edges it has, its k-th best score), as stored) makes this cheap:
    only the new papers' rows are multiplied with the corpus, and an existing paper is
    recomputed only when a new paper scores at least its stored k-th score less `KTH_MARGIN`
    (the IDF moved) or it has fewer than k edges. Without it every existing paper similar to
    a new one is recomputed.
    """
    have = {d[0] for d in all_docs}
    docs = list(all_docs) + [d for d in new_docs if d[0] not in have]
    ids = _check(docs, k)
    if len(ids) < 2 or not new_docs:
        return []
    chunk = chunk_size or default_chunk_size(len(ids))
    X = tfidf_matrix([d[1] for d in docs], min_df, max_df)
    pos = {doc_id: i for i, doc_id in enumerate(ids)}
    new_rows = np.array(sorted({pos[d[0]] for d in new_docs}))
    is_new = np.zeros(len(ids), dtype=bool)
    is_new[new_rows] = True
    # An existing paper can only take a new one into its top k if they are similar at all:
    # candidates are the existing papers with cosine >= min_score to some new paper.
    if current is None:
        reach = (X[new_rows] @ X.T).tocsc()
        reach.data[reach.data < max(min_score, 1e-12)] = 0
        reach.eliminate_zeros()
        touched = np.flatnonzero(np.diff(reach.indptr) > 0)
        candidates = touched[~is_new[touched]]
    else:
        candidates = _entered(X, new_rows, is_new, ids, current, k, min_score, chunk)
    out = list(_edges(ids, X, new_rows, k, min_score, chunk))
    for row, idx, scores in _top_k_rows(X, candidates, k, min_score, chunk):
        if is_new[idx].any():
            out.extend(
                (ids[row], ids[j], round(s, 6))
                for j, s in zip(idx.tolist(), scores.tolist(), strict=True)
            )
    return out


def _entered(
    X: sparse.csr_matrix,
    new_rows: np.ndarray,
    is_new: np.ndarray,
    ids: Sequence[str],
    current: dict[str, tuple[int, float]],
    k: int,
    min_score: float,
    chunk_size: int,
) -> np.ndarray:
    """Existing rows whose top k a new row may enter: its best score from a new paper reaches
    the row's stored k-th score (less `KTH_MARGIN`), or the row has fewer than k edges."""
    n = X.shape[0]
    kth = np.full(n, -np.inf, dtype=np.float32)  # fewer than k edges: any similar paper enters
    for i, doc_id in enumerate(ids):
        got = current.get(doc_id)
        if got is not None and got[0] >= k:
            kth[i] = got[1]
    best = np.full(n, -1.0, dtype=np.float32)
    step = max(1, chunk_size)
    for start in range(0, len(new_rows), step):
        block = new_rows[start : start + step]
        sims = (X @ X[block].toarray().T).max(axis=1)  # every paper's best score from the block
        np.maximum(best, sims, out=best)
    floor = max(min_score, 1e-12)
    hit = (best >= floor) & (best >= kth - KTH_MARGIN) & ~is_new
    return np.flatnonzero(hit)
