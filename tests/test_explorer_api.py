"""The explorer's API over HTTP on the hep-th 1992-93 sample: profiles with trust, works, papers,
topics, institutions, search, follow/claim/open-to-collaborate, and every error case."""

from __future__ import annotations

import httpx
import pytest

from queries.trust import Evidence, trust_snapshot

PAPER = "paper:arxiv:hep-th/9201001"  # Itzykson and Zuber
READER = {"X-API-Key": "test-reader-key"}
READER2 = {"X-API-Key": "test-analyst-key"}
CURATOR = {"X-API-Key": "test-curator-key"}


def _author(api: httpx.Client, surname: str) -> str:
    """An author's id, found by search (ids depend on the identity rule in force)."""
    hits = api.get("/search", params={"q": surname, "type": "Author"}).json()["results"]
    return next(h["id"] for h in hits if surname in h["label"])


@pytest.fixture(scope="module")
def gibbons(api: httpx.Client) -> str:
    return _author(api, "Gibbons")


def _error(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] == code and body["message"]
    return body["message"]


# Profiles ----------------------------------------------------------------------------------


def test_profile_counts_agree_with_other_endpoints(api: httpx.Client, gibbons: str) -> None:
    p = api.get(f"/authors/{gibbons}").json()
    assert "Gibbons" in p["name"] and p["name"] in p["name_variants"]
    works = api.get(f"/authors/{gibbons}/works", params={"per_page": 1}).json()
    coll = api.get(f"/authors/{gibbons}/collaborators", params={"per_page": 200}).json()
    assert p["counts"]["works"] == works["meta"]["count"] == p["works"]
    assert p["counts"]["coauthors"] == coll["meta"]["count"]
    close = [c for c in coll["results"] if c["joint_papers"] >= 2]
    assert p["counts"]["close_collaborators"] == len(close) > 0
    assert [c["id"] for c in p["close_collaborators"]] == [c["id"] for c in close][:5]
    assert p["top_topics"] and p["counts"]["topics"] >= len(p["top_topics"])
    counts = [t["works"] for t in p["top_topics"]]
    assert counts == sorted(counts, reverse=True) and counts[0] <= p["works"]
    assert p["counts"]["followers"] >= 0
    assert all(type(v) is int for v in p["counts"].values()), p["counts"]  # not 1.0


def test_stored_profile_counts_give_the_same_pages(api: httpx.Client, sample_store) -> None:
    """Hub authors' profile counters stored by refresh_hubs give the same profile pages as the
    live aggregation, and are cleared again when the authors stop being hubs."""
    from queries.slice import refresh_hubs

    busiest = [
        r["id"]
        for r in sample_store.read(
            "MATCH (a:Author)-[r]-() WITH a, count(r) AS d "
            "RETURN a.id AS id ORDER BY d DESC, id LIMIT 3"
        ).rows
    ]
    live = [api.get(f"/authors/{a}").json() for a in busiest]
    facts = "MATCH (a:Author {id: $id}) RETURN a.profile_counts AS c"
    try:
        assert refresh_hubs(sample_store, min_degree=25) > 2
        assert all(sample_store.read(facts, {"id": a}).rows[0]["c"] for a in busiest)
        stored = [api.get(f"/authors/{a}").json() for a in busiest]
    finally:
        refresh_hubs(sample_store, min_degree=10**9)
    assert stored == live
    assert all(type(v) is int for page in stored + live for v in page["counts"].values())
    assert not any(sample_store.read(facts, {"id": a}).rows[0]["c"] for a in busiest)


def test_profile_affiliation_and_trust_snapshot(api: httpx.Client, gibbons: str) -> None:
    p = api.get(f"/authors/{gibbons}").json()
    trust = p["trust"]
    assert 0 <= trust["score"] <= 100 and trust["score"] == sum(trust["points"].values())
    assert trust["label"] in {"Unverified", "Corroborated", "Verified"}
    ev = trust["evidence"]
    assert ev["source_count"] == len(p["sources"]) >= 1
    assert ev["affiliation_known"] == bool(p["affiliations"])
    expected = "imported" if p["affiliations"] else "not imported"
    assert p["affiliation"]["status"] == expected
    assert trust["verification_level"] in {"L1", "L2"}


