"""Liben-Nowell & Kleinberg evaluation: train/test split, core authors, precision over random."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from graphsvc.errors import InvalidParameter
from queries.linkpred.graph import CoauthorGraph, build_graph
from queries.linkpred.records import Record


@dataclass
class Split:
    """One train/test split restricted to core authors.

    `core` holds train-graph node indices; `candidates[a, b]` (a < b, positions in `core`)
    marks non-adjacent core pairs; `new[a, b]` marks candidates that co-author in test.
    """

    train: CoauthorGraph
    core: np.ndarray
    candidates: np.ndarray
    new: np.ndarray
    train_years: tuple[int, int]
    test_years: tuple[int, int]
    core_k: int

    @property
    def n_candidates(self) -> int:
        return int(self.candidates.sum())

    @property
    def n_new(self) -> int:
        return int(self.new.sum())

    @property
    def random_precision(self) -> float:
        return self.n_new / self.n_candidates if self.n_candidates else 0.0

    def core_keys(self) -> list[str]:
        return [self.train.keys[i] for i in self.core]


def _paper_counts(records: Sequence[Record], years: tuple[int, int]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for rec in records:
        if years[0] <= rec.year <= years[1]:
            counts.update(rec.authors)
    return counts


def make_split(
    records: Iterable[Record],
    train: tuple[int, int] = (1994, 1996),
    test: tuple[int, int] = (1997, 1999),
    core_k: int = 3,
    test_core_k: int | None = None,
    decay: float = 0.7,
) -> Split:
    """Build the training graph, the core (>= core_k papers in each period) and the new pairs."""
    recs = list(records)
    g = build_graph(recs, train, decay=decay)
    tr = _paper_counts(recs, train)
    te = _paper_counts(recs, test)
    kt = core_k if test_core_k is None else test_core_k
    core_keys = sorted(a for a, c in tr.items() if c >= core_k and te.get(a, 0) >= kt)
    core = np.array([g.index[a] for a in core_keys], dtype=np.int64)
    pos = {a: p for p, a in enumerate(core_keys)}
    m = len(core)
    sub = g.adj[core][:, core].toarray() > 0
    candidates = np.triu(~sub, k=1)
    new = np.zeros((m, m), dtype=bool)
    for rec in recs:
        if test[0] <= rec.year <= test[1]:
            ps = sorted(pos[a] for a in rec.authors if a in pos)
            for x in range(len(ps)):
                for y in range(x + 1, len(ps)):
                    new[ps[x], ps[y]] = True
    new &= candidates
    return Split(g, core, candidates, new, train, test, core_k)


def _span(years: tuple[int, int]) -> str:
    return f"{years[0]}-{years[1]}"


def check_periods(
    records: Sequence[Record],
    train: tuple[int, int],
    test: tuple[int, int],
    core_k: int,
    data_years: tuple[int, int] | None = None,
) -> None:
    """InvalidParameter, with the reason, when the periods cannot be evaluated on `records`:
    the test period does not follow the training period, a period holds no papers, or no
    two authors have `core_k` papers in both. `data_years`: the first and last year of all
    the data, named in the message (default: those of `records`)."""
    if test[0] <= train[1]:
        raise InvalidParameter(
            f"the test period {_span(test)} must start after the training period "
            f"{_span(train)} ends ({train[1]})"
        )
    years = [r.year for r in records]
    if data_years is None and years:
        data_years = min(years), max(years)
    data = f"are from {_span(data_years)}" if data_years else "have no years"
    for name, span in (("training", train), ("test", test)):
        if not any(span[0] <= y <= span[1] for y in years):
            raise InvalidParameter(
                f"no papers in the {name} period {_span(span)} (the data's papers {data}); "
                "choose --train and --test within them"
            )
    tr, te = _paper_counts(records, train), _paper_counts(records, test)
    core = sum(1 for a, c in tr.items() if c >= core_k and te.get(a, 0) >= core_k)
    if core < 2:
        in_tr = sum(1 for c in tr.values() if c >= core_k)
        in_te = sum(1 for c in te.values() if c >= core_k)
        raise InvalidParameter(
            f"no core authors to evaluate: {core} author(s) have at least {core_k} papers in "
            f"both {_span(train)} and {_span(test)} ({in_tr} in the training period, {in_te} "
            f"in the test period); try a lower --core-k or longer periods"
        )


def check_new_pairs(split: Split) -> None:
    """InvalidParameter when no candidate pair of the split writes together in its test
    period: precision over random is undefined."""
    if not split.n_new:
        raise InvalidParameter(
            f"no new pairs: none of the {len(split.core)} core authors' "
            f"{split.n_candidates} unlinked pairs write together in {_span(split.test_years)}, "
            "so there is nothing to predict; try longer periods or a lower --core-k"
        )


def _tiebreak(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random(shape)


def ranked_pairs(split: Split, scores: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs (a < b, positions in `split.core`), best score first, ties broken
    randomly (by `seed`)."""
    a, b = np.nonzero(split.candidates)
    s = scores[a, b]
    order = np.lexsort((_tiebreak(s.shape, seed), -np.nan_to_num(s, nan=-np.inf)))
    return a[order], b[order]


def precision_at_n(split: Split, scores: np.ndarray, seed: int = 0) -> dict[str, float]:
    """Precision among the top-n candidate pairs (n = number of new pairs), ties broken randomly.

    `scores` is a core x core matrix (positions in `split.core`); only a < b candidates count.
    """
    return precision_of_ranking(split, *ranked_pairs(split, scores, seed))


def precision_of_ranking(split: Split, a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """`precision_at_n` of candidate pairs already in ranked order (`ranked_pairs`)."""
    n = split.n_new
    hits = int(split.new[a[:n], b[:n]].sum()) if n else 0
    precision = hits / n if n else 0.0
    rnd = split.random_precision
    return {
        "hits": hits,
        "n": n,
        "precision": precision,
        "factor": precision / rnd if rnd else 0.0,
    }


def per_author_metrics(
    split: Split, scores: np.ndarray, seed: int = 0, p_at: int = 10, r_at: int = 20
) -> dict[str, float]:
    """Mean precision@p_at, recall@r_at and MRR over core authors with at least one new pair."""
    cand = split.candidates | split.candidates.T
    new = split.new | split.new.T
    s = np.where(cand, np.nan_to_num(scores, nan=-np.inf), -np.inf)
    rows = np.nonzero(new.any(axis=1))[0]
    if len(rows) == 0:
        return {"authors": 0, "p@10": 0.0, "r@20": 0.0, "mrr": 0.0}
    s = s[rows]
    tb = _tiebreak(s.shape, seed)
    order = np.lexsort((tb, -s), axis=1)
    hit = np.take_along_axis(new[rows], order, axis=1)
    hit &= np.take_along_axis(cand[rows], order, axis=1)
    n_new = new[rows].sum(axis=1)
    first = np.argmax(hit, axis=1)
    return {
        "authors": len(rows),
        f"p@{p_at}": float(hit[:, :p_at].sum(axis=1).mean() / p_at),
        f"r@{r_at}": float((hit[:, :r_at].sum(axis=1) / n_new).mean()),
        "mrr": float((1.0 / (first + 1)).mean()),
    }
