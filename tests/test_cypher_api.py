"""Analyst Cypher over HTTP and the CLI: rows, params, row cap, CSV, EXPLAIN, timeout, schema."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from tests.conftest import API_KEYS, REPO

EXAMPLES = sorted((REPO / "cypher" / "examples").glob("*.cypher"))
CAP = 50


def gibbons_id(store: GraphStore) -> str:
    """G. W. Gibbons' id, whatever the id scheme (ids follow identity resolution)."""
    query = "MATCH (a:Author) WHERE 'G. W. Gibbons' IN a.name_variants RETURN a.id AS id"
    rows = store.read(query).rows
    assert len(rows) == 1, rows
    return rows[0]["id"]


def name_of(author_id: str) -> str:
    return _NAMES[author_id]


_NAMES: dict[str, str] = {}


@pytest.fixture(scope="module")
def gid(sample_store: GraphStore) -> str:
    author_id = gibbons_id(sample_store)
    _NAMES[author_id] = sample_store.read(
        "MATCH (a:Author {id: $id}) RETURN a.name AS name", {"id": author_id}
    ).rows[0]["name"]
    return author_id


@pytest.fixture(scope="module")
def capped(sample_store: GraphStore) -> Iterator[httpx.Client]:
    """An API on the sample with a small row cap and a 1 s query timeout."""
    from graphsvc.api.app import create_app
    from tests.http_server import ServerThread

    settings = Settings(data_dir=Path("/nonexistent-unused"), _env_file=None, api_keys=API_KEYS,
                        cypher_row_cap=CAP, query_timeout_ms=1000)  # fmt: skip
    server = ServerThread(create_app(settings, sample_store)).start()
    with httpx.Client(base_url=server.url, timeout=30,
                      headers={"X-API-Key": "test-analyst-key"}) as client:  # fmt: skip
        yield client
    server.stop()


def test_rows_as_json_match_the_store(api: httpx.Client, sample_store: GraphStore) -> None:
    r = api.post("/cypher", json={"query": "MATCH (p:Paper) RETURN p.year AS year, "
                                           "count(p) AS n ORDER BY year"})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["year", "n"] and not body["truncated"]
    total = sample_store.read("MATCH (p:Paper) RETURN count(p) AS n").rows[0]["n"]
    assert sum(row["n"] for row in body["rows"]) == total > 3000
    years = [row["year"] for row in body["rows"]]
    assert years == sorted(years) and {1992, 1993} <= set(years)


def test_parameters(gid: str, api: httpx.Client) -> None:
    r = api.post("/cypher", json={"query": "MATCH (a:Author {id: $id}) RETURN a.name AS name",
                                  "params": {"id": gid}})  # fmt: skip
    assert r.json()["rows"] == [{"name": name_of(gid)}]
    bad = api.post("/cypher", json={"query": "RETURN $x", "params": {"x y": 1}})
    assert bad.status_code == 422 and "x y" in bad.json()["message"]
    query = "MATCH (a:Author {id: $id}) WHERE a.name <> '$not' RETURN a.name, $limit.max"
    for path in ("/cypher", "/cypher/explain"):
        missing = api.post(path, json={"query": query, "params": {"id": gid}})
        assert missing.status_code == 422, missing.text
        assert missing.json()["message"] == "the query uses $limit, which params does not give"


def test_row_cap_sets_truncated(capped: httpx.Client) -> None:
    over = capped.post("/cypher", json={"query": "MATCH (a:Author) RETURN a.id AS id"}).json()
    assert len(over["rows"]) == CAP and over["truncated"]
    exact = capped.post("/cypher", json={"query": f"MATCH (a:Author) RETURN a.id LIMIT {CAP}"})
    assert len(exact.json()["rows"]) == CAP and not exact.json()["truncated"]
    big_limit = capped.post("/cypher", json={"query": "MATCH (a:Author) RETURN a.id LIMIT $n",
                                             "params": {"n": 100000}}).json()  # fmt: skip
    assert len(big_limit["rows"]) == CAP and big_limit["truncated"]
    union = "MATCH (a:Author) RETURN a.id AS id UNION MATCH (p:Paper) RETURN p.id AS id"
    body = capped.post("/cypher", json={"query": union}).json()
    assert len(body["rows"]) == CAP and body["truncated"]


