"""Recommendations through HTTP on the hep-th sample, the index vs the evaluated ranker, and
`graphsvc eval collaborators` on a small works-jsonl file."""

from __future__ import annotations

import asyncio
import json
import re
import threading

import numpy as np
import pytest
from sklearn.feature_extraction.text import strip_accents_unicode
from typer.testing import CliRunner

from loaders.hepth import iter_hepth
from queries.linkpred.evaluate import records_from_store
from queries.linkpred.graph import build_graph
from queries.linkpred.ranker import TIER_GAP, load_ranker
from queries.linkpred.text_tier import TEXT_FILL
from queries.reasons import word_form
from queries.recommend import MODEL_FILE, build_index, recommend
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def hub(sample_store) -> str:
    """The sample author with the most co-authors."""
    rows = sample_store.read(
        "MATCH (a:Author)-[c:CO_AUTHOR]-() "
        "RETURN a.id AS id, count(c) AS d ORDER BY d DESC, id LIMIT 1"
    ).rows
    return rows[0]["id"]


def _coauthors(store, author_id: str) -> set[str]:
    rows = store.read("MATCH (a:Author {id: $id})-[:CO_AUTHOR]-(b:Author) RETURN b.id AS id",
                      {"id": author_id}).rows  # fmt: skip
    return {r["id"] for r in rows}


def test_recommendations_are_new_people_with_reasons(api, sample_store, hub):
    r = api.get(f"/authors/{hub}/recommendations", params={"per_page": 10})
    assert r.status_code == 200, r.text
    body = r.json()
    results = body["results"]
    assert 0 < len(results) <= 10 and body["meta"]["count"] >= len(results)
    ids = [x["id"] for x in results]
    assert not set(ids) & (_coauthors(sample_store, hub) | {hub})
    scores = [x["score"] for x in results]
    assert scores == sorted(scores, reverse=True) and all(0 < s < 1 for s in scores)
    top = results[0]["reasons"]
    assert top["n_shared_coauthors"] >= 1 and top["shared_coauthors"][0]["name"]
    shared = {c["id"] for c in top["shared_coauthors"]}
    assert shared <= _coauthors(sample_store, hub) & _coauthors(sample_store, results[0]["id"])


def _words(store, author_id: str) -> set[str]:
    """The lower-case words of an author's titles and abstracts (the TF-IDF token rule)."""
    rows = store.read("MATCH (:Author {id: $id})-[:AUTHORED]->(p:Paper) "
                      "RETURN p.title AS t, p.abstract AS a", {"id": author_id}).rows  # fmt: skip
    text = strip_accents_unicode(" ".join(f"{r['t']} {r['a'] or ''}" for r in rows).lower())
    return set(re.findall(r"\b[a-z][a-z0-9]+\b", text))


def test_text_reasons_name_terms_both_authors_wrote(api, sample_store, hub):
    """`text_similarity` is the cosine of the two authors' text vectors (what the ranker
    scores) and `shared_terms` are words from both authors' own titles and abstracts, by their
    share of that cosine times their rarity among authors, one per word form ("theory" or
    "theories", not both), leaving out the terms a reason must not name."""
    results = api.get(f"/authors/{hub}/recommendations", params={"per_page": 30}).json()["results"]
    idx = build_index(sample_store)
    g = idx.graph
    mine = _words(sample_store, hub)
    with_terms = 0
    for x in results:
        reasons = x["reasons"]
        i, j = g.index[hub], g.index[x["id"]]
        a, b = g.text[i].toarray().ravel(), g.text[j].toarray().ravel()
        assert reasons["text_similarity"] == pytest.approx(float(a @ b), abs=1e-4)
        holders = (g.text.toarray() > 0).sum(axis=0)
        rarity = np.log((1.0 + g.n) / (1.0 + holders))
        named = idx.term_rarity > 0  # not a TeX command nor an editorial word (test_reasons)
        assert np.allclose(idx.term_rarity[named], rarity[named])
        weight = a * b * rarity * named
        heaviest, forms = [], set()
        for k in np.argsort(-weight, kind="stable"):
            if weight[k] <= 0 or len(heaviest) == 5:
                break
            if word_form(g.text_terms[k]) not in forms:
                forms.add(word_form(g.text_terms[k]))
                heaviest.append(g.text_terms[k])
        assert reasons["shared_terms"] == heaviest
        if heaviest:
            with_terms += 1
            theirs = _words(sample_store, x["id"])
            assert set(heaviest) <= mine & theirs, (x["id"], heaviest)
    assert with_terms >= len(results) // 2


