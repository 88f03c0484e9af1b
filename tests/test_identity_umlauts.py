"""Surnames whose umlauts are also written "ue" ("Dieter Lüst" / "D. Luest") are one person
when the evidence says so, in one load and across loads (loaders/identity/umlauts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.identity.compound import CompoundSurnames, neighbour_blocks, related
from loaders.identity.resolver import resolve
from loaders.identity.umlauts import UmlautSurnames
from loaders.pipeline import load_records
from tests.test_identity_compound import authors, m
from tests.test_identity_compound import work as compound_work


@pytest.mark.parametrize(
    ("names", "name", "expected"),
    [
        (["Dieter Lüst"], "D. Luest", "D. Lust"),
        (["H. J. W. Müller-Kirsten"], "H. J. W. Mueller-Kirsten", "H. J. W. Muller-Kirsten"),
        (["Thomas SCHÜCKER"], "Thomas Schuecker", "Thomas Schucker"),
        ([], "D. Luest", "D. Luest"),  # nobody writes the umlaut
        (["Dieter Lust"], "D. Luest", "D. Luest"),  # the plain vowel is no umlaut either
        (["Fernando Martinez Moras"], "Fernando Moraes", "Fernando Moraes"),
        (["Ernst Lüst"], "D. Luest", "D. Luest"),  # another first initial: another block
        (["K. Üda"], "K. Ueda", "K. Ueda"),  # a first letter is never folded
    ],
)
def test_rewrite_only_where_the_input_writes_the_umlaut(names, name, expected) -> None:
    assert UmlautSurnames([*names, name]).rewrite(name) == expected
    assert CompoundSurnames([*names, name]).rewrite(name) == expected


def test_neighbour_blocks_cover_both_spellings() -> None:
    assert "luest d" in neighbour_blocks("Dieter Lüst")
    assert "lust d" in neighbour_blocks("D. Luest")
    assert related("D. Luest", {"lust d"}) and related("Dieter Lüst", {"luest d"})
    assert not related("D. Lust", {"luest d"})


def test_both_spellings_become_one_author_keeping_each() -> None:
    res = resolve([
        m("1", "D. Luest", "p1", ("S. Theisen",)),
        m("2", r"Dieter L\"ust", "p2", ("S. Theisen",)),
        m("3", "Juerg Froehlich", "p3", ("K. Gawedzki",)),
        m("4", "Jürg Fröhlich", "p4", ("K. Gawedzki",)),
        m("5", "Fernando Moraes", "p5", ("X. Uno",)),
        m("6", "Fernando Martinez Moras", "p6", ("X. Uno",)),
    ])  # fmt: skip
    assert res.author_of["1"] == res.author_of["2"]
    assert res.author_of["3"] == res.author_of["4"]  # "Juerg" is "Jürg" too
    assert res.author_of["5"] != res.author_of["6"]
    assert set(res.by_id()[res.author_of["1"]].variants) == {"D. Luest", r"Dieter L\"ust"}


@pytest.mark.parametrize(("first", "second"), [("Dieter Lüst", "D. Luest"),
                                               ("D. Luest", "Dieter Lüst")])  # fmt: skip
def test_a_later_load_finds_the_other_spelling(
    empty_store: GraphStore, tmp_path: Path, first: str, second: str
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=0)
    load_records(empty_store, settings, [compound_work("t:1", first),
                                         compound_work("t:2", "L. Alvarez-Gaumé")])  # fmt: skip
    load_records(empty_store, settings, [compound_work("t:3", second)])
    got = authors(empty_store)
    lust = next(n for n in got if n != "L. Alvarez-Gaumé")
    assert got[lust] == {"paper:t:1", "paper:t:3"}
    assert len(got) == 2
