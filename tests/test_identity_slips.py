"""Slips of the pen in first names ("Herbert" / "Hubert Saleur", "Donalf" / "Donald Marolf"):
joined under a rare surname only with evidence, and once joined they no longer make the
initial "H. Saleur" fit two people."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.hepth import iter_hepth
from loaders.identity.evaluate import mentions_from_works
from loaders.identity.features import close_first_names, close_given, parse_name
from loaders.identity.ids import canonical_name
from loaders.identity.resolver import Mention, resolve

REPO = Path(__file__).resolve().parents[1]
HEPTH_SAMPLE = REPO / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"


def m(mid: str, name: str, **kw) -> Mention:
    return Mention(id=mid, name=name, paper_id=f"p:{mid}", topics=("hep-th",), **kw)


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("Herbert Saleur", "Hubert Saleur", True),  # ratio 77
        ("Donalf Marolf", "Donald Marolf", True),
        ("Jose Luis Boldo", "Jose Luiz Boldo", True),  # the first names agree, the second slips
        ("Marc Grisaru", "Marcus T. Grisaru", True),  # a short form of four letters
        ("Alexander Zamolodchikov", "Alexei Zamolodchikov", False),  # ratio 67: two names
        ("Jna Mahar", "Jnanadeva Mahar", False),  # three letters are too few for a short form
        ("O. N. Khudaverdian", "O. M. Khudaverdian", False),  # initials: not for identity
    ],
)
def test_close_first_names(a, b, close):
    assert close_first_names(parse_name(a), parse_name(b)) is close
    assert close_given(parse_name(a), parse_name(b)) is (close or "O. N." in a)


def _saleur(first: str, second: str, shared: bool, others: tuple[str, ...] = ()) -> list[Mention]:
    return [
        m("a1", f"{first} Saleur", coauthors=("Lev Rozansky", "P. Martin")),
        m("a2", f"{first} Saleur", coauthors=("Lev Rozansky",)),
        m("b1", f"{second} Saleur", coauthors=("Paul Martin" if shared else "Paul Fendley",)),
        *(m(f"o{i}", o, coauthors=(f"C. Other{i}",)) for i, o in enumerate(others)),
    ]


@pytest.mark.parametrize(
    ("first", "second", "shared", "others", "together"),
    [
        ("Herbert", "Hubert", True, (), True),  # rare surname, a shared co-author
        ("Herbert", "Hubert", False, (), False),  # a slip alone says nothing
        ("Herbert", "Hubert", True, ("Anna Saleur", "John Saleur"), False),  # common surname
        ("Alexander", "Alexei", True, (), False),  # two names, not a slip
        ("Hiroki", "Hiroyuki", False, (), False),  # close, but no evidence: two people
    ],
)
def test_a_slip_joins_only_with_evidence_under_a_rare_surname(
    first, second, shared, others, together
):
    res = resolve(_saleur(first, second, shared, others))
    assert (res.author_of["a1"] == res.author_of["b1"]) is together
    assert res.author_of["a1"] == res.author_of["a2"]
    if together:
        reasons = [r for mg in res.by_id()[res.author_of["b1"]].merges for r in mg.reasons]
        assert any("slip of the pen" in r for r in reasons), reasons
        assert any("co-authors: 1 shared (martin p)" in r for r in reasons), reasons


@pytest.mark.parametrize("shared", [True, False])
def test_initials_join_once_the_slip_is_joined(shared):
    """Each "H. Saleur" paper has co-authors of its own: while "Herbert" and "Hubert" may be
    two people, "H." fits both and stays apart; once evidence joined them it is one person's."""
    initial_only = [m(f"h{i}", "H. Saleur", coauthors=(f"W. Koo{i}",)) for i in range(3)]
    mentions = [*_saleur("Herbert", "Hubert", shared), *initial_only]
    res = resolve(mentions)
    initials = {res.author_of[f"h{i}"] for i in range(3)}
    if shared:
        assert initials == {res.author_of["a1"]} == {res.author_of["b1"]}
    else:
        assert len(initials) == 3 and not initials & {res.author_of["a1"], res.author_of["b1"]}


