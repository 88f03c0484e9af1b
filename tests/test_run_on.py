"""Run-on author names ("John Ellis N. E. Mavromatos") cut with the names a load knows."""

from __future__ import annotations

import json
from pathlib import Path

from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store
from loaders.model import AuthorRef, Work
from loaders.pipeline import bulk_load_paths, load_records
from loaders.run_on import cut_authors, cuts, decide_cuts, may_be_run_on

RUN_ON = "John Ellis N. E. Mavromatos"
PAGARAN = "Joseph Ambrose G. Pagaran"


def work(pid: str, *names: str, year: int = 1993) -> Work:
    return Work(id=pid, title=f"paper {pid}", year=year,
                authors=[AuthorRef(name=n, affiliations=["CERN"]) for n in names])  # fmt: skip


def test_cuts_end_each_part_with_a_full_word() -> None:
    assert cuts(RUN_ON) == [("John Ellis", "N. E. Mavromatos")]
    assert cuts(PAGARAN) == [("Joseph Ambrose", "G. Pagaran")]
    assert cuts("Alexandre G. de M. Schmidt") == []  # "de" is a particle, "G." an initial
    assert cuts("Edward Witten") == [] and cuts("Robert C. Myers Jr.") == []


def test_a_name_is_cut_only_when_both_parts_are_known_on_their_own() -> None:
    known = ["John Ellis", "N. E. Mavromatos", "Joseph Ambrose G. Pagaran", "E. Rodulfo"]
    assert decide_cuts([RUN_ON, PAGARAN], known) == {RUN_ON: ("John Ellis", "N. E. Mavromatos")}
    assert decide_cuts([RUN_ON], ["John Ellis"]) == {}  # one part is not enough
    assert decide_cuts([RUN_ON], ["J. Ellis", "N. E. Mavromatos"]) == {}  # not the same name
    # the parts are compared by name_key: spacing and punctuation do not matter
    assert decide_cuts([RUN_ON], ["John  Ellis", "N.E. Mavromatos"]) == {
        RUN_ON: ("John Ellis", "N. E. Mavromatos")
    }


def test_two_fitting_cuts_leave_the_name_alone() -> None:
    name = "Ann Lee Bo Chan Kim"
    assert len(cuts(name)) == 2
    assert decide_cuts([name], ["Ann Lee", "Bo Chan Kim", "Ann Lee Bo", "Chan Kim"]) == {}
    assert decide_cuts([name], ["Ann Lee", "Bo Chan Kim"]) == {name: ("Ann Lee", "Bo Chan Kim")}


def test_the_graph_is_asked_for_the_parts_blocks() -> None:
    asked: list[set[str]] = []

    def graph_names(blocks: set[str]) -> set[str]:
        asked.append(blocks)
        return {"John Ellis", "N. E. Mavromatos", "N. Mavromatos"}

    assert decide_cuts([RUN_ON], [], graph_names) == {RUN_ON: ("John Ellis", "N. E. Mavromatos")}
    assert asked == [{"ellis j", "mavromatos n"}]


def test_a_source_id_or_orcid_keeps_the_name_whole() -> None:
    decided = {RUN_ON: ("John Ellis", "N. E. Mavromatos")}
    with_id = Work(id="x:1", title="t", authors=[AuthorRef(name=RUN_ON, id="s2:42")])
    assert not may_be_run_on(with_id.authors[0])
    assert cut_authors(with_id, decided) is with_id
    plain = work("x:2", RUN_ON, "D. V. Nanopoulos")
    split = cut_authors(plain, decided)
    assert [a.name for a in split.authors] == ["John Ellis", "N. E. Mavromatos",
                                               "D. V. Nanopoulos"]  # fmt: skip
    assert [a.affiliations for a in split.authors] == [["CERN"]] * 3
    assert [a.name for a in plain.authors] == [RUN_ON, "D. V. Nanopoulos"]  # not changed


def _authors_of(store: GraphStore, paper: str) -> list[str]:
    rows = store.read("MATCH (a:Author)-[:AUTHORED]->(:Paper {id: $p}) RETURN a.name AS n "
                      "ORDER BY n", {"p": f"paper:{paper}"}).rows  # fmt: skip
    return [r["n"] for r in rows]


