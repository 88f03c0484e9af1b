"""Tier 3: a list shorter than TEXT_FILL is filled with the authors closest by text, so an
author without co-authors (or sites) still gets recommendations, with their reasons."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.pipeline import load_paths
from queries.linkpred import text_tier
from queries.linkpred.features import _key_rank
from queries.linkpred.text_tier import TEXT_FILL, text_candidates
from queries.recommend import build_index, recommend
from tests.conftest import shared_data

KAGGLE = shared_data("arxiv", "kaggle_arxiv_snapshot_head200")


def _expected_text_neighbours(g, i: int, taken: set[int], k: int, postings: int = 10**9):
    """Brute force: each term keeps its `postings` heaviest authors (weight, then latest last
    year, then key); the k nodes with the highest sum of products over kept entries (> 0),
    then latest last year, then key."""
    dense = g.text.toarray().astype(np.float64)
    rank = _key_rank(g)
    kept = np.zeros_like(dense)
    for t in range(dense.shape[1]):
        holders = sorted(np.flatnonzero(dense[:, t]),
                         key=lambda j: (-dense[j, t], -g.last_year[j], rank[j]))  # fmt: skip
        kept[holders[:postings], t] = dense[holders[:postings], t]
    score = kept @ dense[i]
    nodes = [j for j in range(g.n) if j not in taken and score[j] > 0]
    nodes.sort(key=lambda j: (-score[j], -g.last_year[j], rank[j]))
    return nodes[:k]


@pytest.fixture()
def kaggle_index(empty_store: GraphStore, tmp_path: Path):
    """The recommendation index of the Kaggle arXiv head-200 sample: no submitting sites, few
    co-authors."""
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=0)
    load_paths(empty_store, settings, "arxiv-jsonl", [KAGGLE])
    idx = build_index(empty_store)
    assert idx.graph.sites is None and idx.graph.text is not None
    return idx


def test_an_author_without_coauthors_gets_text_neighbours(kaggle_index):
    idx = kaggle_index
    g = idx.graph
    solo = [i for i in range(g.n) if len(g.neighbours(i)) == 0 and g.text[i].nnz]
    assert solo, "the sample has single-author papers"
    for i in solo[:10]:
        ranked = idx.ranked(i)
        assert ranked.n_pool == ranked.n_site == 0
        want = _expected_text_neighbours(g, i, {i}, TEXT_FILL)
        assert sorted(ranked.nodes.tolist()) == sorted(want) and len(want) > 0
        total, page = recommend(idx, g.keys[i], limit=20)
        assert total == len(want)
        assert {x["tier"] for x in page} == {"text"}
        scores = [x["score"] for x in page]
        assert scores == sorted(scores, reverse=True)
        for x in page:
            j = g.index[x["id"]]
            cos = float(g.text[i].multiply(g.text[j]).sum())
            assert x["reasons"]["text_similarity"] == pytest.approx(cos, abs=1e-4) and cos > 0
            assert x["reasons"]["n_shared_coauthors"] == 0


def test_a_short_network_list_is_filled_after_its_network_candidates(kaggle_index):
    idx = kaggle_index
    g = idx.graph
    checked = 0
    for i in range(g.n):
        ranked = idx.ranked(i)
        if ranked.n_pool == 0:
            continue
        network = set(ranked.nodes[: ranked.n_pool].tolist())
        taken = network | set(g.neighbours(i).tolist()) | {i}
        want = _expected_text_neighbours(g, i, taken, TEXT_FILL - ranked.n_pool)
        assert sorted(ranked.nodes[ranked.n_pool :].tolist()) == sorted(want)
        total, page = recommend(idx, g.keys[i], limit=100)
        tiers = [x["tier"] for x in page]
        assert tiers == ["network"] * ranked.n_pool + ["text"] * len(want) and total == len(tiers)
        checked += 1
    assert checked >= 5


def test_text_candidates_keep_every_tie_at_the_cut(kaggle_index):
    """Ties at the k-th place are decided by last year, then key (not by the order numpy's
    partition leaves them in)."""
    g = kaggle_index.graph
    for i in range(0, g.n, 7):
        for k in (1, 3, 10):
            got = text_candidates(g, i, np.array([i]), k).tolist()
            assert got == _expected_text_neighbours(g, i, {i}, k)


def test_text_candidates_with_a_filter_are_the_first_that_pass(kaggle_index):
    """With `allowed`, the k best of the nodes it allows (asked about growing heads of the
    order): the same as filtering the whole order, for filters that pass many or few."""
    g = kaggle_index.graph
    filters = [lambda j: j % 2 == 0, lambda j: j % 11 == 3, lambda j: g.last_year[j] >= 2008]
    for i in range(0, g.n, 7):
        every = _expected_text_neighbours(g, i, {i}, g.n)
        for keep in filters:
            for k in (1, 3, 10):
                got = text_candidates(g, i, np.array([i]), k,
                                      allowed=lambda ns, keep=keep: np.array(
                                          [keep(j) for j in ns.tolist()], dtype=bool))  # fmt: skip
                assert got.tolist() == [j for j in every if keep(j)][:k]


def test_the_search_reads_each_terms_heaviest_authors_only(kaggle_index, monkeypatch):
    """With TEXT_POSTINGS cut to 2, a term finds only its 2 heaviest authors, and a candidate's
    score sums the kept terms only."""
    monkeypatch.setattr(text_tier, "TEXT_POSTINGS", 2)
    g = kaggle_index.graph
    differs = 0
    for i in range(0, g.n, 5):
        got = text_candidates(g, i, np.array([i]), 10).tolist()
        assert got == _expected_text_neighbours(g, i, {i}, 10, postings=2)
        differs += got != _expected_text_neighbours(g, i, {i}, 10)
    assert differs > 0  # the cut matters on this sample


def test_text_tier_through_http(api, sample_store):
    """On the hep-th sample (with sites) a short list ends with `text` candidates, which the
    response model accepts and explains."""
    idx = build_index(sample_store)
    g = idx.graph
    for i in range(g.n):
        ranked = idx.ranked(i)
        n_text = len(ranked.nodes) - ranked.n_pool - ranked.n_site
        if ranked.n_pool and n_text >= 3:
            break
    else:
        raise AssertionError("no sample author with a text tier")
    body = api.get(f"/authors/{g.keys[i]}/recommendations", params={"per_page": 100}).json()
    assert body["meta"]["count"] == len(ranked.nodes) <= TEXT_FILL
    tiers = [x["tier"] for x in body["results"]]
    assert tiers[-n_text:] == ["text"] * n_text and "text" not in tiers[:-n_text]
    assert all(x["reasons"]["text_similarity"] > 0 for x in body["results"][-n_text:])
