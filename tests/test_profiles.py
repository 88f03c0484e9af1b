"""Request-path helpers: the side-by-side profile matrix gives each target's cosines bit for
bit as reading the profile matrices one at a time does (few targets and many, with and
without sites); `without` is `np.setdiff1d`."""

from __future__ import annotations

import pickle

import numpy as np

from queries.linkpred.fastpath import row_cosine
from queries.linkpred.features import static
from queries.linkpred.profiles import BLOCKS, profile_cosines, profiles
from queries.linkpred.sparse_rows import SCIPY_ROWS, without
from queries.recommend import build_index


def _one_at_a_time(g, i: int, targets: np.ndarray) -> np.ndarray:
    mats = {"topics": static(g).topics, "sites": g.sites, "sites_last": g.sites_last}
    return np.stack([row_cosine(mats[b], i, targets) for b in BLOCKS], axis=1)


def _check(g, sources) -> int:
    nonzero = 0
    rng = np.random.default_rng(3)
    for i in sources:
        for n in (1, SCIPY_ROWS - 1, SCIPY_ROWS, 4 * SCIPY_ROWS):  # both gather paths
            targets = np.sort(rng.choice(g.n, size=min(n, g.n), replace=False))
            got, want = profile_cosines(g, int(i), targets), _one_at_a_time(g, int(i), targets)
            assert got.shape == (len(targets), len(BLOCKS))
            assert np.array_equal(got, want)
            nonzero += int((got > 0).sum())
    return nonzero


def test_profile_cosines_equal_each_matrix_read_alone(sample_store):
    g = build_index(sample_store).graph
    assert g.sites is not None
    busiest = np.argsort(-np.diff(g.adj.indptr), kind="stable")[:15]
    assert _check(g, busiest) > 100


def test_without_sites_the_site_columns_are_zero(sample_store):
    g = build_index(sample_store).graph
    g.sites = g.sites_last = None  # as on data without submitting sites
    g.__dict__.pop("_profiles", None)
    assert _check(g, range(10)) > 0
    assert not profile_cosines(g, 0, np.arange(g.n))[:, 1:].any()


def test_pickled_index_rebuilds_the_matrix_instead_of_storing_it(sample_store):
    g = build_index(sample_store).graph
    built = profiles(g).matrix
    back = pickle.loads(pickle.dumps(g))
    assert back.__dict__["_profiles"].matrix is None
    assert (profiles(back).matrix != built).nnz == 0


def test_without_is_setdiff1d():
    rng = np.random.default_rng(5)
    for n, k in ((0, 5), (5, 0), (1, 1), (300, 40), (2000, 2000)):
        nodes = np.unique(rng.integers(0, 3000, size=n))
        exclude = rng.integers(0, 3000, size=k)  # unsorted, with repeats
        got = without(nodes, exclude)
        assert got.dtype == np.int64 and np.array_equal(got, np.setdiff1d(nodes, exclude))
