"""Link prediction: predictors against networkx, the L-N&K protocol, ranker consistency."""

from __future__ import annotations

import json
import random

import networkx as nx
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from queries.linkpred import fastpath
from queries.linkpred.fastpath import source_features
from queries.linkpred.features import (
    CAPS,
    FEATURES,
    candidates,
    pair_features,
    reach_mask,
    strong_ties,
    text_cosine,
)
from queries.linkpred.graph import build_graph
from queries.linkpred.predictors import (
    adamic_adar,
    common_neighbours,
    jaccard,
    katz,
    preferential_attachment,
    resource_allocation,
    rooted_pagerank,
)
from queries.linkpred.protocol import make_split, per_author_metrics, precision_at_n
from queries.linkpred.ranker import (
    TIER_GAP,
    Ranker,
    fit_calibration,
    fit_linear,
    fit_outer,
    load_ranker,
    score_candidates,
    train_ranker,
    training_pairs,
)
from queries.linkpred.records import Record, raw_key, read_works_jsonl
from queries.linkpred.report import render_table, run_collaborator_eval


def _random_records(
    seed: int = 1, n_authors: int = 60, n_papers: int = 400, sites: int = 0
) -> list[Record]:
    """Papers of overlapping author groups; with `sites`, group g submits from site g % sites
    (so distant groups share a site), a tenth of papers from a random site, and one in twenty
    joins an author with someone of another group at the same site."""
    rng = random.Random(seed)
    groups = [list(range(i, i + 8)) for i in range(0, n_authors, 6)]
    recs = []
    for p in range(n_papers):
        g = rng.randrange(len(groups))
        size = rng.choice([1, 2, 2, 3, 3, 4])
        pool = [a for a in groups[g] if a < n_authors]
        authors = rng.sample(pool, k=min(size, len(pool)))
        site = ""
        if sites:
            site = f"s{g % sites if rng.random() > 0.1 else rng.randrange(sites)}.edu"
            if rng.random() < 0.05:  # a paper with someone from another group at the site
                mates = [a for h in range(g % sites, len(groups), sites) for a in groups[h]]
                authors = [
                    authors[0],
                    rng.choice([a for a in mates if authors[0] != a < n_authors]),
                ]
        recs.append(
            Record(f"t:{p}", 1990 + p % 10, tuple(f"a{a}" for a in authors), ("x",), "", site)
        )
    return recs


@pytest.fixture(scope="module")
def graph():
    return build_graph(_random_records(), (1990, 1999))


def _nx(g) -> nx.Graph:
    h = nx.Graph()
    h.add_nodes_from(range(g.n))
    h.add_edges_from(zip(*g.adj.nonzero(), strict=True))
    return h


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (jaccard, nx.jaccard_coefficient),
        (adamic_adar, nx.adamic_adar_index),
        (resource_allocation, nx.resource_allocation_index),
        (preferential_attachment, nx.preferential_attachment),
    ],
)
def test_local_predictors_match_networkx(graph, ours, theirs):
    h = _nx(graph)
    nodes = np.arange(graph.n)
    scores = ours(graph, nodes, nodes)
    pairs = [(u, v) for u in range(graph.n) for v in range(u + 1, graph.n)]
    for u, v, expected in theirs(h, pairs):
        assert scores[u, v] == pytest.approx(expected)


def test_common_neighbours_match_networkx(graph):
    h = _nx(graph)
    scores = common_neighbours(graph, np.arange(graph.n), np.arange(graph.n))
    for u in range(graph.n):
        for v in range(u + 1, graph.n):
            assert scores[u, v] == len(list(nx.common_neighbors(h, u, v)))


def test_katz_is_the_path_series(graph):
    a = graph.adj.toarray()
    beta = 0.01
    series = sum(beta**k * np.linalg.matrix_power(a, k) for k in range(1, 40))
    nodes = np.arange(graph.n)
    assert np.allclose(katz(graph, nodes, nodes, beta=beta), series)