@pytest.mark.parametrize(
    ("terms", "same"),
    [(("theory", "theories"), True), (("model", "models"), True), (("class", "classes"), True),
     (("branch", "branches"), True), (("gauss", "gaus"), False), (("field", "fields"), True),
     (("string", "strings"), True), (("bps", "bp"), False), (("axis", "axes"), False)],
)
def test_word_forms_fold_plurals(terms, same):
    assert (word_form(terms[0]) == word_form(terms[1])) is same


def test_witten_sees_no_term_twice_in_two_forms(api):
    """On the sample, 6 of Witten's 100 lists showed e.g. "theory" and "theories" together."""
    body = api.get("/authors/author:witten-edward/recommendations",
                   params={"per_page": 100}).json()  # fmt: skip
    for r in body["results"]:
        terms = r["reasons"]["shared_terms"]
        singular = {t[:-3] + "y" if t.endswith("ies") else t.rstrip("s") for t in terms}
        assert len(singular) == len(terms), terms


def _all_ids(api, url: str) -> list[str]:
    """Every recommended id, walking the pages."""
    out, cur = [], None
    while True:
        page = api.get(url, params={"per_page": 100, **({"cursor": cur} if cur else {})}).json()
        out += [r["id"] for r in page["results"]]
        if not (cur := page["meta"]["next_cursor"]):
            return out


def test_paging_and_filters(api, sample_store, hub):
    url = f"/authors/{hub}/recommendations"
    full = api.get(url, params={"per_page": 100}).json()
    first = api.get(url, params={"per_page": 3}).json()
    second = api.get(url, params={"per_page": 3, "cursor": first["meta"]["next_cursor"]}).json()
    ids = _all_ids(api, url)  # every page: the list may hold more than 100
    assert [x["id"] for x in full["results"]] == ids[:100]
    assert [x["id"] for x in first["results"] + second["results"]] == ids[:6]
    skip = ids[:2]
    ex = api.get(url, params={"per_page": 100, "exclude": ",".join(skip)}).json()
    assert ex["meta"]["count"] == full["meta"]["count"] - 2
    assert [x["id"] for x in ex["results"]] == ids[2:][: len(ex["results"])]
    assert api.get(url, params={"since": 2100}).json()["meta"]["count"] == 0
    later = api.get(url, params={"since": 1993, "per_page": 100}).json()
    assert 0 < later["meta"]["count"] < full["meta"]["count"]
    assert api.get(url, params={"topic": "topic:hep-th"}).json()["meta"]["count"] == (
        full["meta"]["count"])  # every sample author has hep-th papers