def test_the_row_cap_keeps_the_querys_own_smaller_limit(capped: httpx.Client) -> None:
    """The cap never widens a query's own LIMIT, nor drops what follows it."""
    ordered = "MATCH (a:Author) RETURN a.id AS id ORDER BY id"
    every = [r["id"] for r in capped.post("/cypher", json={"query": ordered}).json()["rows"]]

    def ids(tail: str, params: dict | None = None) -> list[str]:
        body = capped.post("/cypher", json={"query": f"{ordered} {tail}", "params": params or {}})
        assert body.status_code == 200, body.text
        assert not body.json()["truncated"]
        return [r["id"] for r in body.json()["rows"]]

    assert ids("LIMIT $n", {"n": 3}) == every[:3]
    assert ids("SKIP $s LIMIT $n", {"s": 2, "n": 3}) == every[2:5]
    # SKIP after LIMIT is not Cypher: the store says so (the cap once cut the SKIP and
    # answered every row)
    wrong = capped.post("/cypher", json={"query": f"{ordered} LIMIT 3 SKIP 2"})
    assert wrong.status_code == 400 and "SKIP" in wrong.json()["message"], wrong.text


NEO4J_IDIOMS = [  # (a Neo4j idiom the embedded store refuses, its hint, the form that works)
    ("MATCH (a:Author {id: $author_id}), (b:Author) WHERE b <> a WITH a, b LIMIT 1 "
     "MATCH p = shortestPath((a)-[:CO_AUTHOR*]-(b)) RETURN length(p)", "algo.SPpaths",
     "MATCH (a:Author {id: $author_id})-[:CO_AUTHOR]-(m)-[:CO_AUTHOR]-(b) WHERE b <> a "
     "WITH a, b LIMIT 1 CALL algo.SPpaths({sourceNode: a, targetNode: b, relTypes: "
     "['CO_AUTHOR'], relDirection: 'both', maxLen: 4}) YIELD path RETURN length(path) AS hops"),
    ("MATCH (a:Author) WHERE a.name =~ 'G.*' RETURN count(a) AS n", "STARTS WITH",
     "MATCH (a:Author) WHERE a.name STARTS WITH 'G' RETURN count(a) AS n"),
    ("RETURN round(3.14159, 2) AS x", "round(x * 100) / 100.0",
     "RETURN round(3.14159 * 100) / 100.0 AS x"),
    ("MATCH (a:Author) RETURN elementId(a) AS i LIMIT 1", "id(n)",
     "MATCH (a:Author) RETURN id(a) AS i LIMIT 1"),
    ("RETURN datetime() AS t", "timestamp()", "RETURN timestamp() AS t"),
    ("MATCH (a:Author) RETURN apoc.text.clean(a.name) AS n LIMIT 1", "APOC", None),
    ("CALL db.schema.visualization()", "GET /schema", "CALL db.labels()"),
    ("MATCH (a:Author) WHERE NOT EXISTS { (a)-[:AUTHORED]->() } RETURN count(a) AS n",
     "pattern predicate", "MATCH (a:Author) WHERE NOT (a)-[:AUTHORED]->() RETURN count(a) AS n"),
    ("MATCH (a:Author {id: $author_id}) RETURN COUNT { (a)-[:AUTHORED]->() } AS n",
     "pattern comprehension",
     "MATCH (a:Author {id: $author_id}) RETURN size([(a)-[:AUTHORED]->(p) | p]) AS n"),
]


@pytest.mark.parametrize(("idiom", "hint", "works"), NEO4J_IDIOMS)
def test_a_neo4j_idiom_the_embedded_store_refuses_comes_with_its_form(
    api: httpx.Client, sample_store: GraphStore, gid: str, idiom: str, hint: str,
    works: str | None,
) -> None:  # fmt: skip
    """Analysts write Neo4j Cypher; on FalkorDB the error says how to write it there."""
    if sample_store.dialect != "falkordb":
        pytest.skip("these idioms run on Neo4j; the hints are the embedded store's")
    params = {"author_id": gid}
    r = api.post("/cypher", json={"query": idiom, "params": params})
    assert r.status_code == 400, r.text
    assert "on the embedded FalkorDB store" in r.json()["message"]
    assert hint in r.json()["message"], r.text
    if works:
        ok = api.post("/cypher", json={"query": works, "params": params})
        assert ok.status_code == 200 and ok.json()["rows"], ok.text


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (a:Author) RETURN b",
        # a typo in a query that quotes shortestPath: the error is the typo's
        "MATCH (a:Author), (b:Author) RETURN length(shortestPath((a)-[:CO_AUTHOR*]->(b))) LIMT 1",
    ],
)
def test_a_plain_error_gets_no_hint(api: httpx.Client, query: str) -> None:
    r = api.post("/cypher", json={"query": query})
    assert r.status_code == 400 and "embedded FalkorDB" not in r.json()["message"], r.text