def test_rooted_pagerank_matches_personalised_pagerank(graph):
    h = _nx(graph)
    src = int(np.argmax(np.asarray(graph.adj.sum(axis=1)).ravel()))
    ours = rooted_pagerank(graph, np.array([src]), np.arange(graph.n), alpha=0.15)[0]
    ref = nx.pagerank(h, alpha=0.85, personalization={src: 1.0}, tol=1e-13, max_iter=10_000)
    assert np.allclose(ours, [ref[i] for i in range(graph.n)], atol=1e-8)


def test_split_core_candidates_and_new_pairs():
    recs = [
        Record("p1", 2000, ("a", "b")),
        Record("p2", 2000, ("b", "c")),
        Record("p3", 2000, ("a", "c", "d")),
        Record("p4", 2001, ("e",)),
        Record("q1", 2002, ("a", "b")),  # old pair: not new
        Record("q2", 2002, ("b", "d")),  # new core pair
        Record("q3", 2002, ("c", "e")),  # e is not core (no second training paper)
        Record("q4", 2002, ("a", "d")),
        Record("q5", 2002, ("c",)),
    ]
    split = make_split(recs, (2000, 2001), (2002, 2003), core_k=2)
    assert split.core_keys() == ["a", "b", "c"]  # d has 1 training paper, e 1
    split = make_split(recs, (2000, 2001), (2002, 2003), core_k=1, test_core_k=1)
    assert split.core_keys() == ["a", "b", "c", "d", "e"]
    keys = split.core_keys()
    pairs = {(keys[i], keys[j]) for i, j in zip(*np.nonzero(split.new), strict=True)}
    assert pairs == {("b", "d"), ("c", "e")}
    # candidates: 10 pairs minus the 4 training ties a-b, b-c, a-c/a-d/c-d (a-b counted once)
    assert split.n_candidates == 10 - 5
    perfect = (split.new | split.new.T).astype(float)
    assert precision_at_n(split, perfect)["precision"] == 1.0
    assert precision_at_n(split, -perfect)["precision"] == 0.0
    assert per_author_metrics(split, perfect)["mrr"] == 1.0


@pytest.mark.parametrize(
    ("dense_share", "target_side"), [(0, 10**9), (10**9, 10**9), (16, 0)],
    ids=["sorted", "dense", "from the targets"],
)
def test_per_author_fast_path_agrees_with_global_scores(monkeypatch, dense_share, target_side):
    """Every way of finding a source's 2-hop sums: its ties grouped by sorting or over all
    nodes (hubs), or read from the targets' side (a hub against few targets)."""
    from queries.linkpred import fastpath

    monkeypatch.setattr(fastpath, "DENSE_SHARE", dense_share)
    monkeypatch.setattr(fastpath, "TARGET_SIDE", target_side)
    _check_fast_path(_random_records(seed=3, n_authors=160, n_papers=1800, sites=5))


def test_fast_path_agrees_when_large_sites_are_cut(monkeypatch):
    """With sites larger than the cap, both paths read the same cut member lists."""
    from queries.linkpred import sites

    monkeypatch.setattr(sites, "SITE_CAP", 30)
    recs = _random_records(seed=4, n_authors=160, n_papers=1800, sites=2)
    g = build_graph(recs, (1990, 1999))
    members = sites.site_members(g)
    assert np.diff(members.indptr).max() == 30 < np.diff(g.sites.tocsc().indptr).max()
    _check_fast_path(recs)


