"""How sure a Liben-Nowell & Kleinberg figure is: an author bootstrap of the factor over random.

One test period gives a few dozen hits, so two predictors (or one predictor and a target such
as 60x) often differ by less than the figure's own spread. Each bootstrap replicate draws the
core authors with replacement; a candidate pair then counts `m[a] * m[b]` times (m = how often
each of its authors was drawn), the number of new pairs n, the random precision and the top n
are recomputed with those weights over each predictor's fixed ranking, and so is the factor.
Pairs share authors, so drawing authors (not pairs) keeps their dependence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from queries.linkpred.protocol import Split, ranked_pairs

REPLICATES = 1000
LEVEL = 0.9


@dataclass(frozen=True)
class Ranked:
    """A predictor's candidate pairs in its own order: author positions and the new-pair flag."""

    a: np.ndarray
    b: np.ndarray
    new: np.ndarray

    @classmethod
    def of(cls, split: Split, scores: np.ndarray, seed: int = 0) -> Ranked:
        a, b = ranked_pairs(split, scores, seed)
        return cls(a, b, split.new[a, b])


def _taken(split: Split) -> tuple[np.ndarray, np.ndarray]:
    """Core pairs a < b that are not candidates (already co-authors)."""
    return np.nonzero(np.triu(~split.candidates, k=1))


def _candidate_weight(m: np.ndarray, taken: tuple[np.ndarray, np.ndarray]) -> float:
    all_pairs = (m.sum() ** 2 - (m**2).sum()) / 2.0
    return float(all_pairs - (m[taken[0]] * m[taken[1]]).sum())


def candidate_weight(split: Split, m: np.ndarray) -> float:
    """Sum of m[a] m[b] over the candidate pairs: all core pairs a < b, computed from the sums
    of m, minus the few that are not candidates (already co-authors)."""
    return _candidate_weight(m, _taken(split))


def weighted_factor(ranked: Ranked, m: np.ndarray, total: float) -> float:
    """Factor over random when core author i counts m[i] times; `total` is the candidates'
    summed weight. Weights m = 1 give exactly `precision_at_n`'s factor."""
    w_new = m[ranked.a[ranked.new]] * m[ranked.b[ranked.new]]
    n = float(w_new.sum())
    if n <= 0 or total <= 0:
        return float("nan")
    end = min(len(ranked.a), 16 * int(np.ceil(n)) + 64)
    while True:  # the top n needs only a prefix of the ranking; widen it until it suffices
        w = m[ranked.a[:end]] * m[ranked.b[:end]]
        cum = np.cumsum(w)
        if cum[-1] >= n or end == len(ranked.a):
            break
        end = min(len(ranked.a), end * 4)
    k = int(np.searchsorted(cum, n, side="right"))  # pairs wholly inside the top n
    hits = float((w[:k] * ranked.new[:k]).sum())
    if k < end:  # the pair straddling the cut counts for the part that fits
        hits += (n - (cum[k - 1] if k else 0.0)) * float(ranked.new[k])
    return (hits / n) / (n / total)


def bootstrap(
    split: Split,
    ranked: Mapping[str, Ranked],
    replicates: int = REPLICATES,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Each predictor's factor in every replicate (same author draws for all predictors, so
    differences and ratios between them are paired)."""
    rng = np.random.default_rng(seed)
    n_core = len(split.core)
    out = {name: np.empty(replicates) for name in ranked}
    taken = _taken(split)
    for r in range(replicates):
        m = rng.multinomial(n_core, np.full(n_core, 1.0 / n_core)).astype(float)
        total = _candidate_weight(m, taken)
        for name, rk in ranked.items():
            out[name][r] = weighted_factor(rk, m, total)
    return out


def interval(samples: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """Central `level` interval of bootstrap samples (replicates without new pairs ignored)."""
    lo, hi = np.nanquantile(samples, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def ratio_interval(
    num: np.ndarray, den: np.ndarray, level: float = LEVEL
) -> tuple[float | None, float | None]:
    """Central `level` interval of `num / den` over paired replicates. A replicate where only
    the numerator is positive has an unbounded ratio; one where both are 0 (or nan) is
    ignored. An end that falls among the unbounded replicates is None (no upper bound)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.asarray(num, dtype=float) / np.asarray(den, dtype=float)
    ratio = ratio[~np.isnan(ratio)]
    if not len(ratio):
        return None, None
    finite = np.where(np.isinf(ratio), np.finfo(float).max, ratio)
    ends = np.quantile(finite, [(1 - level) / 2, (1 + level) / 2], method="linear")
    unbounded = np.quantile(np.isinf(ratio), [(1 - level) / 2, (1 + level) / 2], method="higher")
    return tuple(None if u else float(e) for e, u in zip(ends, unbounded, strict=True))