def test_a_topic_is_read_as_loads_read_it(api, hub):
    """`HEP-TH` is the topic a load would make of it: `topic:hep-th`, as `hep-th` is."""
    url = f"/authors/{hub}/recommendations"
    ids = [[r["id"] for r in api.get(url, params={"topic": t}).json()["results"]]
           for t in ("HEP-TH", "hep-th", "topic:hep-th")]  # fmt: skip
    assert ids[0] and ids[0] == ids[1] == ids[2]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"topic": "no-such-topic"}, "topic: no topic 'no-such-topic' in the graph"),
        ({"topic": "hep-tj"}, "did you mean 'hep-th'"),
        ({"topic": "MATH.QB"}, "did you mean 'math.QA'"),
        ({"topic": "topic:hep-tj"}, "did you mean 'hep-th'"),
        ({"institution": "inst:nowhere-at-all"},
         "institution: no institution 'inst:nowhere-at-all' with authors in the graph"),
        ({"institution": "rutgers"}, "did you mean 'inst:rutgers-university'"),
        ({"institution": "inst:rutgers"}, "did you mean 'inst:rutgers-university'"),
    ],
)
def test_an_unknown_filter_value_is_named_not_answered_with_nobody(api, hub, params, named):
    r = api.get(f"/authors/{hub}/recommendations", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "invalid_parameter" and named in r.json()["message"]


def test_a_suggestion_is_not_made_of_the_id_prefix_alone(api, hub):
    """`inst:nope` shares only `inst:` with `inst:eth`: no "did you mean" for it."""
    r = api.get(f"/authors/{hub}/recommendations", params={"institution": "inst:nope"})
    assert r.status_code == 422 and "did you mean" not in r.json()["message"], r.text


def test_a_filtered_list_is_filled_with_text_neighbours_the_filters_allow(api, sample_store):
    """A topic filter on a list of 100 leaves few; the list is filled up to 100 again with the
    text neighbours in that topic, after the filtered candidates' own tiers."""
    idx = build_index(sample_store)
    g = idx.graph
    i = g.index["author:witten-edward"]
    ranked = idx.ranked(i)
    topic, since = "topic:math.QA", 1993
    kept = [j for j in ranked.nodes.tolist() if topic in g.topics[j] and g.last_year[j] >= since]
    assert len(ranked.nodes) == TEXT_FILL and 0 < len(kept) < 10
    count, page = recommend(idx, g.keys[i], topic="math.QA", since=since, limit=100)
    ids = [r["id"] for r in page]
    assert count == len(ids) == TEXT_FILL and len(set(ids)) == len(ids)
    assert set(g.keys[j] for j in kept) <= set(ids)
    coauthors = _coauthors(sample_store, g.keys[i]) | {g.keys[i]}
    for r in page:
        j = g.index[r["id"]]
        assert topic in g.topics[j] and g.last_year[j] >= since and r["id"] not in coauthors
    text = [r for r in page if r["tier"] == "text"]
    assert len(text) >= TEXT_FILL - len(kept) and page[-len(text):] == text
    assert [r["score"] for r in text] == sorted((r["score"] for r in text), reverse=True)
    assert all(r["reasons"]["text_similarity"] > 0 for r in text)
    gone = ids[:5]
    count2, again = recommend(idx, g.keys[i], topic="math.QA", since=since, limit=100,
                              exclude=frozenset(gone))  # fmt: skip
    assert count2 == TEXT_FILL and not set(gone) & {r["id"] for r in again}
    body = api.get(f"/authors/{g.keys[i]}/recommendations",
                   params={"topic": "math.QA", "since": since, "per_page": 100}).json()  # fmt: skip
    assert [r["id"] for r in body["results"]] == ids


def test_the_next_page_of_a_filtered_list_reuses_its_refill(sample_store, monkeypatch):
    import queries.recommend as rec

    idx = build_index(sample_store)
    calls = []
    real = rec.text_candidates
    monkeypatch.setattr(rec, "text_candidates", lambda *a, **k: calls.append(1) or real(*a, **k))
    _, first = recommend(idx, "author:witten-edward", topic="math.QA", limit=20)
    _, second = recommend(idx, "author:witten-edward", topic="math.QA", offset=20, limit=20)
    _, both = recommend(idx, "author:witten-edward", topic="math.QA", limit=40)
    assert len(calls) == 1 and first + second == both
    recommend(idx, "author:witten-edward", topic="math.QA", since=1993)  # other filters
    assert len(calls) == 2


def test_institution_filter(api, sample_store):
    pairs = sample_store.read(
        "MATCH (x:Author)-[:CO_AUTHOR]-(:Author)-[:CO_AUTHOR]-(y:Author)"
        "-[:AFFILIATED_WITH]->(i:Institution) WHERE x <> y "
        "RETURN DISTINCT x.id AS x, y.id AS y, i.id AS inst ORDER BY x, y LIMIT 50"
    ).rows  # fmt: skip
    x, inst = next((p["x"], p["inst"]) for p in pairs
                   if p["y"] not in _coauthors(sample_store, p["x"]))  # fmt: skip
    url = f"/authors/{x}/recommendations"
    everyone = _all_ids(api, url)
    members = {r["id"] for r in sample_store.read(
        "MATCH (a:Author)-[:AFFILIATED_WITH]->(i:Institution {id: $id}) RETURN a.id AS id",
        {"id": inst}).rows}  # fmt: skip
    by_inst = api.get(url, params={"institution": inst, "per_page": 100}).json()
    expected = [a for a in everyone if a in members]
    assert expected and [r["id"] for r in by_inst["results"]] == expected[:100]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/authors/author:nobody-at-all/recommendations", {}, 404),
        (None, {"per_page": 0}, 422),
        (None, {"per_page": 101}, 422),
        (None, {"since": "soon"}, 422),
        (None, {"cursor": "not-a-cursor"}, 422),
        (None, {"exclude": ",".join(f"author:x{i}" for i in range(201))}, 422),
    ],
)
def test_errors(api, hub, path, params, status):
    r = api.get(path or f"/authors/{hub}/recommendations", params=params)
    assert r.status_code == status, r.text
    assert "message" in r.json()