def _check_fast_path(recs):
    train = make_split(recs, (1990, 1993), (1994, 1995), core_k=1, test_core_k=1)
    data = training_pairs(train)
    outer = fit_outer(data)
    assert outer is not None and len(data.y_outer) > 100
    ranker = Ranker(fit_linear(data.x, data.y, c=0.1), "logreg", decay=0.7, outer=outer)
    split = make_split(recs, (1992, 1995), (1996, 1999), core_k=1, test_core_k=1)
    g, core = split.train, split.core
    full = ranker.score_matrix(g, core, core)
    checked = {"pool": 0, "tier 2": 0}
    for row in range(0, len(core), 7):
        key = g.keys[core[row]]
        got = score_candidates(g, key, k=g.n, ranker=ranker)
        by_key = {c: s for c, s, _ in got}
        for col, j in enumerate(core):
            if g.has_edge(core[row], j):
                continue
            if np.isfinite(full[row, col]):
                tier2 = full[row, col] < -TIER_GAP / 2
                expected = full[row, col] + (TIER_GAP if tier2 else 0.0)
                assert by_key[g.keys[j]] == pytest.approx(expected, rel=1e-6, abs=1e-9)
                checked["tier 2" if tier2 else "pool"] += 1
            else:
                assert g.keys[j] not in by_key
        tiers = [bool(np.isfinite(full[row, core.tolist().index(g.index[c])]) and
                      full[row, core.tolist().index(g.index[c])] < -TIER_GAP / 2)
                 for c, _, _ in got]  # fmt: skip
        assert tiers == sorted(tiers), "every pool candidate comes before the site mates"
        for cand, _, reasons in got:
            assert not g.has_edge(core[row], g.index[cand])
            assert set(reasons["shared_coauthors"]) <= set(g.keys)
    assert checked["pool"] > 20 and checked["tier 2"] > 20
    with pytest.raises(KeyError):
        score_candidates(g, "nobody", ranker=ranker)


def test_read_works_jsonl_skips_bad_records(tmp_path, caplog):
    path = tmp_path / "w.jsonl"
    lines = [
        {"id": "x:1", "year": 1995, "authors": [{"name": "A  Smith"}, {"name": "B Jones"}]},
        {"id": "x:2", "year": "soon", "authors": [{"name": "A Smith"}]},
        {"id": "x:3", "year": 1996, "authors": [{"name": " "}]},
        {"id": "x:4", "year": 1996, "authors": [{"name": "C Li", "id": "s2:9"}], "topics": ["t"]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n")
    recs = list(read_works_jsonl(path, key=lambda n, i: i or raw_key(n)))
    assert [r.paper_id for r in recs] == ["x:1", "x:4"]
    assert recs[0].authors == ("A Smith", "B Jones")
    assert recs[1].authors == ("s2:9",)
    assert "field 'year'" in caplog.text and "authors[0].name" in caplog.text


def test_run_collaborator_eval_smoke():
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)
    result = run_collaborator_eval(recs, train=(1994, 1996), test=(1997, 1999), core_k=2)
    names = [r["predictor"] for r in result["predictors"]]
    assert "Adamic/Adar" in names and names[-1] == "graphsvc ranker"
    assert result["new_pairs"] > 0
    for r in result["predictors"]:
        assert 0.0 <= r["precision"] <= 1.0
    assert "factor" in render_table(result)


def _text_records(seed: int = 7) -> list[Record]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)]
    recs = _random_records(seed=seed, n_authors=80, n_papers=900)
    return [r._replace(text=" ".join(rng.choices(words, k=12))) for r in recs]


@pytest.mark.parametrize("decay", [0.8, 1.0])
def test_single_source_features_equal_pair_features_and_candidates_are_bounded(decay):
    g = build_graph(_text_records(), (1990, 1999), decay=decay)
    assert g.text is not None and g.text.nnz > 0
    caps = CAPS
    strong = strong_ties(g, caps[0])
    assert np.asarray(strong.sum(axis=1)).max() <= caps[0]
    for i in range(0, g.n, 5):
        cand = candidates(g, i)
        assert np.array_equal(fastpath.candidates(g, i), cand)
        mask = reach_mask(g, np.array([i]), np.arange(g.n))[0]
        assert set(cand.tolist()) == set(np.nonzero(mask)[0].tolist())
        assert i not in cand and not set(cand.tolist()) & set(g.neighbours(i).tolist())
        if len(cand) == 0:
            continue
        feats, reach = pair_features(g, np.array([i]), cand)
        assert reach.all()
        assert np.allclose(source_features(g, i, cand), feats[0], rtol=1e-5, atol=1e-6)