def test_trust_formula_reproduces_the_seed_page() -> None:
    # "Trust 15 - Unverified, Verification L1, Unclaimed author": 3 works, one source, no more.
    snap = trust_snapshot(Evidence(works=3, sources=["arxiv"], affiliation_known=False))
    assert (snap["score"], snap["label"], snap["verification_level"]) == (15, "Unverified", "L1")
    full = trust_snapshot(
        Evidence(
            works=40,
            sources=["arxiv", "crossref", "s2"],
            affiliation_known=True,
            orcid="0000-0002-1825-0097",
            merge_score=1.0,
            claim_status="approved",
        )
    )
    assert (full["score"], full["label"], full["verification_level"]) == (100, "Verified", "L4")
    pending = trust_snapshot(
        Evidence(
            works=1,
            sources=["arxiv"],
            affiliation_known=True,
            merge_score=0.5,
            claim_status="pending",
        )
    )
    assert pending["score"] == 10 + 10 + 8 and pending["verification_level"] == "L2"


def test_works_newest_first_paged_and_filtered(api: httpx.Client, gibbons: str) -> None:
    first = api.get(f"/authors/{gibbons}/works", params={"per_page": 3}).json()
    total, seen, rows = first["meta"]["count"], [], first["results"]
    cursor = first["meta"]["next_cursor"]
    seen += rows
    while cursor:
        page = api.get(f"/authors/{gibbons}/works", params={"per_page": 3, "cursor": cursor})
        seen += page.json()["results"]
        cursor = page.json()["meta"]["next_cursor"]
    assert len(seen) == total == len({w["id"] for w in seen})
    keys = [(w["year"] or 0, w["date"] or "") for w in seen]
    assert keys == sorted(keys, reverse=True)
    y1992 = api.get(f"/authors/{gibbons}/works", params={"year": 1992}).json()
    assert y1992["results"] and all(w["year"] == 1992 for w in y1992["results"])
    assert y1992["meta"]["count"] == sum(1 for w in seen if w["year"] == 1992)
    for kind in ("preprint", "article"):
        got = api.get(f"/authors/{gibbons}/works", params={"type": kind}).json()
        assert got["meta"]["count"] == sum(1 for w in seen if w["type"] == kind)
    journals = [w["venue"] for w in seen if w["venue"]]
    if journals:
        word = journals[0].split()[0]
        got = api.get(f"/authors/{gibbons}/works", params={"venue": word.upper()}).json()
        assert got["results"] and all(word.lower() in w["venue"].lower() for w in got["results"])


def test_works_venue_as_people_write_it(api: httpx.Client, gibbons: str) -> None:
    """`Nucl. Phys. B` finds the references written `Nucl.Phys. B463 (1996) 383`: spaces, dots,
    commas and dashes are not compared."""
    seen = api.get(f"/authors/{gibbons}/works", params={"per_page": 200}).json()["results"]
    dotted = [w["venue"] for w in seen if w["venue"] and "." in w["venue"].split()[0][:-1]]
    assert dotted, "the sample author has a reference like Nucl.Phys."
    journal = dotted[0].split()[0]  # e.g. "Nucl.Phys."
    spaced = journal.replace(".", ". ").strip().lower()  # "nucl. phys."
    got = api.get(f"/authors/{gibbons}/works", params={"venue": spaced, "per_page": 200}).json()
    assert got["meta"]["count"] == sum(1 for w in seen if w["venue"] and journal in w["venue"])


def test_a_topic_page_reads_a_topic_as_loads_read_it(api: httpx.Client, gibbons: str) -> None:
    """`/topics/hep-th` and `/topics/HEP-TH` are `topic:hep-th`, as the recommendations'
    topic filter reads them."""
    pages = [api.get(f"/topics/{t}") for t in ("topic:hep-th", "hep-th", "HEP-TH")]
    assert all(p.status_code == 200 for p in pages), [p.text for p in pages]
    assert pages[0].json() == pages[1].json() == pages[2].json()
    assert pages[1].json()["id"] == "topic:hep-th"


