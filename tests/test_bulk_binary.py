"""GRAPH.BULK records written by loaders.bulk_binary, read back from a real FalkorDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import loaders.bulk as bulk_module
from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store
from loaders.bulk import bulk_load
from loaders.bulk_binary import (
    BulkSender,
    edge_record_bytes,
    int_edge_records,
    record_bytes,
    value_bytes,
)
from loaders.model import AuthorRef, Work

AWKWARD = 'quote " comma , back\\slash \\" new\nline tab\t é 漢字 \U0001f600'


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[GraphStore]:
    s = open_store(Settings(data_dir=tmp_path, _env_file=None))
    yield s
    s.close()


def test_values_round_trip_through_the_server(store: GraphStore) -> None:
    conn = store.db.connection
    sender = BulkSender(conn, "roundtrip")
    values = [AWKWARD, 42, -7, 2.5, True, None, "", ["1995", "", "x y"], [1, 2.0]]
    names = [f"p{i}" for i in range(len(values))]
    first = sender.nodes("N", names, [record_bytes(values)])
    sender.edges("E", ["w"], [edge_record_bytes(first, first, [3])])
    graph = store.db.select_graph("roundtrip")
    node = graph.query("MATCH (n:N) RETURN n").result_set[0][0]
    props = node.properties
    assert props["p0"] == AWKWARD
    assert (props["p1"], props["p2"], props["p3"], props["p4"]) == (42, -7, 2.5, True)
    assert "p5" not in props and "p6" not in props  # None and "" are not set
    assert props["p7"] == ["1995", "", "x y"]  # strings stay strings, even digit-only ones
    assert props["p8"] == [1, 2.0]
    assert graph.query("MATCH (:N)-[e:E]->(:N) RETURN e.w").result_set == [[3]]
    assert (sender.nodes_created, sender.relationships_created) == (1, 1)
    graph.delete()


def test_unknown_value_types_are_refused() -> None:
    with pytest.raises(TypeError, match="no GRAPH.BULK encoding for dict"):
        value_bytes({"a": 1})


def test_many_small_commands_give_the_same_graph(store: GraphStore) -> None:
    """Records split over many GRAPH.BULK commands keep their ids and their values."""
    conn = store.db.connection
    sender = BulkSender(conn, "chunks", max_bytes=200)
    first = sender.nodes("N", ["id"], (record_bytes([f"n{i}"]) for i in range(300)))
    src = np.arange(299, dtype=np.int64) + first
    sender.int_edges(
        "NEXT", ["k"], int_edge_records(src, src + 1, [np.arange(299, dtype=np.int64)])
    )
    graph = store.db.select_graph("chunks")
    rows = graph.query("MATCH (a:N)-[e:NEXT]->(b:N) RETURN a.id, b.id, e.k ORDER BY e.k").result_set
    assert len(rows) == 299
    assert rows[0] == ["n0", "n1", 0] and rows[-1] == ["n298", "n299", 298]
    assert sender.nodes_created == 300 and sender.relationships_created == 299
    graph.delete()


def test_undated_pairs_have_no_years_and_odd_text_survives(store: GraphStore) -> None:
    works = [
        Work(
            id="x:1",
            title=AWKWARD,
            abstract='a,b\n"c"',
            authors=[
                AuthorRef(name="Ann Lee", affiliations=["1995", "Dept. of X, Univ. Y"]),
                AuthorRef(name="Bo Ma"),
            ],
        ),
        Work(
            id="x:2",
            title="dated",
            year=2003,
            authors=[AuthorRef(name="Bo Ma"), AuthorRef(name="Cy Oh")],
        ),  # fmt: skip
    ]
    report = bulk_load(store, works)
    assert (report["Paper"], report["Author"], report["CO_AUTHOR"]) == (2, 3, 2)
    rows = store.read(
        "MATCH (a:Author)-[c:CO_AUTHOR]->(b:Author) "
        "RETURN a.name AS a, b.name AS b, c.weight AS w, c.first_year AS f, c.last_year AS l "
        "ORDER BY a, b"
    ).rows
    assert rows == [
        {"a": "Ann Lee", "b": "Bo Ma", "w": 1, "f": None, "l": None},
        {"a": "Bo Ma", "b": "Cy Oh", "w": 1, "f": 2003, "l": 2003},
    ]
    paper = store.read("MATCH (p:Paper {id: 'paper:x:1'}) RETURN p.title AS t, p.abstract AS a")
    assert paper.rows == [{"t": works[0].title, "a": works[0].abstract}]  # as the model keeps them
    assert '"' in works[0].title and "\\" in works[0].title and "\n" in works[0].abstract
    aff = store.read(
        "MATCH (:Author {name: 'Ann Lee'})-[r:AUTHORED]->(:Paper) RETURN r.affiliations AS a"
    )
    assert aff.rows == [{"a": ["1995", "Dept. of X, Univ. Y"]}]


def test_a_failed_send_leaves_an_empty_graph_to_retry(store: GraphStore, monkeypatch) -> None:
    import redis

    from graphsvc.errors import StoreError

    def broken(*_args, **_kwargs):
        raise redis.ResponseError("boom")

    works = [Work(id="x:1", title="t", authors=[AuthorRef(name="Ann Lee")])]
    monkeypatch.setattr(bulk_module, "send_packed", broken)
    with pytest.raises(StoreError, match="GRAPH.BULK .* failed: boom"):
        bulk_load(store, works)
    monkeypatch.undo()
    assert bulk_load(store, works)["Paper"] == 1