def test_caps_follow_only_the_strongest_ties():
    recs = [Record("p0", 2000, ("s", "strong")), Record("p1", 2000, ("s", "strong")),
            Record("p2", 2000, ("s", "weak")), Record("p3", 2000, ("strong", "x")),
            Record("p4", 2000, ("weak", "y"))]  # fmt: skip
    g = build_graph(recs, (2000, 2000), decay=1.0)
    s = g.index["s"]
    assert {g.keys[j] for j in candidates(g, s, caps=(2, 5, 5))} == {"x", "y"}
    assert {g.keys[j] for j in candidates(g, s, caps=(1, 5, 5))} == {"x"}  # "weak" not followed


def test_text_cosine_of_authors():
    recs = [Record("p0", 2000, ("a",), (), "quark gluon plasma"),
            Record("p1", 2000, ("b",), (), "quark gluon plasma"),
            Record("p2", 2000, ("c",), (), "string duality brane"),
            Record("p3", 2000, ("a", "c"), (), "quark brane")]  # fmt: skip
    g = build_graph(recs, (2000, 2000), decay=1.0)
    i = [g.index[k] for k in "abc"]
    cos = text_cosine(g, np.array(i), np.array(i))
    assert np.allclose(np.diag(cos), 1.0, atol=1e-5)
    assert cos[0, 1] > cos[1, 2] >= 0.0


def test_balanced_weighting_raises_the_rare_class_and_is_recorded():
    rng = np.random.default_rng(3)
    x = rng.random((2000, len(FEATURES))) * 5
    y = (x[:, 0] + rng.normal(0, 1.5, 2000)) > 8.5  # ~5% positives
    plain, balanced = fit_linear(x, y, 0.01), fit_linear(x, y, 0.01, balanced=True)
    p_plain = 1 / (1 + np.exp(-plain.decision(x)))
    p_bal = 1 / (1 + np.exp(-balanced.decision(x)))
    assert p_plain.mean() == pytest.approx(y.mean(), abs=0.02)  # calibrated to the base rate
    per_class = (p_bal[y].mean() + p_bal[~y].mean()) / 2
    assert per_class == pytest.approx(0.5, abs=0.02)  # both classes weigh the same
    assert p_bal.mean() > 2 * p_plain.mean()
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)
    ranker = train_ranker(recs, train=(1994, 1996), core_k=2, cs=(0.01,), decays=(1.0,))
    chosen = ranker.selection["chosen"]
    assert chosen["class_weight"] in (None, "balanced")
    assert (" balanced" in ranker.model_name) == (chosen["class_weight"] == "balanced")
    tried = ranker.selection["validation"]
    assert any(k.endswith("balanced") for k in tried) and any(k.endswith("C=0.01") for k in tried)


def test_pool_offset_turns_balanced_scores_back_into_probabilities():
    """The API shows the pool model's score as a probability: a balanced model's linear score
    minus log(negatives / positives) averages to the base rate again; an unweighted model
    needs no offset."""
    rng = np.random.default_rng(3)
    x = rng.random((4000, len(FEATURES))) * 5
    y = (x[:, 0] + rng.normal(0, 1.5, 4000)) > 6.0  # 4.7% positives
    counts = {"training_pairs": len(y), "training_positives": int(y.sum())}
    balanced = Ranker(fit_linear(x, y, 0.01, balanced=True), "b",
                      selection={**counts, "chosen": {"class_weight": "balanced"}})  # fmt: skip
    plain = Ranker(fit_linear(x, y, 0.01), "p", selection={**counts, "chosen": {}})
    assert balanced.pool_offset == pytest.approx(np.log((len(y) - y.sum()) / y.sum()))
    assert plain.pool_offset == 0.0 and Ranker(plain.model, "old").pool_offset == 0.0
    shifted = 1 / (1 + np.exp(balanced.pool_offset - balanced.model.decision(x)))
    assert shifted.mean() == pytest.approx(y.mean(), rel=0.25)
    assert (1 / (1 + np.exp(-balanced.model.decision(x)))).mean() > 3 * y.mean()