def test_paper_topic_institution_pages_with_slashes_in_ids(api: httpx.Client, gibbons: str) -> None:
    paper = api.get(f"/papers/{PAPER}").json()
    assert paper["id"] == PAPER and paper["year"] == int(paper["date"][:4])
    names = [a["name"] for a in paper["authors"]]
    assert len(names) == 2 and "Itzykson" in names[0] and "Zuber" in names[1]
    assert {t["id"] for t in paper["topics"]} >= {"topic:hep-th"}
    topic = api.get("/topics/topic:hep-th").json()
    assert topic["works"] > 1000 and len(topic["recent_works"]) == 10
    years = [w["year"] for w in topic["recent_works"]]
    assert years == sorted(years, reverse=True)
    inst_id = next(a["id"] for p in _authors_with_affiliations(api) for a in p["affiliations"])
    inst = api.get(f"/institutions/{inst_id}").json()
    assert inst["id"] == inst_id and inst["authors"] >= 1 and inst["members"]


def _authors_with_affiliations(api: httpx.Client) -> list[dict]:
    hits = api.get("/search", params={"q": "institute", "type": "Institution"}).json()["results"]
    assert hits, "the sample has institutions named *Institute*"
    inst = api.get(f"/institutions/{hits[0]['id']}").json()
    return [api.get(f"/authors/{m['id']}").json() for m in inst["members"][:1]]


@pytest.mark.parametrize(
    "path",
    [
        "/papers/paper:arxiv:hep-th/0000000",
        "/topics/topic:nope",
        "/institutions/inst:nowhere",
        "/authors/author:nobody",
        "/authors/author:nobody/works",
    ],
)
def test_unknown_ids_are_404(api: httpx.Client, gibbons: str, path: str) -> None:
    _error(api.get(path), 404, "not_found")


@pytest.mark.parametrize(
    "params",
    [{"per_page": 0}, {"per_page": 10**9}, {"year": "x"}, {"cursor": "%%%"}, {"venue": "v" * 500},
     {"type": "book"}],  # fmt: skip
)
def test_works_bad_parameters_are_422(api: httpx.Client, gibbons: str, params: dict) -> None:
    _error(api.get(f"/authors/{gibbons}/works", params=params), 422, "invalid_parameter")


def test_odd_characters_in_ids_never_500(api: httpx.Client, gibbons: str) -> None:
    for odd in ["paper:'\"; MATCH (n) DETACH DELETE n //", "тема:ü/ß", "a" * 299, "x\\y"]:
        for prefix in ("/papers/", "/topics/", "/institutions/", "/authors/"):
            oid = odd.replace("/", "-") if prefix == "/authors/" else odd  # author ids have no '/'
            r = api.get(prefix + oid)
            assert r.status_code == 404, (prefix, odd, r.text)
    _error(api.get("/papers/" + "a" * 400), 422, "invalid_parameter")
    assert api.get(f"/papers/{PAPER}").status_code == 200


# Search ------------------------------------------------------------------------------------


def test_search_typo_tolerant_and_autocomplete(api: httpx.Client, gibbons: str) -> None:
    exact = api.get("/search", params={"q": "Townsend", "type": "author"}).json()
    assert exact["results"][0]["label"].endswith("Townsend")
    townsend = exact["results"][0]["id"]
    typo = api.get("/search", params={"q": "Townsennd"}).json()
    assert townsend in [r["id"] for r in typo["results"][:3]]
    prefix = api.get("/search", params={"q": "Itzyk", "type": "Author"}).json()
    assert "Itzykson" in prefix["results"][0]["label"]
    paper = api.get("/search", params={"q": "Itzykson Zuber integral", "type": "paper"}).json()
    assert all(r["type"] == "Paper" for r in paper["results"])
    assert "Itzykson-Zuber" in paper["results"][0]["label"]
    topic = api.get("/search", params={"q": "hep-th", "type": "Topic"}).json()
    assert topic["results"][0]["id"] == "topic:hep-th"


def test_search_puts_a_person_above_titles_that_hold_their_name(api: httpx.Client) -> None:
    """'Witten' is a person's surname, and a word of many titles (Wess-Zumino-Witten model)."""
    hits = api.get("/search", params={"q": "Witten"}).json()["results"]
    assert [h["label"] for h in hits[:2]] == ["Edward Witten", "Louis Witten"]
    assert any(h["type"] == "Paper" and "Witten" in h["label"] for h in hits)
    title = api.get("/search", params={"q": "Wess-Zumino-Witten model"}).json()["results"]
    assert title[0]["type"] == "Paper" and "Wess-Zumino-Witten" in title[0]["label"]