def test_a_load_cuts_the_name_with_its_own_papers_or_the_graphs(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    known = [work("t:1", "John Ellis", "D. V. Nanopoulos"),
             work("t:2", "N. E. Mavromatos", "D. V. Nanopoulos")]  # fmt: skip
    report = load_records(empty_store, settings, [*known, work("t:3", RUN_ON, "D. V. Nanopoulos")])
    assert _authors_of(empty_store, "t:3") == ["D. V. Nanopoulos", "John Ellis", "N. E. Mavromatos"]
    assert report.names_cut == [
        "t:3 authors: 'John Ellis N. E. Mavromatos' read as 'John Ellis' and 'N. E. Mavromatos'"
    ]
    assert empty_store.read("MATCH (a:Author) WHERE a.name = $n RETURN a", {"n": RUN_ON}).rows == []
    # an incremental load of the run-on paper alone: the parts are known from the graph
    report = load_records(empty_store, settings, [work("t:4", RUN_ON, year=1994)])
    assert _authors_of(empty_store, "t:4") == ["John Ellis", "N. E. Mavromatos"]
    ellis = empty_store.read("MATCH (a:Author {name: 'John Ellis'})-[:AUTHORED]->(p:Paper) "
                             "RETURN count(p) AS n").rows  # fmt: skip
    assert ellis == [{"n": 3}]  # one author: the cut parts joined their namesakes
    # a name whose parts nobody wrote on their own stays whole
    report = load_records(empty_store, settings, [work("t:5", PAGARAN)])
    assert report.names_cut == [] and _authors_of(empty_store, "t:5") == [PAGARAN]


def test_the_bulk_path_cuts_as_the_incremental_one(tmp_path: Path) -> None:
    lines = [{"id": w.id, "title": w.title, "year": w.year,
              "authors": [{"name": a.name} for a in w.authors]}
             for w in (work("t:1", "John Ellis"), work("t:2", "N. E. Mavromatos"),
                       work("t:3", RUN_ON, "D. V. Nanopoulos"))]  # fmt: skip
    works = tmp_path / "works.jsonl"
    works.write_text("".join(json.dumps(line) + "\n" for line in lines))
    settings = Settings(data_dir=tmp_path / "d", _env_file=None)
    store = open_store(settings)
    try:
        result = bulk_load_paths(store, settings, "works-jsonl", [works])
        assert result["names_cut"] == [
            "t:3 authors: 'John Ellis N. E. Mavromatos' read as 'John Ellis' and "
            "'N. E. Mavromatos'"]  # fmt: skip
        assert _authors_of(store, "t:3") == ["D. V. Nanopoulos", "John Ellis", "N. E. Mavromatos"]
        ties = store.read("MATCH (:Author {name: 'John Ellis'})-[t:CO_AUTHOR]-(b:Author) "
                          "RETURN b.name AS b, t.weight AS w ORDER BY b").rows  # fmt: skip
        assert ties == [{"b": "D. V. Nanopoulos", "w": 1}, {"b": "N. E. Mavromatos", "w": 1}]
    finally:
        store.close()


def test_loading_the_paper_again_once_the_parts_are_known_replaces_the_run_on_author(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """A first load that cannot cut the name keeps it whole; once the parts are known, loading
    the paper again cuts it, and the run-on author and its ties are gone."""
    settings = Settings(data_dir=tmp_path, _env_file=None)
    run_on = work("t:3", RUN_ON, "D. V. Nanopoulos")
    assert load_records(empty_store, settings, [run_on]).names_cut == []
    parts = [work("t:1", "John Ellis"), work("t:2", "N. E. Mavromatos")]
    load_records(empty_store, settings, parts)
    assert _authors_of(empty_store, "t:3") == ["D. V. Nanopoulos", RUN_ON]
    assert len(load_records(empty_store, settings, [run_on]).names_cut) == 1
    assert _authors_of(empty_store, "t:3") == ["D. V. Nanopoulos", "John Ellis", "N. E. Mavromatos"]
    names = {r["n"] for r in empty_store.read("MATCH (a:Author) RETURN a.name AS n").rows}
    assert names == {"D. V. Nanopoulos", "John Ellis", "N. E. Mavromatos"}
    ties = empty_store.read("MATCH (a:Author)-[:CO_AUTHOR]-(b:Author) RETURN count(*) AS n").rows
    assert ties == [{"n": 6}]  # three ties, each seen from both ends


def test_upgrade_identity_cuts_a_run_on_author_the_graph_holds(tmp_path: Path) -> None:
    """A graph that kept the run-on author (its paper was loaded before the parts were known)
    is cut by `graphsvc upgrade --identity`: positions, ties and institutions as a fresh load
    gives them, and a name a source gave an id stays whole."""
    from tests.test_cli import run, wait_gone

    def jsonl(name: str, *works: Work) -> Path:
        path = tmp_path / name
        path.write_text("".join(w.model_dump_json(exclude_none=True) + "\n" for w in works))
        return path

    with_id = work("t:4", PAGARAN, "John Ellis")  # a whole name with a source id
    with_id.authors[0].id = "s2:42"
    first = jsonl("first.jsonl", work("t:3", "D. V. Nanopoulos", RUN_ON), with_id)
    parts = jsonl("parts.jsonl", work("t:1", "John Ellis"), work("t:2", "N. E. Mavromatos"),
                  work("t:5", "Joseph Ambrose"), work("t:6", "G. Pagaran"))  # fmt: skip
    data = tmp_path / "data"
    for path in (first, parts):
        assert run(data, "load", "works-jsonl", str(path)).returncode == 0
    result = run(data, "upgrade", "--identity")
    assert result.returncode == 0, result.stderr
    assert ("author list cut: t:3 authors: 'John Ellis N. E. Mavromatos' read as 'John Ellis' "
            "and 'N. E. Mavromatos'") in " ".join(result.stdout.split())  # fmt: skip
    store = open_store(Settings(data_dir=data, _env_file=None))
    try:
        rows = store.read("MATCH (a:Author)-[r:AUTHORED]->(:Paper {id: 'paper:t:3'}) "
                          "RETURN r.position AS pos, a.name AS n, r.affiliations AS aff "
                          "ORDER BY pos").rows  # fmt: skip
        assert rows == [{"pos": 1, "n": "D. V. Nanopoulos", "aff": ["CERN"]},
                        {"pos": 2, "n": "John Ellis", "aff": ["CERN"]},
                        {"pos": 3, "n": "N. E. Mavromatos", "aff": ["CERN"]}]  # fmt: skip
        assert _authors_of(store, "t:4") == ["John Ellis", PAGARAN]
        rows = store.read("MATCH (a:Author)-[t:CO_AUTHOR]->(b:Author) "
                          "RETURN a.name AS a, b.name AS b, t.weight AS w").rows  # fmt: skip
        ties = {(frozenset({r["a"], r["b"]}), r["w"]) for r in rows}
        assert ties == {(frozenset({"D. V. Nanopoulos", "John Ellis"}), 1),
                        (frozenset({"D. V. Nanopoulos", "N. E. Mavromatos"}), 1),
                        (frozenset({"John Ellis", "N. E. Mavromatos"}), 1),
                        (frozenset({"John Ellis", PAGARAN}), 1)}  # fmt: skip
        cern = store.read("MATCH (a:Author)-[:AFFILIATED_WITH]->(:Institution) "
                          "RETURN a.name AS n").rows  # fmt: skip
        assert sorted(r["n"] for r in cern) == sorted([
            "D. V. Nanopoulos", "G. Pagaran", "John Ellis", "Joseph Ambrose",
            "N. E. Mavromatos", PAGARAN])  # fmt: skip
        assert store.read("MATCH (a:Author {name: $n}) RETURN a", {"n": RUN_ON}).rows == []
    finally:
        store.close()
    assert wait_gone(data) == []
    again = run(data, "upgrade", "--identity", "--json")
    assert json.loads(again.stdout)["identity"]["names_cut"] == []


def test_a_graphs_mentions_are_cut_with_positions_and_co_authors_renumbered() -> None:
    from loaders.identity import Mention
    from loaders.run_on_mentions import cut_run_on_mentions

    def mention(pid: str, pos: int, name: str, *others: str, source: str | None = None):
        return Mention(id=f"{pid}#{pos}", name=name, paper_id=pid, position=pos,
                       coauthors=others, source_id=source)  # fmt: skip

    nanopoulos = "D. V. Nanopoulos"
    graph = [mention("p", 1, nanopoulos, RUN_ON), mention("p", 2, RUN_ON, nanopoulos),
             mention("q", 1, "John Ellis"), mention("r", 1, "N. E. Mavromatos"),
             mention("s", 1, RUN_ON, source="s2:7")]  # fmt: skip
    out, cut = cut_run_on_mentions(graph)
    assert [c.paper_id for c in cut] == ["p"] and cut[0].old_ids == ["p#1", "p#2"]
    assert [(m.id, m.name, was) for m, was in cut[0].mentions] == [
        ("p#1", "D. V. Nanopoulos", "p#1"), ("p#2", "John Ellis", None),
        ("p#3", "N. E. Mavromatos", None)]  # fmt: skip
    assert cut[0].mentions[0][0].coauthors == ("John Ellis", "N. E. Mavromatos")
    assert sorted(m.id for m in out) == ["p#1", "p#2", "p#3", "q#1", "r#1", "s#1"]  # s: an id
    assert cut_run_on_mentions(graph[2:4]) == (graph[2:4], [])
