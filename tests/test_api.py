"""The HTTP API on the hep-th sample, through a real server."""

from __future__ import annotations

import httpx
import pytest

from queries.ties import tie_strength


def test_health_and_ready(api: httpx.Client) -> None:
    assert api.get("/health").json()["status"] == "ok"
    assert api.get("/ready").json() == {"status": "ready"}


def test_author_profile(api: httpx.Client, gibbons: str) -> None:
    body = api.get(f"/authors/{gibbons}").json()
    assert body["name"] == "Gary W. Gibbons" and "G. W. Gibbons" in body["name_variants"]
    assert body["works"] >= 5 and body["coauthors"] >= 10
    assert 1992 <= body["first_year"] <= body["last_year"] <= 1993


def test_unknown_author_is_404_with_error_body(api: httpx.Client) -> None:
    r = api.get("/authors/author:nobody-at-all")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found" and "author:nobody-at-all" in r.json()["message"]


def test_collaborators_ranked_and_paged(api: httpx.Client, gibbons: str) -> None:
    first = api.get(f"/authors/{gibbons}/collaborators", params={"per_page": 4}).json()
    assert first["meta"]["count"] >= 10 and len(first["results"]) == 4
    seen = {c["id"] for c in first["results"]}
    cursor = first["meta"]["next_cursor"]
    while cursor:
        page = api.get(f"/authors/{gibbons}/collaborators",
                       params={"per_page": 4, "cursor": cursor}).json()  # fmt: skip
        assert not seen & {c["id"] for c in page["results"]}
        seen |= {c["id"] for c in page["results"]}
        cursor = page["meta"]["next_cursor"]
    assert len(seen) == first["meta"]["count"]
    assert any(i.startswith("author:townsend") for i in seen)  # co-author in hep-th/9212..


def test_collaborators_ordered_by_tie_strength_then_topic_overlap(
    api: httpx.Client, gibbons: str
) -> None:
    """strength = joint papers / e per year before the author's latest joint year (queries.ties);
    equal strengths by topic_overlap, then id; shared_topics are named topics both work in."""
    rows = api.get(f"/authors/{gibbons}/collaborators", params={"per_page": 200}).json()["results"]
    ref = max(c["last_year"] for c in rows)
    for c in rows:
        assert c["strength"] == pytest.approx(tie_strength(c["joint_papers"], c["last_year"], ref))
        assert 0 < c["topic_overlap"] <= 1 and c["shared_topics"]  # all share hep-th at least
        assert all(t["id"].startswith("topic:") and t["name"] for t in c["shared_topics"])
    keys = [(-round(c["strength"], 9), -round(c["topic_overlap"], 9), c["id"]) for c in rows]
    assert keys == sorted(keys)
    assert len({c["last_year"] for c in rows}) > 1  # recency matters here, not only joint papers
    by_weight = sorted(rows, key=lambda c: (-c["joint_papers"], -c["last_year"], c["id"]))
    assert [c["id"] for c in by_weight] != [c["id"] for c in rows]


def test_collaborators_of_unknown_solo_and_past_the_end(
    api: httpx.Client, sample_store, gibbons: str
) -> None:
    r = api.get("/authors/author:nobody-at-all/collaborators")
    assert r.status_code == 404 and "author:nobody-at-all" in r.json()["message"]
    solo = sample_store.read(
        "MATCH (a:Author) WHERE NOT (a)-[:CO_AUTHOR]-() RETURN a.id AS id ORDER BY id LIMIT 1"
    ).rows[0]["id"]
    body = api.get(f"/authors/{solo}/collaborators").json()
    assert body["meta"]["count"] == 0 and body["results"] == []
    total = api.get(f"/authors/{gibbons}/collaborators").json()["meta"]["count"]
    last = api.get(f"/authors/{gibbons}/collaborators", params={"per_page": total - 1}).json()
    params = {"per_page": total - 1, "cursor": last["meta"]["next_cursor"]}
    tail = api.get(f"/authors/{gibbons}/collaborators", params=params).json()
    assert len(tail["results"]) == 1 and tail["meta"]["count"] == total
    assert tail["meta"]["next_cursor"] is None


