"""The HTTP API on the hep-th sample, through a real server."""

from __future__ import annotations

import httpx
import pytest

# Two well-connected 1992-93 hep-th authors (checked by hand in the sample's .abs files).
GIBBONS = "author:g-w-gibbons"


def test_health_and_ready(api: httpx.Client) -> None:
    assert api.get("/health").json()["status"] == "ok"
    assert api.get("/ready").json() == {"status": "ready"}


def test_author_profile(api: httpx.Client) -> None:
    body = api.get(f"/authors/{GIBBONS}").json()
    assert body["name"] == "G. W. Gibbons"
    assert body["works"] >= 5 and body["coauthors"] >= 10
    assert 1992 <= body["first_year"] <= body["last_year"] <= 1993


def test_unknown_author_is_404_with_error_body(api: httpx.Client) -> None:
    r = api.get("/authors/author:nobody-at-all")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found" and "author:nobody-at-all" in r.json()["message"]


def test_collaborators_ranked_and_paged(api: httpx.Client) -> None:
    first = api.get(f"/authors/{GIBBONS}/collaborators", params={"per_page": 4}).json()
    assert first["meta"]["count"] >= 10 and len(first["results"]) == 4
    weights = [c["joint_papers"] for c in first["results"]]
    assert weights == sorted(weights, reverse=True)
    assert first["results"][0]["name"] == "P. K. Townsend"
    seen = {c["id"] for c in first["results"]}
    cursor = first["meta"]["next_cursor"]
    while cursor:
        page = api.get(f"/authors/{GIBBONS}/collaborators",
                       params={"per_page": 4, "cursor": cursor}).json()  # fmt: skip
        assert not seen & {c["id"] for c in page["results"]}
        seen |= {c["id"] for c in page["results"]}
        cursor = page["meta"]["next_cursor"]
    assert len(seen) == first["meta"]["count"]


def test_bad_cursor_and_per_page_are_422(api: httpx.Client) -> None:
    r = api.get(f"/authors/{GIBBONS}/collaborators", params={"cursor": "garbage!"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_parameter"
    r = api.get(f"/authors/{GIBBONS}/collaborators", params={"per_page": 100000})
    assert r.status_code == 422 and "per_page" in r.json()["message"]


@pytest.mark.parametrize("depth", [1, 2])
def test_slice_is_capped_and_closed(api: httpx.Client, depth: int) -> None:
    body = api.get("/graph/slice", params={"center": GIBBONS, "depth": depth,
                                           "limit": 30}).json()  # fmt: skip
    ids = {n["id"] for n in body["nodes"]}
    assert GIBBONS in ids and len(ids) <= 30
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


def test_slice_errors(api: httpx.Client) -> None:
    assert api.get("/graph/slice", params={"center": "nope:x"}).status_code == 404
    assert api.get("/graph/slice", params={"center": GIBBONS, "depth": 9}).status_code == 422
    r = api.get("/graph/slice", params={"center": GIBBONS, "limit": 501})
    assert r.status_code == 422 and "500" in r.json()["message"]


def test_cypher_reads(api: httpx.Client) -> None:
    r = api.post("/cypher", json={"query": "MATCH (a:Author {id: $id}) RETURN a.name AS name",
                                  "params": {"id": GIBBONS}})  # fmt: skip
    assert r.status_code == 200
    assert r.json()["rows"] == [{"name": "G. W. Gibbons"}]


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
