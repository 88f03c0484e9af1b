"""Author-bootstrap intervals of the link-prediction factor (queries.linkpred.uncertainty)."""

from __future__ import annotations

import numpy as np
import pytest

from queries.linkpred.predictors import adamic_adar, common_neighbours, preferential_attachment
from queries.linkpred.protocol import make_split, precision_at_n
from queries.linkpred.report import render_table, run_collaborator_eval
from queries.linkpred.uncertainty import (
    Ranked,
    bootstrap,
    candidate_weight,
    interval,
    ratio_interval,
    weighted_factor,
)
from tests.test_linkpred import _random_records


@pytest.fixture(scope="module")
def split():
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)
    return make_split(recs, (1994, 1996), (1997, 1999), core_k=2)


PREDICTORS = [adamic_adar, common_neighbours, preferential_attachment]


@pytest.mark.parametrize("predictor", PREDICTORS)
def test_unit_weights_give_the_plain_factor(split, predictor):
    scores = predictor(split.train, split.core, split.core)
    ones = np.ones(len(split.core))
    got = weighted_factor(Ranked.of(split, scores), ones, candidate_weight(split, ones))
    assert got == pytest.approx(precision_at_n(split, scores)["factor"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weights_count_like_drawn_copies_of_authors(split, seed):
    """Integer weights must equal ranking the pairs with each pair repeated m[a] m[b] times."""
    rng = np.random.default_rng(seed)
    m = rng.integers(0, 4, len(split.core)).astype(float)
    rk = Ranked.of(split, adamic_adar(split.train, split.core, split.core))
    a, b = np.nonzero(split.candidates)
    assert candidate_weight(split, m) == pytest.approx(float((m[a] * m[b]).sum()))
    copies = (m[rk.a] * m[rk.b]).astype(int)
    new = np.repeat(rk.new, copies)
    n = int(new.sum())
    expected = (new[:n].sum() / n) / (n / len(new))
    assert weighted_factor(rk, m, candidate_weight(split, m)) == pytest.approx(expected)


def test_bootstrap_is_paired_repeatable_and_separates_an_oracle(split):
    perfect = (split.new | split.new.T).astype(float)
    noise = np.random.default_rng(3).random(perfect.shape)
    ranked = {"oracle": Ranked.of(split, perfect), "random": Ranked.of(split, noise + noise.T)}
    one = bootstrap(split, ranked, replicates=200, seed=4)
    again = bootstrap(split, ranked, replicates=200, seed=4)
    assert np.array_equal(one["oracle"], again["oracle"])
    assert interval(one["oracle"])[0] > interval(one["random"])[1]
    # the oracle's precision is 1 in every replicate, so its factor is 1 / random precision
    lo, hi = interval(one["oracle"])
    point = precision_at_n(split, perfect)["factor"]
    assert lo < point < hi


def test_eval_reports_intervals():
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)
    result = run_collaborator_eval(recs, train=(1994, 1996), test=(1997, 1999), core_k=2)
    for row in result["predictors"]:
        lo, hi = row["factor_interval"]
        assert lo <= hi
    lo, hi = result["ranker_over_adamic_adar_interval"]
    assert lo <= hi
    assert result["intervals"]["unit"] == "core authors"
    table = render_table(result)
    assert "90% int." in table and "interval" in table


def test_ratio_interval_of_finite_ratios_is_the_plain_interval():
    rng = np.random.default_rng(3)
    num, den = rng.uniform(1, 2, 500), rng.uniform(1, 2, 500)
    assert ratio_interval(num, den) == pytest.approx(interval(num / den))


def test_ratio_interval_with_zero_denominators():
    num = np.r_[np.linspace(1, 2, 80), np.ones(20), np.zeros(900)]
    den = np.r_[np.ones(80), np.zeros(20), np.zeros(900)]  # 0/0 replicates are ignored
    lo, hi = ratio_interval(num, den)
    assert lo == pytest.approx(1 + 4.95 / 79)  # the 5th percentile of the 100 counted ratios
    assert hi is None  # 20 of the 100 counted replicates are unbounded: above the 95th percentile
    few = np.r_[np.linspace(1, 2, 99), 1.0], np.r_[np.ones(99), 0.0]  # 1 of 100 unbounded
    lo, hi = ratio_interval(*few)
    assert hi is not None and 1.9 < hi <= 2.0
    assert ratio_interval(np.zeros(5), np.zeros(5)) == (None, None)