def test_bad_cursor_and_per_page_are_422(api: httpx.Client, gibbons: str) -> None:
    r = api.get(f"/authors/{gibbons}/collaborators", params={"cursor": "garbage!"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_parameter"
    r = api.get(f"/authors/{gibbons}/collaborators", params={"per_page": 100000})
    assert r.status_code == 422 and "per_page" in r.json()["message"]


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/authors/{a}/collaborators", {"limit": 3}, "'limit'"),
        ("/authors/{a}/recommendations", {"limit": 3}, "'limit'"),
        ("/authors/{a}/recommendations", {"topc": "hep-th", "sinse": 1993}, "'sinse', 'topc'"),
        ("/graph/slice", {"center": "{a}", "dept": 2}, "'dept'"),
    ],
)
def test_unknown_query_parameters_are_422_naming_them(
    api: httpx.Client, gibbons: str, path: str, params: dict, named: str
) -> None:
    """A misspelt filter or another API's paging name is refused, not silently ignored."""
    params = {k: (v.format(a=gibbons) if isinstance(v, str) else v) for k, v in params.items()}
    r = api.get(path.format(a=gibbons), params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_parameter" and named in body["message"]
    assert "this endpoint takes:" in body["message"]


def test_declared_query_parameters_still_pass(api: httpx.Client, gibbons: str) -> None:
    r = api.get(f"/authors/{gibbons}/recommendations", params={"per_page": 2, "since": 1990})
    assert r.status_code == 200, r.text
    assert len(r.json()["results"]) <= 2
    assert api.get("/explorer", params={"center": gibbons}).status_code == 200  # page, not API


@pytest.mark.parametrize("depth", [1, 2])
def test_slice_is_capped_and_closed(api: httpx.Client, gibbons: str, depth: int) -> None:
    body = api.get("/graph/slice", params={"center": gibbons, "depth": depth,
                                           "limit": 30}).json()  # fmt: skip
    ids = {n["id"] for n in body["nodes"]}
    assert gibbons in ids and len(ids) <= 30
    assert {n["type"] for n in body["nodes"]} >= {"Author", "Paper"}
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    assert body["edges"]
    if depth == 2:
        assert body["truncated"] and body["omitted"]["nodes"] > 0


def test_slice_around_a_paper_and_a_topic(api: httpx.Client) -> None:
    paper = api.get("/graph/slice", params={"center": "paper:arxiv:hep-th/9201001"}).json()
    labels = {n["label"] for n in paper["nodes"]}
    assert {"C. Itzykson", "J.-B. Zuber"} <= labels
    topic = api.get("/graph/slice", params={"center": "topic:hep-th", "limit": 10}).json()
    assert len(topic["nodes"]) == 10 and topic["truncated"]


def test_slice_errors(api: httpx.Client, gibbons: str) -> None:
    assert api.get("/graph/slice", params={"center": "nope:x"}).status_code == 404
    assert api.get("/graph/slice", params={"center": gibbons, "depth": 9}).status_code == 422
    r = api.get("/graph/slice", params={"center": gibbons, "limit": 501})
    assert r.status_code == 422 and "500" in r.json()["message"]


def test_cypher_reads(api: httpx.Client, gibbons: str) -> None:
    r = api.post("/cypher", json={"query": "MATCH (a:Author {id: $id}) RETURN a.name AS name",
                                  "params": {"id": gibbons}})  # fmt: skip
    assert r.status_code == 200
    assert r.json()["rows"] == [{"name": "Gary W. Gibbons"}]


@pytest.mark.parametrize("query", [
    "CREATE (n:X) RETURN n",
    "MATCH (a:Author) SET a.name = 'x'",
    "MATCH (a:Author) DETACH DELETE a",
    "MATCH (a) RETURN a; MATCH (b) DELETE b",
])  # fmt: skip
def test_cypher_writes_are_refused_and_graph_unchanged(api: httpx.Client, query: str) -> None:
    count = "MATCH (n) RETURN count(n) AS n"
    before = api.post("/cypher", json={"query": count}).json()["rows"]
    r = api.post("/cypher", json={"query": query})
    assert r.status_code == 403 and r.json()["error"] == "read_only"
    assert api.post("/cypher", json={"query": count}).json()["rows"] == before


def test_openapi_docs(api: httpx.Client) -> None:
    assert api.get("/docs").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/health", "/authors/{author_id}", "/graph/slice", "/cypher"} <= set(paths)


def test_cypher_needs_an_analyst_key(api: httpx.Client) -> None:
    body = {"query": "RETURN 1 AS one"}
    r = api.post("/cypher", json=body, headers={"X-API-Key": ""})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    r = api.post("/cypher", json=body, headers={"X-API-Key": "test-reader-key"})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    r = api.post("/cypher", json=body, headers={"X-API-Key": "wrong"})
    assert r.status_code == 401
    r = api.post("/cypher", json=body, headers={"Authorization": "Bearer test-admin-key"})
    assert r.status_code == 200 and r.json()["rows"] == [{"one": 1}]


def test_similar_papers(api: httpx.Client) -> None:
    pid = "paper:arxiv:hep-th/9201001"
    body = api.get(f"/papers/{pid}/similar", params={"per_page": 5}).json()
    assert body["meta"]["count"] == 10 and len(body["results"]) == 5
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert pid not in {r["id"] for r in body["results"]}
    nxt = api.get(f"/papers/{pid}/similar",
                  params={"per_page": 5, "cursor": body["meta"]["next_cursor"]}).json()
    assert len(nxt["results"]) == 5 and nxt["meta"]["next_cursor"] is None
    assert api.get("/papers/paper:nope/similar").status_code == 404