def test_calibration_flattens_an_overconfident_top_and_keeps_the_order():
    """Scores whose true odds stop rising at the top (the pool model's top 1% of hep-th pairs
    met at .12-.16 where the logistic said .26-.33): the calibration's second slope follows
    them, the map stays monotone, and a model file keeps it."""
    rng = np.random.default_rng(7)
    s = rng.normal(-1.0, 1.5, 60_000)
    true = np.minimum(1 / (1 + np.exp(-(s - 3.0))), 0.12)
    y = rng.random(len(s)) < true
    cal = fit_calibration(s, y)
    top = s >= np.quantile(s, 0.99)
    plain = LogisticRegression(C=1e6).fit(s[:, None], y).predict_proba(s[:, None])[:, 1]
    assert plain[top].mean() > 1.5 * y[top].mean()  # one slope: too steep at the top
    assert cal.probability(s[top]).mean() == pytest.approx(y[top].mean(), rel=0.25)
    assert cal.probability(s).mean() == pytest.approx(y.mean(), rel=0.05)
    grid = np.linspace(-8, 12, 400)
    assert np.all(np.diff(cal.probability(grid)) >= 0)
    falling = fit_calibration(s, y & (s < np.quantile(s, 0.97)))  # fewer hits at the very top
    assert falling.slope + falling.bend >= 0 and np.all(np.diff(falling.probability(grid)) >= 0)


def test_a_model_file_keeps_its_calibration(tmp_path):
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)
    ranker = train_ranker(recs, train=(1994, 1996), core_k=2, cs=(0.01,), decays=(1.0,))
    assert ranker.calibration is not None
    ranker.save(tmp_path / "m.json")
    back = load_ranker(tmp_path / "m.json")
    assert back.calibration == ranker.calibration
    s = np.linspace(-6, 6, 25)
    assert np.allclose(back.pool_probability(s), ranker.calibration.probability(s))
    old = Ranker(back.model, "old", selection=back.selection)  # a file from before: the offset
    assert np.allclose(old.pool_probability(s), 1 / (1 + np.exp(old.pool_offset - s)))


def test_run_collaborator_eval_scores_with_a_given_ranker():
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)
    early = make_split(recs, (1990, 1992), (1993, 1993), 2, decay=1.0)
    data = training_pairs(early)
    ranker = Ranker(fit_linear(data.x, data.y, c=0.1), "given", decay=1.0)
    result = run_collaborator_eval(recs, train=(1994, 1996), test=(1997, 1999), core_k=2,
                                   ranker=ranker)  # fmt: skip
    assert result["ranker_model"] == "given"
    split = make_split(recs, (1994, 1996), (1997, 1999), 2, decay=1.0)
    expected = precision_at_n(split, ranker.score_matrix(split.train, split.core, split.core))
    assert result["predictors"][-1]["hits"] == expected["hits"]


def test_author_text_vectors_do_not_depend_on_the_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The summed TF-IDF rows are formed AUTHOR_CHUNK authors at a time (memory); the cut and
    normalised vectors must not depend on where the chunks end."""
    from queries.linkpred import graph

    rng = random.Random(7)
    words = [f"term{i}" for i in range(60)]
    texts = [" ".join(rng.choices(words, k=40)) for _ in range(80)]
    authors = [rng.sample(range(23), rng.randint(1, 4)) for _ in texts]
    whole = graph.author_text_vectors(texts, authors, 25, terms=5)  # authors 23, 24: no text
    for chunk in (1, 2, 7, 24, 25):
        monkeypatch.setattr(graph, "AUTHOR_CHUNK", chunk)
        m, terms, papers = graph.author_text_vectors(texts, authors, 25, terms=5)
        assert m.shape == whole[0].shape and (m != whole[0]).nnz == 0
        assert (m.indptr == whole[0].indptr).all() and terms == whole[1]
        assert (papers == whole[2]).all()
    assert whole[0].getrow(24).nnz == 0 and (np.diff(whole[0].indptr)[:23] == 5).all()
