"""Institution identity from affiliation strings."""

from __future__ import annotations

import time

import pytest

from loaders.institutions import InstitutionResolver, clean


@pytest.fixture
def resolver() -> InstitutionResolver:
    return InstitutionResolver()


def _id(r: InstitutionResolver, s: str) -> str | None:
    ref = r.resolve(s)
    return ref.id if ref else None


def test_mit_variants_are_one_institution_with_aliases(resolver):
    forms = ["MIT", "M.I.T.", "Massachusetts Institute of Technology", "Dept. of Physics, MIT"]
    assert {_id(resolver, f) for f in forms} == {"inst:mit"}
    (mit,) = [i for i in resolver.institutions() if i.id == "inst:mit"]
    assert mit.name == "Massachusetts Institute of Technology"
    assert {"MIT", "Massachusetts Institute of Technology"} <= set(mit.aliases)
    assert mit.mentions == 4


def test_university_segment_beats_institute_department_and_address(resolver):
    s = (
        "Inst. f. Theoretical Physics, Univ. Heidelberg. Philosophenweg 19, 69120, "
        "Heidelberg, Germany"
    )
    ref = resolver.resolve(s)
    assert ref is not None and "Heidelberg" in ref.name and "Philosophenweg" not in ref.name
    assert ref.id == _id(resolver, "University of Heidelberg")
    assert ref.id == _id(resolver, 'Universit\\"at Heidelberg')
    assert ref.id == _id(resolver, "Universität Heidelberg")


def test_city_after_institution_is_dropped(resolver):
    assert _id(resolver, "ICTP; Trieste") == _id(resolver, "ICTP") == "inst:ictp"
    assert _id(resolver, "IAS, Princeton") == "inst:ias"
    assert _id(resolver, "Princeton University") == "inst:princeton"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("University of Texas", "Texas State University"),
        ("University of Washington", "Washington University"),
        ("University of Tokyo", "Tokyo Institute of Technology"),
        ("Universita di Roma Tor Vergata", "Universita di Roma La Sapienza"),
        ("University of Sussex", "University of Essex"),
        ("University of Mainz", "University of Maine"),
        ("ITP, Kiev", "ITP, Santa Barbara"),
    ],
)
def test_look_alikes_stay_apart(resolver, a, b):
    assert _id(resolver, a) is not None
    assert _id(resolver, a) != _id(resolver, b)


def test_spelling_variants_merge(resolver):
    assert _id(resolver, "University of Portsmouth") == _id(resolver, "Porstmouth University")
    assert _id(resolver, "Universitaet Hannover") == _id(resolver, "University of Hanover")
    assert _id(resolver, "Jagiellonian University") == _id(resolver, "Jagellonian University")


def test_several_institutions_in_one_string(resolver):
    refs = resolver.resolve_all("(1) Kyushu University, Japan, (2) Universitaet Regensburg")
    assert len(refs) == 2
    assert [r.id for r in resolver.resolve_all("Caltech and Weizmann Institute")] == [
        "inst:caltech",
        "inst:weizmann",
    ]
    # "Physics and Astronomy" is one department, not two institutions
    refs = resolver.resolve_all("Dept. of Physics and Astronomy, University of Kentucky")
    assert len(refs) == 1 and "Kentucky" in refs[0].name


@pytest.mark.parametrize(
    "s", ["1", "2 and 3", "someone@physics.ubc.ca", "Department of Physics", "Germany", ""]
)
def test_strings_naming_no_institution(resolver, s):
    assert resolver.resolve(s) is None


def test_clean_expands_abbreviations_and_acronyms():
    assert clean("Dept. of Phys., Univ. of X") == "Department of Physics , University of X"
    assert clean("M.I.T.") == "MIT"
    assert clean("Lab. Nat'l, mail: a@b.org").startswith("Laboratory")


def test_ids_are_deterministic_and_fast():
    strings = [f"Department of Physics, University of Place{i}, 1234{i} City" for i in range(2000)]
    strings += ["MIT", "Kyoto Univ.", "Univ. of Tokyo"] * 1000
    runs = []
    for _ in range(2):
        r = InstitutionResolver()
        t = time.perf_counter()
        runs.append([_id(r, s) for s in strings])
        elapsed = time.perf_counter() - t
    assert runs[0] == runs[1]
    assert len(set(runs[0])) == 2003
    assert elapsed < 5.0


def test_hepth_sample_affiliations_merge():
    from pathlib import Path

    from loaders.hepth import iter_hepth
    from loaders.model import Work

    sample = Path(__file__).parent.parent / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"
    if not sample.exists():
        pytest.skip(f"hep-th sample not found at {sample}")
    strings = [
        aff
        for w in iter_hepth([sample])
        if isinstance(w, Work)
        for a in w.authors
        for aff in a.affiliations
    ]
    if not strings:
        pytest.skip("hep-th loader yields no affiliations")
    r = InstitutionResolver()
    for s in strings:
        r.resolve_all(s)
    insts = r.institutions()
    assert 0 < len(insts) < len(set(strings))
    assert sum(i.mentions for i in insts) >= len(strings) * 0.8