def test_csv_when_asked(gid: str, capped: httpx.Client) -> None:
    query = {"query": "MATCH (a:Author {id: $id})-[c:CO_AUTHOR]-(b) RETURN b.name AS name, "
                      "c.weight AS w, [b.id] AS ids ORDER BY w DESC, name",
             "params": {"id": gid}}  # fmt: skip
    as_json = capped.post("/cypher", json=query).json()
    r = capped.post("/cypher", json=query, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-truncated"] == "false"
    table = list(csv.reader(io.StringIO(r.text)))
    assert table[0] == ["name", "w", "ids"]
    assert len(table) - 1 == len(as_json["rows"]) >= 10
    first = as_json["rows"][0]
    assert table[1] == [first["name"], str(first["w"]), json.dumps(first["ids"])]
    capped_csv = capped.post("/cypher", json={"query": "MATCH (a:Author) RETURN a.id"},
                             headers={"Accept": "text/csv"})  # fmt: skip
    assert capped_csv.headers["x-truncated"] == "true"
    assert len(capped_csv.text.strip().splitlines()) == CAP + 1


def test_explain_plan(gid: str, api: httpx.Client) -> None:
    r = api.post("/cypher/explain", json={"query": "MATCH (a:Author {id: $id}) RETURN a",
                                          "params": {"id": gid}})  # fmt: skip
    assert r.status_code == 200
    plan = "\n".join(r.json()["plan"])
    assert "Index" in plan and "Results" in plan
    refused = api.post("/cypher/explain", json={"query": "CREATE (n:Author {id: 'x'})"})
    assert refused.status_code == 403 and refused.json()["error"] == "read_only"


def test_timeout_stops_a_cartesian_product(capped: httpx.Client) -> None:
    start = time.monotonic()
    r = capped.post("/cypher", json={"query": "MATCH (a), (b), (c) RETURN count(*)"})
    assert r.status_code == 408 and r.json()["error"] == "query_timeout"
    assert time.monotonic() - start < 5


def test_bad_bodies_are_422_saying_what_is_wrong(api: httpx.Client) -> None:
    missing = api.post("/cypher", json={"q": "RETURN 1"})
    assert missing.status_code == 422 and missing.json()["message"].startswith("query: ")
    headers = {"content-type": "application/json"}
    broken = api.post("/cypher", content=b'{"query": RETURN 1}', headers=headers)
    assert broken.status_code == 422
    assert broken.json()["message"].startswith("body: not valid JSON at character 10 (")


def test_syntax_error_is_400(api: httpx.Client) -> None:
    r = api.post("/cypher", json={"query": "MATCH (n RETURN n"})
    assert r.status_code == 400 and r.json()["error"] == "query_error"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_queries_run(gid: str, api: httpx.Client, path: Path) -> None:
    text = path.read_text()
    assert text.startswith("// ") and "?" in text.splitlines()[0], "first line says what it answers"
    params = {"author_id": gid} if "$author_id" in text else {}
    r = api.post("/cypher", json={"query": text, "params": params})
    assert r.status_code == 200, r.text
    assert r.json()["rows"], f"{path.name} returned no rows on the sample"


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 6


def test_schema(api: httpx.Client, sample_store: GraphStore) -> None:
    body = api.get("/schema").json()
    assert {"Author", "Paper", "Topic", "Institution"} <= set(body["labels"])
    assert {"AUTHORED", "CO_AUTHOR", "HAS_TOPIC"} <= set(body["relationship_types"])
    assert {"id", "name", "title", "weight", "year"} <= set(body["property_keys"])
    authors = sample_store.read("MATCH (a:Author) RETURN count(a) AS n").rows[0]["n"]
    assert body["node_counts"]["Author"] == authors
    co = sample_store.read("MATCH ()-[c:CO_AUTHOR]->() RETURN count(c) AS n").rows[0]["n"]
    assert body["relationship_counts"]["CO_AUTHOR"] == co


def _cli(sample_store: GraphStore, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRAPHSVC_DATA_DIR": str(sample_store.server.dir.parent)}  # type: ignore[attr-defined]
    return subprocess.run([sys.executable, "-m", "graphsvc.cli", "cypher", *args], env=env,
                          capture_output=True, text=True, timeout=60, cwd=REPO)  # fmt: skip


def test_cli_cypher(gid: str, sample_store: GraphStore) -> None:
    """The CLI attaches to the running sample server (same data dir) and runs read-only Cypher."""
    ok = _cli(sample_store, "MATCH (a:Author {id: $id}) RETURN a.name AS name",
              "-p", f"id={json.dumps(gid)}", "--json")  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["rows"] == [{"name": name_of(gid)}]
    refused = _cli(sample_store, "MATCH (n) DETACH DELETE n")
    assert refused.returncode == 2 and "read-only" in refused.stderr
    assert "Traceback" not in refused.stderr