def test_fast_path_ranks_like_the_evaluated_ranker(sample_store):
    """The served index (built from the store) ranks exactly as the evaluation's ranker on a
    graph built from the same papers read the way `eval collaborators` reads them: the whole
    list, the pool first, then the site mates (tier 2), then the text neighbours that fill a
    short list (tier 3). The pages serve that ranking without the author's namesakes."""
    idx = build_index(sample_store)
    records = records_from_store(sample_store, 1990, 2000)
    g = build_graph(records, (1990, 2000), decay=1.0)
    ranker = load_ranker(MODEL_FILE)
    assert ranker.outer is not None and ranker.text is not None
    degree = np.asarray(g.adj.sum(axis=1)).ravel()
    authors = np.argsort(-degree, kind="stable")
    tier2_checked = tier3_checked = namesakes_left_out = 0
    with_namesakes = np.array([g.index[k] for k in idx.graph.keys  # a few with namesakes too
                               if len(idx.namesakes.of(idx.graph.index[k]))][:5], dtype=np.int64)
    for i in np.concatenate([authors[:25], authors[25::40], with_namesakes]):
        author = g.keys[i]
        non_adjacent = np.setdiff1d(np.arange(g.n), np.append(g.neighbours(i), i))
        scores = ranker.score_matrix(g, np.array([i]), non_adjacent)[0]
        finite = np.isfinite(scores)
        tier3 = finite & (scores < -1.5 * TIER_GAP)
        tier2 = finite & (scores < -TIER_GAP / 2) & ~tier3
        pool = finite & ~tier2 & ~tier3
        sakes = {idx.graph.keys[j] for j in idx.namesakes.of(idx.graph.index[author])}
        served = np.array([g.keys[j] not in sakes for j in non_adjacent])
        total, page = recommend(idx, author, limit=len(scores))
        assert total == int((finite & served).sum())
        namesakes_left_out += int((finite & ~served).sum())
        ranked = idx.ranked(idx.graph.index[author])
        assert (ranked.n_pool, ranked.n_site) == (int(pool.sum()), int(tier2.sum()))
        expected = [np.sort(scores[pool])[::-1], np.sort(scores[tier2] + TIER_GAP)[::-1],
                    np.sort(scores[tier3] + 2 * TIER_GAP)[::-1]]  # fmt: skip
        # float32 sums in another order: 1e-5 relative, or 1e-6 for a score near 0
        assert np.allclose(ranked.scores, np.concatenate(expected), rtol=1e-5, atol=1e-6)
        keys = [idx.graph.keys[j] for j in ranked.nodes]
        ends = np.cumsum([0, ranked.n_pool, ranked.n_site, int(tier3.sum())])
        for k, mask in enumerate((pool, tier2, tier3)):
            assert set(keys[ends[k] : ends[k + 1]]) == {g.keys[j] for j in non_adjacent[mask]}
        assert [p["id"] for p in page] == [k for k in keys if k not in sakes]
        tiers = [p["tier"] for p in page]
        assert tiers == ["network"] * int((pool & served).sum()) + ["site"] * int(
            (tier2 & served).sum()) + ["text"] * int((tier3 & served).sum())  # fmt: skip
        assert len(ranked.nodes) >= TEXT_FILL or not tier3.any()  # only short lists are filled
        shown_pool, shown_site, shown_text = (np.sort(scores[m & served] + k * TIER_GAP)[::-1]
                                              for k, m in enumerate((pool, tier2, tier3)))
        probs = np.concatenate([ranker.pool_probability(shown_pool),
                                1 / (1 + np.exp(-np.concatenate([shown_site, shown_text])))])
        shown = [p["score"] for p in page]  # every tier's score is its model's probability
        assert np.allclose(shown, probs, rtol=1e-4, atol=2e-6)
        tier2_checked += int(tier2.sum())
        tier3_checked += int(tier3.sum())
    assert tier2_checked > 100 and tier3_checked > 100 and namesakes_left_out > 0


