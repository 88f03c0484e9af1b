"""Compound surnames spelled two ways ("A. González Ruiz" / "A. González-Ruiz") are one
person when the evidence says so, in one load and across loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.identity.compound import CompoundSurnames, neighbour_blocks, related
from loaders.identity.resolver import Mention, resolve
from loaders.model import AuthorRef, Work
from loaders.pipeline import load_records


@pytest.mark.parametrize(
    ("names", "name", "expected"),
    [
        (["A. González-Ruiz"], "A. González Ruiz", "A. González-Ruiz"),
        (["M. R. Rahimitabar"], "M. Reza Rahimi Tabar", "M. Reza Rahimitabar"),
        (["Henrique Boschi-Filho"], "H. Boschi Filho", "H. Boschi-Filho"),
        ([], "A. González Ruiz", "A. González Ruiz"),  # the compound is spelled nowhere
        (["J. Antonio-Garcia"], "S. Antonio García", "S. Antonio García"),  # other initial
        (["B. Gonzalez-Ruiz"], "A. B. Ruiz", "A. B. Ruiz"),  # last given part an initial
        (["A. González-Ruiz"], "A. González-Ruiz", "A. González-Ruiz"),
    ],
)
def test_rewrite_only_to_a_compound_the_input_spells(names, name, expected) -> None:
    assert CompoundSurnames([*names, name]).rewrite(name) == expected


def test_neighbour_blocks_cover_both_directions() -> None:
    assert "gonzalezruiz a" in neighbour_blocks("A. González Ruiz")
    assert "ruiz a" in neighbour_blocks("A. González-Ruiz")
    assert "devi p" in neighbour_blocks("P. Ramadevi")
    assert related("P. Rama Devi", {"ramadevi p"})
    assert not related("P. Devi", {"ramadevi p"})


def m(mid: str, name: str, paper: str, coauthors: tuple[str, ...]) -> Mention:
    return Mention(id=mid, name=name, paper_id=paper, year=1995, coauthors=coauthors,
                   topics=("hep-th",))  # fmt: skip


def test_spaced_and_hyphenated_surname_become_one_author_keeping_both_spellings() -> None:
    res = resolve([
        m("1", "A. González Ruiz", "p1", ("L. Alvarez-Gaumé",)),
        m("2", r"A. Gonz\'alez--Ruiz", "p2", ("L. Alvarez-Gaumé",)),
        m("3", "L. Alvarez-Gaumé", "p1", ("A. González Ruiz",)),
    ])  # fmt: skip
    assert res.author_of["1"] == res.author_of["2"]
    author = res.by_id()[res.author_of["1"]]
    assert author.name == "A. González-Ruiz"
    assert author.variants == (r"A. Gonz\'alez--Ruiz", "A. González Ruiz")


def test_other_people_with_the_compound_as_given_names_stay_apart() -> None:
    res = resolve([
        m("1", "A. González Ruiz", "p1", ("X. Uno",)),
        m("2", "Andrés González-Ruiz", "p2", ("Y. Dos",)),
        m("3", "Alberto González-Ruiz", "p3", ("Z. Tres",)),
    ])  # fmt: skip
    assert res.author_of["2"] != res.author_of["3"]  # the block's evidence still decides


def work(wid: str, name: str) -> Work:
    return Work(id=wid, title=f"Title {wid}", year=1995, topics=["hep-th"],
                authors=[AuthorRef(name=name), AuthorRef(name="L. Alvarez-Gaumé")])  # fmt: skip


def authors(store: GraphStore) -> dict[str, set[str]]:
    rows = store.read("MATCH (a:Author)-[:AUTHORED]->(p:Paper) "
                      "RETURN a.name AS a, collect(p.id) AS ps").rows  # fmt: skip
    return {r["a"]: set(r["ps"]) for r in rows}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("A. González Ruiz", "A. González-Ruiz"),
        ("A. González-Ruiz", "A. González Ruiz"),
        ("P. Rama Devi", "P. Ramadevi"),
        ("P. Ramadevi", "P. Rama Devi"),
    ],
)
def test_a_later_load_finds_the_other_spelling(
    empty_store: GraphStore, tmp_path: Path, first: str, second: str
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=0)
    load_records(empty_store, settings, [work("t:1", first), work("t:2", "L. Alvarez-Gaumé")])
    load_records(empty_store, settings, [work("t:3", second)])
    got = authors(empty_store)
    compound = next(n for n in got if n != "L. Alvarez-Gaumé")
    assert got[compound] == {"paper:t:1", "paper:t:3"}
    assert len(got) == 2
