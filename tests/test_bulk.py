"""Bulk load (GRAPH.BULK, loaders.bulk_binary) builds the same graph as GraphWriter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store
from loaders.bulk import BulkLoadError, bulk_load
from loaders.hepth import iter_hepth
from loaders.model import AuthorRef, Rejected, Work
from loaders.names import name_key
from loaders.topics import MAIN_TOPICS
from loaders.writer import GraphWriter, name_key_assigner, slug, slug_institutions
from queries.ties import topic_overlap

SAMPLE = Path(__file__).resolve().parents[1] / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"
COAUTHOR = (
    "MATCH (a:Author)-[c:CO_AUTHOR]->(b:Author) "
    "RETURN a.id AS a, b.id AS b, c.weight AS w, c.first_year AS f, c.last_year AS l, "
    "c.topic_overlap AS o"
)
AUTHOR_TOPICS = "MATCH (a:Author) RETURN a.id AS id, a.topics AS topics"


def _store(tmp: Path) -> Iterator[GraphStore]:
    store = open_store(Settings(data_dir=tmp, _env_file=None))
    yield store
    store.close()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    tmp = tmp_path_factory.mktemp("written")
    for store in _store(tmp):
        # GraphWriter with the plain rules (the pipeline adds identity resolution on top)
        GraphWriter(store, name_key_assigner(name_key)).load(iter_hepth([SAMPLE]))
        yield store


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, dict]]:
    for store in _store(tmp_path_factory.mktemp("bulk")):
        yield store, bulk_load(store, iter_hepth([SAMPLE]))


def _counts(store: GraphStore) -> tuple[dict, dict]:
    labels = {r["label"]: r["count"] for r in store.run("stats_labels").rows}
    types = {r["type"]: r["count"] for r in store.run("stats_relationships").rows}
    return labels, types


def test_same_counts_per_label_and_type(written, bulk) -> None:
    store, report = bulk
    assert _counts(store) == _counts(written)
    labels, types = _counts(store)
    assert report["Paper"] == labels["Paper"] > 1000
    assert report["CO_AUTHOR"] == types["CO_AUTHOR"] > 1000


def test_same_coauthor_edges_weights_and_years(written, bulk) -> None:
    def edges(s: GraphStore) -> set[tuple]:
        return {tuple(r.values()) for r in s.read(COAUTHOR).rows}

    got, want = edges(bulk[0]), edges(written)
    assert got == want
    assert all(a < b for a, b, *_ in got)  # one edge per pair, from the smaller id


def test_same_author_topics_and_topic_overlap(written, bulk) -> None:
    """Author.topics (main topics, most papers first, then id) and CO_AUTHOR.topic_overlap
    (Jaccard of both ends' topics) agree between the two loaders and with
    queries.ties.topic_overlap; the sample has cross-listed papers."""
    def topics(s: GraphStore) -> dict[str, list[str]]:
        return {r["id"]: r["topics"] for r in s.read(AUTHOR_TOPICS).rows}

    got, want = topics(bulk[0]), topics(written)
    assert got == want
    assert all(len(t) == len(set(t)) <= MAIN_TOPICS for t in got.values())
    assert sum(len(t) > 1 for t in got.values()) > 20
    overlaps = [(r["a"], r["b"], r["o"]) for r in bulk[0].read(COAUTHOR).rows]
    # (FalkorDB answers doubles with 15 significant digits)
    assert [o for *_, o in overlaps] == pytest.approx(
        [topic_overlap(set(got[a]), set(got[b])) for a, b, _ in overlaps], rel=1e-12
    )
    assert sum(0 < o < 1 for *_, o in overlaps) > 20


def test_same_properties_on_papers_and_affiliations(written, bulk) -> None:
    q = (
        "MATCH (a:Author)-[r:AUTHORED]->(p:Paper) RETURN a.id AS a, p.id AS p, r.position AS pos,"
        " p.year AS y, p.date AS d, p.title AS t, p.journal_ref AS j, p.source_id AS s,"
        " p.abstract AS ab, p.comments AS c, p.doi AS doi, r.name AS n,"
        " a.name_key AS nk, size(r.affiliations) AS naff, p.site AS site, r.email_key AS mail"
    )
    assert {tuple(r.values()) for r in bulk[0].read(q).rows} == {
        tuple(r.values()) for r in written.read(q).rows
    }
    q = ("MATCH (a:Author)-[r:AFFILIATED_WITH]->(i:Institution) "
         "RETURN a.id AS a, i.id AS i, r.first_year AS f, r.last_year AS l")  # fmt: skip
    got = {(r["a"], r["i"]): (r["f"], r["l"]) for r in bulk[0].read(q).rows}
    assert set(got) == {(r["a"], r["i"]) for r in written.read(q).rows}
    assert got == _affiliation_years_from_input()


def _affiliation_years_from_input() -> dict[tuple[str, str], tuple[int, int]]:
    """Years of each (author, institution) straight from the records, ignoring missing years.
    (GraphWriter on FalkorDB loses the earlier year when one batch repeats a new edge.)"""
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for work in iter_hepth([SAMPLE]):
        if isinstance(work, Rejected):
            continue
        for ref in work.authors:
            for text in ref.affiliations:
                for inst in slug_institutions(text):
                    key = (f"author:{slug(name_key(ref.name))}", inst.id)
                    old = spans.get(key, (work.year, work.year))
                    ys = [y for y in (*old, work.year) if y is not None]
                    spans[key] = (min(ys), max(ys)) if ys else (None, None)
    return spans


def test_schema_indexes_exist_after_bulk(bulk) -> None:
    store, _ = bulk
    plan = " ".join(store.explain("MATCH (a:Author {id: $id}) RETURN a", {"id": "author:x"}))
    assert "Index Scan" in plan


def test_refuses_a_graph_that_is_not_empty(bulk) -> None:
    store, _ = bulk
    work = Work(id="x:1", title="t", authors=[AuthorRef(name="A B")])
    with pytest.raises(BulkLoadError, match="not empty"):
        bulk_load(store, [work])


def test_rejected_and_repeated_records_are_counted_and_skipped(tmp_path: Path) -> None:
    works = [
        Work(
            id="x:1",
            title="one",
            year=2001,
            authors=[AuthorRef(name="Ann Lee"), AuthorRef(name="Bo Ma")],
        ),
        Rejected("in.jsonl:2", "title", "missing"),
        Work(
            id="x:1",
            title="again",
            year=2002,
            authors=[AuthorRef(name="Ann Lee"), AuthorRef(name="Bo Ma")],
        ),
        Work(id="x:2", title="two", authors=[AuthorRef(name="Bo Ma"), AuthorRef(name="Ann Lee")]),
    ]
    for store in _store(tmp_path):
        report = bulk_load(store, works)
        assert (report["records_read"], report["rejected"], report["Paper"]) == (4, 2, 2)
        rows = store.read(COAUTHOR).rows
        assert [(r["w"], r["f"], r["l"]) for r in rows] == [(2, 2001, 2001)]
        titles = store.read("MATCH (p:Paper) RETURN p.title AS t, p.year AS y ORDER BY t").rows
        assert titles == [{"t": "one", "y": 2001}, {"t": "two", "y": None}]


def test_bulk_pipeline_then_incremental_reload_changes_nothing(tmp_path) -> None:
    """`graphsvc load --bulk` on an empty graph, then a normal load of the same data."""
    from graphsvc.settings import Settings
    from graphsvc.store import open_store
    from loaders.identity_rules import needs_identity_upgrade
    from loaders.pipeline import bulk_load_paths, load_paths

    settings = Settings(data_dir=tmp_path, _env_file=None)
    store = open_store(settings)
    try:
        result = bulk_load_paths(store, settings, "hepth", [SAMPLE])
        assert result["Paper"] == 3425 and result["similar_edges"] > 0
        assert not needs_identity_upgrade(store)  # decided by the current identity rules

        def stats() -> tuple:
            return (store.run("stats_labels").rows, store.run("stats_relationships").rows)

        before = stats()
        report = load_paths(store, settings, "hepth", [SAMPLE])
        assert report.new_papers == 0 and report.identity_moves == 0
        assert stats() == before
    finally:
        store.close()


def test_bulk_pipeline_keeps_the_last_copy_of_a_repeated_paper_in_every_step(tmp_path) -> None:
    """The input is read twice (texts and mentions, then the write): a paper id given twice
    keeps its last copy for the paper as for identity and SIMILAR_TO, as a normal load does,
    and the other copy is rejected. (The paper once kept its first copy while identity used
    the last: a first copy with more authors had mentions without an author, a KeyError.)"""
    import json

    from loaders.pipeline import bulk_load_paths, load_paths

    def line(pid: str, title: str, *names: str) -> str:
        return json.dumps({"id": pid, "title": title, "year": 2001,
                           "authors": [{"name": n} for n in names]})  # fmt: skip

    works = tmp_path / "works.jsonl"
    works.write_text("\n".join([
        line("lab:1", "Something else entirely", "Ike Jay"),
        line("lab:2", "Graph slices in milliseconds", "Ann Bee", "Gus Hay"),
        line("lab:1", "Graph slices for explorers", "Ann Bee", "Cid Dee", "Eve Eff"),
    ]) + "\n")  # fmt: skip
    settings = Settings(data_dir=tmp_path / "d", _env_file=None)
    store = open_store(settings)
    try:
        result = bulk_load_paths(store, settings, "works-jsonl", [works])
        assert result["Paper"] == 2 and result["rejected"] == 1
        rows = store.read("MATCH (a:Author)-[:AUTHORED]->(p:Paper {id: 'paper:lab:1'}) "
                          "RETURN p.title AS t, a.name AS n ORDER BY n").rows  # fmt: skip
        assert [(r["t"], r["n"]) for r in rows] == [
            ("Graph slices for explorers", n) for n in ("Ann Bee", "Cid Dee", "Eve Eff")]
        similar = store.read("MATCH (:Paper {id: 'paper:lab:1'})-[s:SIMILAR_TO]-(q:Paper) "
                             "RETURN q.id AS q").rows  # fmt: skip
        assert {r["q"] for r in similar} == {"paper:lab:2"}  # the last copy's words
        assert store.read("MATCH (a:Author {name: 'Ike Jay'}) RETURN a").rows == []
        before = store.run("stats_relationships").rows
        report = load_paths(store, settings, "works-jsonl", [works])  # a normal load agrees
        assert report.new_papers == 0 and report.identity_moves == 0
        assert store.run("stats_relationships").rows == before
    finally:
        store.close()


def test_main_topics_are_capped_and_ordered_alike(tmp_path: Path) -> None:
    """An author with 13 topics keeps the MAIN_TOPICS with most papers (ties by id), in that
    order, in both loaders; topic_overlap uses those."""
    names = [f"t{i:02d}" for i in range(13)]  # t00 .. t12; t12 in 3 papers, t11 in 2, ...
    works = [Work(id=f"x:{i}", title=f"p{i}", year=2000 + i % 3, topics=names[i % 13 :],
                  authors=[AuthorRef(name="Many Topics"), AuthorRef(name="One Topic")])
             for i in range(13)]  # fmt: skip
    two = [AuthorRef(name="Many Topics"), AuthorRef(name="Two More")]
    works.append(Work(id="x:99", title="p99", year=2001, topics=["t12", "t11"], authors=two))
    q = "MATCH (a:Author) RETURN a.name AS name, a.topics AS topics"
    got = []
    for folder, load in (("w", lambda s: GraphWriter(s, name_key_assigner(name_key)).load(works)),
                         ("b", lambda s: bulk_load(s, works))):  # fmt: skip
        for store in _store(tmp_path / folder):
            load(store)
            overlap = {(r["a"], r["b"]): r["o"] for r in store.read(COAUTHOR).rows}
            got.append(({r["name"]: r["topics"] for r in store.read(q).rows}, overlap))
    assert got[0] == got[1]
    topics = got[0][0]
    # t12 is in 14 papers of Many Topics, t11 in 13, ... t00 in 1; the 10 with most are kept
    assert topics["Many Topics"] == [f"topic:t{i:02d}" for i in range(12, 2, -1)]
    assert topics["Two More"] == ["topic:t11", "topic:t12"]  # equal counts: by id
    assert len(topics["One Topic"]) == MAIN_TOPICS
    assert sorted(got[0][1].values()) == pytest.approx([0.2, 1.0])