def test_eval_collaborators_on_a_works_jsonl_file(tmp_path):
    from graphsvc.cli import app

    works = tmp_path / "sample.jsonl"
    with works.open("w") as fh:
        for w in iter_hepth([SAMPLE]):
            if hasattr(w, "authors"):
                fh.write(w.model_dump_json() + "\n")
        fh.write('{"id": "bad", "year": "soon", "authors": []}\n')
    out, results = tmp_path / "eval.json", tmp_path / "RESULTS.md"
    args = [
        "eval",
        "collaborators",
        "--works",
        str(works),
        "--train",
        "1992-1992",
        "--test",
        "1993-1993",
        "--core-k",
        "1",
        "--json",
        str(out),
        "--results",
        str(results),
    ]
    r = CliRunner().invoke(app, args)  # fmt: skip
    assert r.exit_code == 0, r.output
    result = json.loads(out.read_text())
    names = [p["predictor"] for p in result["predictors"]]
    assert {"Adamic/Adar", "common neighbours", "graphsvc ranker"} <= set(names)
    assert result["new_pairs"] > 0 and result["core_authors"] > 10
    for p in result["predictors"]:
        assert 0 <= p["precision"] <= 1 and p["hits"] <= result["new_pairs"]
    assert "Adamic/Adar" in r.output and "graphsvc ranker" in r.output
    assert "--works" in results.read_text()
    bad = CliRunner().invoke(app, ["eval", "collaborators", "--works", str(works),
                                   "--train", "1996-1994"])  # fmt: skip
    assert bad.exit_code == 2 and "--train" in bad.output


def test_precomputed_hubs_rank_like_on_demand(sample_store, hub):
    idx = build_index(sample_store)
    deg = np.asarray(idx.graph.adj.sum(axis=1)).ravel()
    cost = idx.graph.adj @ deg
    threshold = float(np.sort(cost)[-5])  # the 4 most expensive authors
    assert idx.precompute(min_cost=threshold) == int((cost > threshold).sum()) > 0
    for i, pinned in idx.pinned.items():
        fresh = idx._score(i)
        assert np.array_equal(pinned.nodes, fresh.nodes)
        assert np.allclose(pinned.scores, fresh.scores)
        assert idx.ranked(i) is pinned