def test_a_surname_query_ranks_its_people_by_prominence(api: httpx.Client) -> None:
    """"Maharana" matches "Jnanadeva Maharana" as well as each "J. Maharana" kept apart by
    identity: the shorter names no longer win on letters alone, so the busier people come
    first."""
    hits = api.get("/search", params={"q": "Maharana", "per_page": 20}).json()["results"]
    people = [h for h in hits if h["type"] == "Author"]
    labels = {h["label"] for h in people}
    assert len(people) >= 4 and {"Jnanadeva Maharana", "J. Maharana"} <= labels
    degrees = [h["degree"] for h in people]
    assert degrees == sorted(degrees, reverse=True), [(h["label"], h["degree"]) for h in people]


def test_search_every_word_first_then_any_word(api: httpx.Client) -> None:
    both = api.get("/search", params={"q": "black hole", "type": "Paper", "limit": 20}).json()
    titles = [r["label"].lower() for r in both["results"]]
    assert len(titles) == 20 and all("black" in t and "hole" in t for t in titles)
    # No node has both words: the search widens to any word instead of finding nothing.
    one = api.get("/search", params={"q": "Itzykson qqzzqqzz", "type": "Author"}).json()
    assert "Itzykson" in one["results"][0]["label"]


def test_search_uses_stored_hub_degrees_consistently(api: httpx.Client, sample_store) -> None:
    """Hubs' degree comes from their stored per-label degree (refresh_hubs) instead of a count
    over their edges: the same scores and order as the live count."""
    from queries.slice import refresh_hubs

    queries = [{"q": "hep"}, {"q": "hep-th", "type": "Topic"}, {"q": "Odintsov"}]
    live = [api.get("/search", params=p).json() for p in queries]
    try:
        assert refresh_hubs(sample_store, min_degree=25) > 2
        stored = [api.get("/search", params=p).json() for p in queries]
    finally:
        refresh_hubs(sample_store, min_degree=10**9)
    assert stored == live
    assert max(r["degree"] for r in live[1]["results"]) > 25  # a hub was among them


def test_search_ranks_by_score_and_pages(api: httpx.Client, gibbons: str) -> None:
    first = api.get("/search", params={"q": "black hole", "limit": 5}).json()
    scores = [r["score"] for r in first["results"]]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert first["meta"]["count"] > 5 and first["meta"]["next_cursor"]
    nxt = api.get(
        "/search", params={"q": "black hole", "limit": 5, "cursor": first["meta"]["next_cursor"]}
    ).json()
    assert not {r["id"] for r in nxt["results"]} & {r["id"] for r in first["results"]}
    assert nxt["results"][0]["score"] <= scores[-1]


def test_search_pages_by_per_page_as_every_list_does(api: httpx.Client, gibbons: str) -> None:
    """`per_page`, the page size of every other list, works on /search too (`limit` stays)."""
    by_limit = api.get("/search", params={"q": "black hole", "limit": 5}).json()
    by_per_page = api.get("/search", params={"q": "black hole", "per_page": 5}).json()
    assert len(by_per_page["results"]) == 5 and by_per_page == by_limit
    both = api.get("/search", params={"q": "black hole", "limit": 5, "per_page": 7})
    assert both.status_code == 422 and "per_page" in both.json()["message"]


def test_search_matches_name_variants(api: httpx.Client, gibbons: str) -> None:
    p = api.get(f"/authors/{gibbons}").json()
    for variant in p["name_variants"]:
        hits = api.get("/search", params={"q": variant, "type": "Author"}).json()["results"]
        assert gibbons in [h["id"] for h in hits[:5]]


@pytest.mark.parametrize("q", ["'\"", "(*)|%", "zzzzqqqxxx", "ÜñÎçødé", "a", "the"])
def test_search_odd_queries_answer_cleanly(api: httpx.Client, gibbons: str, q: str) -> None:
    r = api.get("/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert r.json()["meta"]["count"] == len(r.json()["results"]) or r.json()["meta"]["next_cursor"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 201},
        {"q": "a", "type": "Planet"},
        {"q": "a", "limit": 0},
        {"q": "a", "limit": 101},
        {"q": "   "},
        {},
    ],
)
def test_search_bad_parameters_are_422(api: httpx.Client, gibbons: str, params: dict) -> None:
    _error(api.get("/search", params=params), 422, "invalid_parameter")


