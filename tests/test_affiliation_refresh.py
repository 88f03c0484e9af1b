"""Institutions move with the mentions identity moves (loaders/affiliation_refresh.py).
Real embedded FalkorDB (and Neo4j when configured)."""

from __future__ import annotations

from pathlib import Path

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.institution_link import seeded_institutions
from loaders.model import AuthorRef, Work
from loaders.pipeline import load_records
from loaders.writer import AuthorAssignment, GraphWriter

MIT = "Massachusetts Institute of Technology"


def work(pid: str, year: int, *authors: tuple[str, list[str]]) -> Work:
    return Work(id=pid, title=f"paper {pid}", year=year,
                authors=[AuthorRef(name=n, affiliations=a) for n, a in authors])  # fmt: skip


def affiliations(store: GraphStore) -> set[tuple]:
    rows = store.read(
        "MATCH (a:Author)-[r:AFFILIATED_WITH]->(i:Institution) "
        "RETURN a.id AS a, i.id AS i, r.first_year AS f, r.last_year AS l"
    ).rows
    return {(r["a"], r["i"], r["f"], r["l"]) for r in rows}


def test_a_merge_by_a_later_load_keeps_the_merged_authors_institutions(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Two spellings kept apart by a first load are joined by a second one that gives them
    shared co-authors: the author that stays holds both institutions."""
    settings = Settings(data_dir=tmp_path, _env_file=None)
    load_records(empty_store, settings, [
        work("t:1", 1994, ("J. Polchinski", [MIT]), ("X. Wen", [])),
        work("t:2", 1994, ("Joseph Polchinski", ["Harvard University"]), ("Y. Yang", [])),
    ])  # fmt: skip
    assert affiliations(empty_store) == {
        ("author:polchinski-j", "inst:mit", 1994, 1994),
        ("author:polchinski-joseph", "inst:harvard", 1994, 1994),
    }
    report = load_records(empty_store, settings, [
        work("t:3", 1995, ("J. Polchinski", []), ("X. Wen", []), ("Y. Yang", [])),
        work("t:4", 1995, ("Joseph Polchinski", []), ("X. Wen", []), ("Y. Yang", [])),
    ])  # fmt: skip
    assert report.identity_moves == 1
    people = empty_store.read("MATCH (a:Author) WHERE a.name CONTAINS 'Polchinski' "
                              "RETURN a.id AS id").rows  # fmt: skip
    assert people == [{"id": "author:polchinski-j"}]
    assert affiliations(empty_store) == {
        ("author:polchinski-j", "inst:mit", 1994, 1994),
        ("author:polchinski-j", "inst:harvard", 1994, 1994),
    }


def test_a_mention_moved_away_takes_its_institution_and_years_with_it(
    empty_store: GraphStore,
) -> None:
    """The author who lost a mention keeps only the institutions (and years) its remaining
    mentions give; an institution nobody is affiliated with any more is removed."""
    one = AuthorAssignment("author:smith-a", "A. Smith", "smith a", "smith a")
    writer = GraphWriter(empty_store, lambda w: [one] * len(w.authors),
                         seeded_institutions(empty_store))  # fmt: skip
    writer.load([work("t:1", 1990, ("A. Smith", [MIT])),
                 work("t:2", 1995, ("A. Smith", [MIT, "Harvard University"]))])  # fmt: skip
    assert affiliations(empty_store) == {
        ("author:smith-a", "inst:mit", 1990, 1995),
        ("author:smith-a", "inst:harvard", 1995, 1995),
    }
    other = AuthorAssignment("author:smith-alan", "Alan Smith", "smith alan", "smith a")
    writer.move_mentions([{"paper": "paper:t:2", "from": one.id, "to": other.id,
                           "author": other}], run="r")  # fmt: skip
    assert affiliations(empty_store) == {
        ("author:smith-a", "inst:mit", 1990, 1990),
        ("author:smith-alan", "inst:mit", 1995, 1995),
        ("author:smith-alan", "inst:harvard", 1995, 1995),
    }
    writer.move_mentions([{"paper": "paper:t:2", "from": other.id, "to": one.id,
                           "author": one}], run="r")  # fmt: skip
    assert affiliations(empty_store) == {
        ("author:smith-a", "inst:mit", 1990, 1995),
        ("author:smith-a", "inst:harvard", 1995, 1995),
    }
    empty_store.write("MATCH (:Author)-[r:AUTHORED]->(:Paper {id: 'paper:t:2'}) "
                      "SET r.affiliations = [] RETURN count(r) AS n")  # fmt: skip
    writer.move_mentions([{"paper": "paper:t:1", "from": one.id, "to": other.id,
                           "author": other}], run="r")  # fmt: skip
    assert affiliations(empty_store) == {("author:smith-alan", "inst:mit", 1990, 1990)}
    names = empty_store.read("MATCH (i:Institution) RETURN i.id AS i").rows
    assert names == [{"i": "inst:mit"}]  # Harvard has nobody left
