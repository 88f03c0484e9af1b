"""GraphWriter: idempotent loads, exact CO_AUTHOR weights, updates, bad records skipped."""

from __future__ import annotations

import pytest

from graphsvc.store import GraphStore
from loaders.model import AuthorRef, Rejected, Work
from loaders.names import name_key
from loaders.writer import GraphWriter, name_key_assigner


def work(pid: str, year: int, *names: str, topics: tuple[str, ...] = ("hep-th",)) -> Work:
    return Work(
        id=f"arxiv:{pid}", title=f"Paper {pid}", year=year, topics=list(topics),
        authors=[AuthorRef(name=n, affiliations=["MIT"] if n.startswith("A") else [])
                 for n in names],
    )  # fmt: skip


def counts(store: GraphStore) -> dict[str, int]:
    out = {r["label"]: r["count"] for r in store.run("stats_labels").rows}
    out |= {r["type"]: r["count"] for r in store.run("stats_relationships").rows}
    return out


def coauthor(store: GraphStore, a: str, b: str) -> dict | None:
    rows = store.read(
        "MATCH (x:Author {name_key: $a})-[c:CO_AUTHOR]-(y:Author {name_key: $b}) "
        "RETURN c.weight AS weight, c.first_year AS first_year, c.last_year AS last_year",
        {"a": name_key(a), "b": name_key(b)},
    ).rows
    return rows[0] if rows else None


WORKS = [
    work("p1", 1992, "Alice Smith", "Bob Jones"),
    work("p2", 1994, "Alice Smith", "Bob Jones", "Carol King"),
    work("p3", 1993, "Carol King"),
]


def writer(store: GraphStore) -> GraphWriter:
    return GraphWriter(store, name_key_assigner(name_key), batch_size=2)


def test_load_builds_the_graph_with_weights_and_years(empty_store: GraphStore) -> None:
    report = writer(empty_store).load(WORKS)
    assert (report.read, report.written, report.new_papers) == (3, 3, 3)
    c = counts(empty_store)
    assert c["Paper"] == 3 and c["Author"] == 3 and c["Topic"] == 1 and c["Institution"] == 1
    assert c["AUTHORED"] == 6 and c["HAS_TOPIC"] == 3 and c["CO_AUTHOR"] == 3
    assert coauthor(empty_store, "Alice Smith", "Bob Jones") == {
        "weight": 2, "first_year": 1992, "last_year": 1994}  # fmt: skip
    assert coauthor(empty_store, "Bob Jones", "Carol King")["weight"] == 1


def test_second_load_changes_nothing(empty_store: GraphStore) -> None:
    writer(empty_store).load(WORKS)
    before = counts(empty_store)
    report = writer(empty_store).load(WORKS)
    assert report.new_papers == 0
    assert counts(empty_store) == before
    assert coauthor(empty_store, "Alice Smith", "Bob Jones")["weight"] == 2


def test_changed_record_updates_edges(empty_store: GraphStore) -> None:
    writer(empty_store).load(WORKS)
    writer(empty_store).load([work("p2", 1994, "Alice Smith", "Dan Brown")])
    assert coauthor(empty_store, "Alice Smith", "Bob Jones") == {
        "weight": 1, "first_year": 1992, "last_year": 1992}  # fmt: skip
    assert coauthor(empty_store, "Bob Jones", "Carol King") is None
    assert coauthor(empty_store, "Alice Smith", "Dan Brown")["weight"] == 1
    c = counts(empty_store)
    assert c["Author"] == 4 and c["Paper"] == 3


def test_author_left_without_papers_is_removed(empty_store: GraphStore) -> None:
    writer(empty_store).load([work("p9", 2000, "Eve Adams", "Frank Moss")])
    writer(empty_store).load([work("p9", 2000, "Eve Adams")])
    names = [r["n"] for r in empty_store.read("MATCH (a:Author) RETURN a.name AS n").rows]
    assert names == ["Eve Adams"]