def test_open_to_collaborate_counts_at_once_without_a_reload(api, hub):
    """A curator marks a candidate open: the next page shows the flag and the boost (no load in
    between, so the index is not rebuilt); unmarking takes it back."""
    curator = {"X-API-Key": "test-curator-key"}
    url = f"/authors/{hub}/recommendations"
    before = api.get(url, params={"per_page": 100}).json()["results"]
    assert not any(x["open_to_collaborate"] for x in before)
    pick = before[len(before) // 2]
    r = api.post(f"/authors/{pick['id']}/open-to-collaborate", headers=curator,
                 json={"value": True})  # fmt: skip
    assert r.status_code == 200, r.text
    try:
        after = api.get(url, params={"per_page": 100}).json()["results"]
        moved = next(x for x in after if x["id"] == pick["id"])
        assert moved["open_to_collaborate"] is True
        assert moved["score"] > pick["score"]  # OPEN_BOOST added to its linear score
        assert [x["id"] for x in after].index(pick["id"]) < len(before) // 2
        for tier in ("network", "site", "text"):  # best first within each tier
            scores = [x["score"] for x in after if x["tier"] == tier]
            assert scores == sorted(scores, reverse=True)
        others = [x for x in after if x["id"] != pick["id"]]
        assert [x["id"] for x in others] == [x["id"] for x in before if x["id"] != pick["id"]][
            : len(others)
        ]
    finally:
        api.post(f"/authors/{pick['id']}/open-to-collaborate", headers=curator,
                 json={"value": False})  # fmt: skip
    again = api.get(url, params={"per_page": 100}).json()["results"]
    assert [x["id"] for x in again] == [x["id"] for x in before]
    assert not any(x["open_to_collaborate"] for x in again)


def test_index_is_kept_on_disk_for_the_same_graph_only(empty_store, tmp_path, monkeypatch):
    """A second holder (a restart) reads the saved index instead of building one, and answers
    the same; after a load (new graph version) or with a damaged file it builds again."""
    import queries.recommend as rec
    from graphsvc.settings import Settings
    from loaders.model import Work
    from loaders.pipeline import load_records
    from queries import recommend_disk

    works = [w for w in iter_hepth([SAMPLE]) if isinstance(w, Work)]
    settings = Settings(data_dir=tmp_path / "data", _env_file=None, similar_k=0)
    load_records(empty_store, settings, works[:1500])
    folder = tmp_path / "index"
    holder = rec.IndexHolder(empty_store, disk_dir=folder)
    first = holder.get()
    holder.join()  # the file is written after the index is served
    assert (folder / recommend_disk.FILE_NAME).is_file()
    author = max(first.graph.index, key=lambda a: len(first.ranked(first.graph.index[a]).nodes))
    want = recommend(first, author, limit=50)
    (folder / recommend_disk.FILE_NAME).unlink()
    holder._save(first)  # after requests: they left a scratch buffer and its lock on the graph
    assert (folder / recommend_disk.FILE_NAME).is_file()

    built = []
    real_build = rec.build_index
    monkeypatch.setattr(rec, "build_index", lambda store: built.append(1) or real_build(store))
    again = rec.IndexHolder(empty_store, disk_dir=folder).get()
    assert built == [] and again is not first
    assert recommend(again, author, limit=50) == want

    load_records(empty_store, settings, works[1500:1700])  # the graph changes: version + 1
    holder = rec.IndexHolder(empty_store, disk_dir=folder)
    newer = holder.get()
    holder.join()
    assert built == [1] and newer.marker != first.marker

    (folder / recommend_disk.FILE_NAME).write_bytes(b"not a pickle")
    rec.IndexHolder(empty_store, disk_dir=folder).get()
    assert built == [1, 1]


def _with_both_tiers(idx) -> int:
    """A sample author whose list holds pool candidates and at least 3 site mates."""
    for i in np.argsort(-np.asarray(idx.graph.adj.sum(axis=1)).ravel(), kind="stable"):
        ranked = idx.ranked(int(i))
        if 5 <= ranked.n_pool and ranked.n_site >= 3:
            return int(i)
    raise AssertionError("no sample author with both tiers")


def test_site_mates_follow_the_network_with_their_shared_sites(api, sample_store):
    idx = build_index(sample_store)
    i = _with_both_tiers(idx)
    author = idx.graph.keys[i]
    ranked = idx.ranked(i)
    url = f"/authors/{author}/recommendations"
    body = api.get(url, params={"per_page": 100, "since": 1990}).json()
    assert body["meta"]["count"] == len(ranked.nodes)
    results = body["results"]
    while (cur := body["meta"]["next_cursor"]) is not None:
        body = api.get(url, params={"per_page": 100, "cursor": cur}).json()
        results += body["results"]
    tiers = [x["tier"] for x in results]
    n_text = len(results) - ranked.n_pool - ranked.n_site
    assert tiers == ["network"] * ranked.n_pool + ["site"] * ranked.n_site + ["text"] * n_text
    own = {r["site"] for r in sample_store.read(
        "MATCH (:Author {id: $id})-[:AUTHORED]->(p:Paper) WHERE p.site IS NOT NULL "
        "RETURN DISTINCT p.site AS site", {"id": author}).rows}  # fmt: skip
    coauthors = _coauthors(sample_store, author)
    for x in results[ranked.n_pool : ranked.n_pool + ranked.n_site]:
        assert x["id"] not in coauthors
        theirs = {r["site"] for r in sample_store.read(
            "MATCH (:Author {id: $id})-[:AUTHORED]->(p:Paper) WHERE p.site IS NOT NULL "
            "RETURN DISTINCT p.site AS site", {"id": x["id"]}).rows}  # fmt: skip
        assert x["reasons"]["shared_sites"] and set(x["reasons"]["shared_sites"]) <= own & theirs


def test_open_boost_never_lifts_a_site_mate_above_the_network(sample_store, monkeypatch):
    """Even a boost that outscores every network candidate moves a site mate only to the top
    of its own tier."""
    import queries.recommend as rec

    monkeypatch.setattr(rec, "OPEN_BOOST", 100.0)
    idx = build_index(sample_store)
    i = _with_both_tiers(idx)
    ranked = idx.ranked(i)
    n = len(ranked.nodes)
    _, before = recommend(idx, idx.graph.keys[i], limit=100)
    last = ranked.nodes[ranked.n_pool + ranked.n_site - 1]  # the weakest site mate
    flags = np.zeros(idx.graph.n)
    flags[last] = 1.0
    total, after = recommend(idx, idx.graph.keys[i], limit=100, open_flags=flags)
    assert total == n
    ids = [x["id"] for x in after]
    at = ids.index(idx.graph.keys[last])
    assert at == ranked.n_pool  # first of its tier, after every network candidate
    assert [x["tier"] for x in after[: ranked.n_pool]] == ["network"] * ranked.n_pool
    rest = [x["id"] for x in before if x["id"] != idx.graph.keys[last]]
    assert ids[:at] + ids[at + 1 :] == rest[: len(ids) - 1]


@pytest.mark.parametrize("way", ["loop", "pool"])
def test_serve_drops_an_answer_made_on_an_index_the_graph_has_outgrown(empty_store, tmp_path, way):
    """`IndexHolder.serve` runs the answer while the version read is under way: on an unchanged
    graph it answers once (errors included); after a load it answers again on the new index.
    The answer runs on the event loop itself when the page is quick (and the store reads
    without a thread), else in a worker thread."""
    import queries.recommend as rec
    from graphsvc.errors import NotFound
    from graphsvc.settings import Settings
    from loaders.model import Work
    from loaders.pipeline import load_records

    works = [w for w in iter_hepth([SAMPLE]) if isinstance(w, Work)]
    settings = Settings(data_dir=tmp_path / "data", _env_file=None, similar_k=0)
    load_records(empty_store, settings, works[:800])
    holder = rec.IndexHolder(empty_store)
    first = holder.get()
    seen, threads = [], []

    def call(fn):
        async def on_loop():
            return await holder.serve(fn, quick=lambda idx: way == "loop")

        return asyncio.run(on_loop())

    def answer(idx):
        seen.append(idx)
        threads.append(threading.get_ident())
        holder.open_flags(idx)
        return idx.marker

    assert call(answer) == first.marker and seen == [first]  # flags unread yet: never inline
    seen.clear()
    threads.clear()
    with pytest.raises(NotFound):
        call(lambda idx: seen.append(idx) or threads.append(threading.get_ident())
             or recommend(idx, "author:nobody"))  # fmt: skip
    assert seen == [first]
    here = threads == [threading.get_ident()]
    assert here == (way == "loop" and empty_store.native_async)

    load_records(empty_store, settings, works[800:900])  # version + 1
    seen.clear()
    marker = call(answer)
    assert seen[0] is first and seen[-1] is not first and len(seen) == 2
    assert marker == seen[-1].marker != first.marker


def test_quick_pages_are_kept_rankings_or_small_neighbourhoods(sample_store, monkeypatch):
    """`RecommendIndex.quick`: an unknown author (a 404) and an author whose ranking is kept
    are quick; otherwise the 2-hop cost decides against INLINE_COST."""
    import queries.recommend as rec

    idx = build_index(sample_store)
    g = idx.graph
    i = int(np.argmax(np.diff(g.adj.indptr)))  # someone with co-authors
    author = g.keys[i]
    assert idx.quick("author:nobody")
    monkeypatch.setattr(rec, "INLINE_COST", 0)
    assert not idx.quick(author)
    idx.ranked(i)
    assert idx.quick(author)
    monkeypatch.setattr(rec, "INLINE_COST", 10**9)
    assert idx.quick(g.keys[(i + 1) % g.n])