def test_a_load_asks_the_graph_whether_the_surname_is_rare():
    """The load's mentions alone make "Saleur" rare; a third first name in the graph (another
    block, so not among the load's mentions) makes it common, as one load of everything does."""
    load = _saleur("Herbert", "Hubert", True)
    asked: list[set[str]] = []

    def known_names(surnames: set[str]) -> list[str]:
        asked.append(surnames)
        return ["Pierre Saleur"] if "saleur" in surnames else []

    res = resolve(load, known_names=known_names)
    assert asked == [{"saleur"}]
    assert res.author_of["a1"] != res.author_of["b1"]
    whole = resolve([*load, m("p1", "Pierre Saleur")])
    assert whole.author_of["a1"] != whole.author_of["b1"]
    assert resolve(load).author_of["a1"] == resolve(load).author_of["b1"]  # rare on its own


def test_the_demo_sample_has_one_hubert_saleur():
    """On the bundled 1992-93 sample "Herbert Saleur" (with P. Martin) and "Hubert Saleur"
    (with Paul Martin) were two authors and "H. Saleur" four more; they are one person."""
    mentions = mentions_from_works(iter_hepth([HEPTH_SAMPLE]))
    res = resolve(mentions)
    saleur = {res.author_of[x.id] for x in mentions if x.name.endswith("Saleur")}
    assert len(saleur) == 1
    author = res.by_id()[saleur.pop()]
    assert set(author.variants) == {"H. Saleur", "Herbert Saleur", "Hubert Saleur"}
    assert author.name == "Hubert Saleur"  # as he wrote himself when he submitted


@pytest.mark.parametrize(
    ("variants", "name"),
    [
        (["Ph. Brax", "Ph. Brax", "Philippe Brax"], "Philippe Brax"),  # not cut short
        (["Ph Spindel", "Ph Spindel", "Philippe Spindel"], "Philippe Spindel"),  # nor abbreviated
        (["Yu. A. Sitenko", "Yurii A. Sitenko", "Yurii Sitenko"], "Yurii A. Sitenko"),
        (["Vad. Yu. Zeitlin", "Vadim Zeitlin"], "Vadim Zeitlin"),  # spelled out before initials
        (["Al. B. Zamolodchikov", "A. B. Zamolodchikov"], "Al. B. Zamolodchikov"),
        (["S. D. Odintsov", "Sergei Odintsov", "Sergei D. Odintsov"], "Sergei D. Odintsov"),
        (["Yang Hui He", "Yang-Hui He", "Yang-Hui He"], "Yang-Hui He"),  # hyphen: as complete
        (["F. A. Bais", "F. A. Bais", "F. Alexander Bais"], "F. Alexander Bais"),  # spelled out
    ],
)
def test_an_author_is_named_by_a_spelled_out_first_name(variants, name):
    """The canonical name (and the id made from it) spells the first name out when a variant
    does: full hep-th had 12 authors named "Ph. Brax", "Yu. M. Makeenko", "Vad. Yu. Zeitlin"."""
    assert canonical_name(variants) == name


def test_among_equals_the_name_the_author_submitted_with_wins():
    """The demo sample writes "Herbert Saleur" on three papers (submitted by co-authors) and
    "Hubert Saleur" on two he submitted himself: he is named as he writes himself."""
    variants = ["Herbert Saleur"] * 3 + ["Hubert Saleur"] * 2 + ["H. Saleur"] * 9
    assert canonical_name(variants) == "Herbert Saleur"
    assert canonical_name(variants, own_names=["Hubert Saleur", "H. Saleur"]) == "Hubert Saleur"
    assert canonical_name(["Sergey M. Klishevich", "Sergei Klishevich"],
                          own_names=["Sergei Klishevich"]) == "Sergey M. Klishevich"  # fmt: skip