def test_rejected_records_are_reported_and_the_rest_loads(empty_store: GraphStore) -> None:
    bad = Rejected("x.abs", "Authors", "no authors")
    report = writer(empty_store).load([WORKS[0], bad, WORKS[2]])
    assert report.written == 2 and report.rejected == [bad]
    assert counts(empty_store)["Paper"] == 2


def test_name_variants_accumulate(empty_store: GraphStore) -> None:
    writer(empty_store).load([work("p1", 1992, "A. Smith")])
    writer(empty_store).load([work("p2", 1993, "A Smith")])
    rows = empty_store.read("MATCH (a:Author) RETURN a.name_variants AS v").rows
    assert len(rows) == 1 and set(rows[0]["v"]) == {"A. Smith", "A Smith"}


def test_affiliation_years_span_one_batch(empty_store: GraphStore) -> None:
    works = [work("a1", 1992, "Alice Smith"), work("a2", 1992, "Alice Smith"),
             work("a3", 1993, "Alice Smith")]  # fmt: skip
    GraphWriter(empty_store, name_key_assigner(name_key), batch_size=10).load(works)
    rows = empty_store.read("MATCH (:Author)-[r:AFFILIATED_WITH]->(i:Institution) "
                            "RETURN r.first_year AS f, r.last_year AS l").rows  # fmt: skip
    assert rows == [{"f": 1992, "l": 1993}]


def _topics(store: GraphStore, name: str) -> list[str]:
    q = "MATCH (a:Author {name_key: $k}) RETURN a.topics AS t"
    return store.read(q, {"k": name_key(name)}).rows[0]["t"]


def _id(store: GraphStore, name: str) -> str:
    q = "MATCH (a:Author {name_key: $k}) RETURN a.id AS id"
    return store.read(q, {"k": name_key(name)}).rows[0]["id"]


def _overlap(store: GraphStore, a: str, b: str) -> float:
    q = ("MATCH (:Author {name_key: $a})-[c:CO_AUTHOR]-(:Author {name_key: $b}) "
         "RETURN c.topic_overlap AS o")  # fmt: skip
    return store.read(q, {"a": name_key(a), "b": name_key(b)}).rows[0]["o"]


def test_topic_overlap_follows_either_authors_topics(empty_store: GraphStore) -> None:
    """CO_AUTHOR.topic_overlap is the Jaccard of both ends' Author.topics, and a paper of one
    end alone (a new topic) changes it and reports the edge for the hub refresh."""
    w = writer(empty_store)
    w.load([work("p1", 1992, "Alice Smith", "Bob Jones")])
    assert _topics(empty_store, "Alice Smith") == ["topic:hep-th"]
    assert _topics(empty_store, "Bob Jones") == ["topic:hep-th"]
    assert _overlap(empty_store, "Alice Smith", "Bob Jones") == 1.0
    report = w.load([work("p2", 1993, "Bob Jones", topics=("math-ph", "hep-th"))])
    assert _topics(empty_store, "Bob Jones") == ["topic:hep-th", "topic:math-ph"]
    assert _overlap(empty_store, "Alice Smith", "Bob Jones") == 0.5
    ids = [_id(empty_store, n) for n in ("Alice Smith", "Bob Jones")]
    assert tuple(ids) in report.touched.pairs or tuple(ids[::-1]) in report.touched.pairs
    w.load([work("p3", 1994, "Alice Smith", "Dan Brown", topics=("gr-qc", "math-ph"))])
    assert _topics(empty_store, "Alice Smith") == ["topic:gr-qc", "topic:hep-th", "topic:math-ph"]
    assert _overlap(empty_store, "Alice Smith", "Bob Jones") == pytest.approx(2 / 3, rel=1e-12)
    assert _overlap(empty_store, "Alice Smith", "Dan Brown") == pytest.approx(2 / 3, rel=1e-12)