# Social actions ----------------------------------------------------------------------------


def test_follow_and_unfollow_need_a_key_and_count(api: httpx.Client, gibbons: str) -> None:
    TOWNSEND = _author(api, "Townsend")  # noqa: N806
    anon = httpx.Client(base_url=str(api.base_url))
    _error(anon.post(f"/authors/{TOWNSEND}/follow"), 401, "unauthorized")
    before = api.get(f"/authors/{TOWNSEND}").json()["counts"]["followers"]
    r = api.post(f"/authors/{TOWNSEND}/follow", headers=READER)
    assert r.status_code == 200 and r.json()["following"] is True
    api.post(f"/authors/{TOWNSEND}/follow", headers=READER)  # idempotent
    api.post(f"/authors/{TOWNSEND}/follow", headers=READER2)
    prof = api.get(f"/authors/{TOWNSEND}", headers=READER).json()
    assert prof["counts"]["followers"] == before + 2 and prof["following"] is True
    r = api.post(f"/authors/{TOWNSEND}/unfollow", headers=READER)
    assert r.json() == {"id": TOWNSEND, "following": False, "followers": before + 1}
    _error(api.post("/authors/author:nobody/follow", headers=READER), 404, "not_found")


def test_claim_pending_then_approved_raises_verification(api: httpx.Client, gibbons: str) -> None:
    author = _author(api, "Itzykson")
    before = api.get(f"/authors/{author}").json()["trust"]
    _error(
        api.post(f"/authors/{author}/claim", headers=READER, json={"orcid": "12"}),
        422,
        "invalid_parameter",
    )
    claim = api.post(
        f"/authors/{author}/claim", headers=READER, json={"orcid": "0000-0002-1825-0097"}
    )
    assert claim.status_code == 202 and claim.json()["status"] == "pending"
    again = api.post(f"/authors/{author}/claim", headers=READER).json()
    assert again["id"] == claim.json()["id"]
    pending = api.get(f"/authors/{author}").json()
    assert (
        pending["claim"]["status"] == "pending" and pending["trust"]["verification_level"] == "L2"
    )
    _error(api.post(f"/authors/{author}/open-to-collaborate", headers=READER), 403, "forbidden")
    _error(api.post(f"/authors/{author}/claim/approve", headers=READER), 403, "forbidden")
    ok = api.post(f"/authors/{author}/claim/approve", headers=CURATOR)
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    after = api.get(f"/authors/{author}").json()
    assert after["claim"]["claimed"] and after["trust"]["verification_level"] == "L4"
    assert after["external_ids"] == {"orcid": "0000-0002-1825-0097"}
    assert after["trust"]["score"] == before["score"] + 35 + 15
    _error(api.post(f"/authors/{author}/claim", headers=READER2), 409, "conflict")
    _error(api.post(f"/authors/{author}/claim/approve", headers=CURATOR), 404, "not_found")
    r = api.post(f"/authors/{author}/open-to-collaborate", headers=READER, json={"value": True})
    assert r.status_code == 200 and api.get(f"/authors/{author}").json()["open_to_collaborate"]
    api.post(f"/authors/{author}/open-to-collaborate", headers=READER, json={"value": False})
    assert api.get(f"/authors/{author}").json()["open_to_collaborate"] is False


def test_claim_reject_and_bad_decision(api: httpx.Client, gibbons: str) -> None:
    author = _author(api, "Zuber")
    api.post(f"/authors/{author}/claim", headers=READER2)
    r = api.post(f"/authors/{author}/claim/reject", headers=CURATOR)
    assert r.json()["status"] == "rejected"
    assert api.get(f"/authors/{author}").json()["trust"]["verification_level"] == "L1"
    assert api.post(f"/authors/{author}/claim/maybe", headers=CURATOR).status_code == 422
    _error(
        api.post(f"/authors/{author}/claim", headers=READER, json={"note": 5}),
        422,
        "invalid_parameter",
    )
