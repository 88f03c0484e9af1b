"""Author identity resolution: B-cubed, name features, resolver decisions, overrides, real data."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from loaders.identity.evaluate import bcubed, eval_qian, evidence_ceiling, hepth_identity_report
from loaders.identity.features import compare_given, parse_name
from loaders.identity.overrides import OverrideError, Overrides, load_overrides
from loaders.identity.resolver import Mention, resolve

REPO = Path(__file__).resolve().parents[1]
QIAN = REPO.parent / "shared" / "data" / "s2and_qian"
HEPTH_SAMPLE = REPO / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"


def m(mid: str, name: str, paper: str | None = None, **kw) -> Mention:
    """A mention on its own paper unless `paper` is given."""
    return Mention(id=mid, name=name, paper_id=paper or f"p:{mid}", **kw)


# ---------------------------------------------------------------- B-cubed


def test_bcubed_hand_worked_example():
    # gold {a,b} {c}; predicted {a} {b,c}
    # a: P 1/1 R 1/2; b: P 1/2 R 1/2; c: P 1/2 R 1/1 -> P = R = 2/3
    s = bcubed({"a": "x", "b": "y", "c": "y"}, {"a": 1, "b": 1, "c": 2})
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 / 3)


def test_bcubed_all_in_one_cluster_and_perfect():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    lumped = bcubed(dict.fromkeys(gold, 0), gold)
    assert lumped["precision"] == pytest.approx(0.5)
    assert lumped["recall"] == pytest.approx(1.0)
    assert lumped["f1"] == pytest.approx(2 / 3)
    assert bcubed({"a": 9, "b": 9, "c": 8, "d": 8}, gold)["f1"] == pytest.approx(1.0)


def test_bcubed_missing_predictions_are_singletons():
    # a, b gold together; a predicted, b missing -> both singletons: P 1, R 1/2
    s = bcubed({"a": "x"}, {"a": 1, "b": 1})
    assert s["precision"] == pytest.approx(1.0)
    assert s["recall"] == pytest.approx(0.5)


def test_evidence_ceiling_is_perfect_for_pure_groups_and_lower_for_mixed_ones():
    pure = [m("a", "Lei Zhang", affiliations=("MSR",)), m("b", "Lei Zhang", affiliations=("MSR",))]
    pure.append(m("c", "Lei Zhang", affiliations=("PolyU",)))
    assert evidence_ceiling(pure, {"a": 1, "b": 1, "c": 2})["f1"] == 1.0
    # a and b carry the same evidence but are two people: no method can tell them apart
    mixed = evidence_ceiling(pure, {"a": 1, "b": 2, "c": 2})
    assert mixed["f1"] < 0.8
    # position separates them when asked to count as evidence
    placed = [m("a", "Lei Zhang", position=0), m("b", "Lei Zhang", position=3)]
    assert evidence_ceiling(placed, {"a": 1, "b": 2}, with_position=True)["f1"] == 1.0


def test_bcubed_empty_gold_is_an_error():
    with pytest.raises(ValueError):
        bcubed({}, {})


# ---------------------------------------------------------------- name features


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("S. D. Odintsov", "Sergei D. Odintsov", True),
        ("S.D.Odintsov", "Sergei Odintsov", True),
        ("Sergei Odintsov", "Sergey Odintsov", True),  # transliteration
        ("Sergei Odintsov", "Stefan Odintsov", False),
        ("Joe Polchinski", "Joseph Polchinski", True),  # short form
        ("Geoff Harris", "Geoffrey Harris", True),
        ("Costas Bachas", "Constantin P. Bachas", True),
        ("Jurek Lewandowski", "Jerzy Lewandowski", True),
        ("Josh Gray", "Joshua P. Gray", True),
        ("Rob Potting", "Robertus Potting", True),
        ("Nikos Irges", "Nikolaos Irges", True),
        ("Alex Kehagias", "Alexandros A. Kehagias", True),  # a short form of two names
        ("Alex Zamolodchikov", "Alexei Zamolodchikov", True),
        ("Alexander Zamolodchikov", "Alexei Zamolodchikov", False),  # ... which stay apart
        ("Ed Copeland", "Edmund J. Copeland", True),
        ("Ed Witten", "Edward Witten", True),
        ("Edward Copeland", "Edmund Copeland", False),
        ("Jim Smith", "Joseph Smith", False),
        ("S. A. Odintsov", "S. D. Odintsov", False),  # conflicting middle initials
        ("Jian Wang", "Jiang Wang", False),
        ("Fei-Fei Li", "Fei Fei Li", True),
        ("Odintsov, S. D.", "Sergei D. Odintsov", True),
        ("J-P Ader", "Jean-Pierre Ader", True),  # initials joined by a hyphen, no periods
        ("R-G. Cai", "Rong-Gen Cai", True),
        ("J-P Ader", "Jean-Luc Ader", False),  # a hyphenated run is two initials: "J. P."
        ("Ph. Ruelle", "Philippe Ruelle", True),  # a two-letter abbreviation
        ("Ph Ruelle", "Pierre Ruelle", False),
        ("Yu. A. Kubyshin", "Yuri Kubyshin", True),
        ("Kenichro Aoki", "Kenichiro Aoki", True),  # one letter dropped inside: a typo
        ("Daniel Weber", "Daniela Weber", False),  # at the end: often another name
        ("Andrea Rossi", "Andreas Rossi", False),
        ("Ivan Popov", "Ivana Popov", False),
        ("Marek Nowak", "Marcek Nowak", False),  # too short to call a typo
        ("Hisakzau Minakata", "Hisakazu Minakata", True),  # two letters swapped
        ("Shin'ich Nojiri", "Shin'ichi Nojiri", True),  # a letter more at the end of a long name
        ("Corneliu Sochichiu", "Cornelius Sochichiu", True),
        ("Martin Weber", "Martina Weber", False),  # ... not of a short one
        ("CM Hull", "Christopher M. Hull", True),  # capitals without periods are initials
        ("Bengt EW Nilsson", "B. E. W. Nilsson", True),
        ("CM Hull", "Christopher D. Hull", False),
        ("ANNA SMITH", "Anna Smith", True),  # a name all in capitals keeps its given name
        ("CO AUTHOR", "Co Author", True),
        ("Dmitri V. Shirkov", "Dmitrij V. Shirkov", True),  # transliterations
        ("Evgeny A. Ivanov", "Evgenyi A. Ivanov", True),
        ("Valeriy N. Tolstoy", "Valerij N. Tolstoy", True),
        ("Bjoern Andreas", "Bjorn Andreas", True),
        ("Juerg Froehlich", "Jürg Fröhlich", True),
        ("Dmitri Sorokin", "Dmitrij Sorokin", True),
    ],
)
def test_compare_given(a, b, ok):
    assert (compare_given(parse_name(a), parse_name(b)) is not None) is ok


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("H-T. Sato", "H-T. Sato", "exact"),  # the same string stays an exact match
        ("H-T. Sato", "Haru-Tada Sato", "initials"),
        ("J.-P. Ader", "J-P Ader", "initials"),
        ("Ch. Kopper", "Christoph Kopper", "initials"),
        ("Atsusi Okazaki", "Atsushi Okazaki", "typo"),
        ("Philip Candelas", "Phillip Candelas", "variant"),  # listed: no evidence needed
        ("Lambodar P. Singh", "Lambodhar P. Singh", "typo"),
        ("Yuri M. Malyuta", "Yuri Mi. Malyuta", "initials"),
    ],
)
def test_given_name_agreement_levels(a, b, level):
    assert compare_given(parse_name(a), parse_name(b)).level == level


def test_a_hyphenated_run_of_initials_is_not_a_first_name():
    assert not parse_name("J-P Ader").has_full_first
    assert parse_name("Jean-Pierre Ader").has_full_first and parse_name("Ph. Brax").has_full_first


def test_a_typo_needs_evidence_to_merge():
    """A name one letter off is a typo only when a shared co-author or affiliation says so."""
    alone = resolve([m("1", "Kenichiro Aoki"), m("2", "Kenichro Aoki")])
    assert alone.author_of["1"] != alone.author_of["2"]
    shared = resolve([m("1", "Kenichiro Aoki", coauthors=("Eric D'Hoker",)),
                      m("2", "Kenichro Aoki", coauthors=("Eric D'Hoker",))])  # fmt: skip
    assert shared.author_of["1"] == shared.author_of["2"] == "author:aoki-kenichiro"
    # a known limit: a long name and its feminine form ("Christian" / "Christiane") read as a
    # typo too, so with a shared co-author they merge; without evidence they stay apart
    pair = resolve([m("1", "Christian Weber"), m("2", "Christiane Weber")])
    assert pair.author_of["1"] != pair.author_of["2"]


# ---------------------------------------------------------------- resolver


def test_initials_and_full_name_become_one_author():
    res = resolve(
        [
            m("1", "S.D. Odintsov", coauthors=("E. Elizalde",)),
            m("2", "Sergei D. Odintsov", coauthors=("Emilio Elizalde",)),
            m("3", "E. Elizalde", "p:1", coauthors=("S.D. Odintsov",)),
        ]
    )
    assert res.author_of["1"] == res.author_of["2"] == "author:odintsov-sergei-d"
    author = res.by_id()["author:odintsov-sergei-d"]
    assert author.variants == ("S.D. Odintsov", "Sergei D. Odintsov")
    (merge,) = author.merges
    assert math.isfinite(merge.score) and merge.score >= 1.0
    assert any("co-authors" in r for r in merge.reasons)
    assert any(r.startswith("name:") for r in merge.reasons)


def test_different_first_names_stay_apart_despite_shared_coauthor():
    res = resolve(
        [
            m("1", "Sergei Odintsov", coauthors=("E. Elizalde",)),
            m("2", "Stefan Odintsov", coauthors=("E. Elizalde",)),
        ]
    )
    assert res.author_of["1"] != res.author_of["2"]


def test_conflicting_middle_initials_stay_apart():
    res = resolve(
        [
            m("1", "S. A. Odintsov", coauthors=("E. Elizalde",)),
            m("2", "S. D. Odintsov", coauthors=("E. Elizalde",)),
        ]
    )
    assert res.author_of["1"] != res.author_of["2"]


def test_ambiguous_initial_needs_evidence():
    base = [
        m("1", "Sergei Odintsov", coauthors=("E. Elizalde",)),
        m("2", "Stefan Odintsov", coauthors=("K. Mueller",)),
    ]
    alone = resolve([*base, m("3", "S. Odintsov")])
    assert len({alone.author_of[i] for i in "123"}) == 3
    helped = resolve([*base, m("3", "S. Odintsov", coauthors=("Emilio Elizalde",))])
    assert helped.author_of["3"] == helped.author_of["1"] != helped.author_of["2"]


OTHER_WANGS = [m(f"w{i}", f"{first} Wang") for i, first in enumerate(["Jun", "Li", "Yi"])]


def test_homonyms_with_different_affiliations_are_kept_apart():
    # Wang is a common surname here (several first names), so a name match says little
    res = resolve(
        [
            m("1", "Wei Wang", affiliations=("Fudan University",)),
            m("2", "Wei Wang", affiliations=("Fudan Univ., Shanghai",)),
            m("3", "Wei Wang", affiliations=("Massachusetts Institute of Technology",)),
            *OTHER_WANGS,
        ]
    )
    assert res.author_of["1"] == res.author_of["2"] != res.author_of["3"]
    ids = sorted(a.id for a in res.authors if a.name == "Wei Wang")
    assert ids == ["author:wang-wei", "author:wang-wei-2"]
    (kept,) = res.kept_apart
    assert {kept.left, kept.right} == {"author:wang-wei", "author:wang-wei-2"}
    assert any("affiliation differs" in r for r in kept.reasons)


def test_rare_surname_with_different_affiliations_merges():
    # one first name for the surname in the input: a mover is likelier than a namesake
    res = resolve(
        [
            m("1", "Andreas Birk", affiliations=("Vrije Universiteit Brussel",)),
            m("2", "Andreas Birk", affiliations=("Jacobs University Bremen",)),
        ]
    )
    assert res.author_of["1"] == res.author_of["2"]
    (merge,) = res.by_id()[res.author_of["1"]].merges
    assert any(r.startswith("affiliation differs") for r in merge.reasons)


@pytest.mark.parametrize(
    ("name", "others", "together"),
    [
        ("Robert G. Leigh", (), True),  # rare surname, the same full name with a middle initial
        ("R. G. Leigh", (), True),  # the same two initials (hep-th: S. L. Lyakhovich, K.-H. Rehren)
        ("R. Leigh", (), False),  # one initial: the name says too little
        ("Robert G. Leigh", ("Anna Leigh", "John Leigh", "Mary Leigh"), False),  # common surname
    ],
)
def test_rare_two_part_name_outweighs_a_move(name, others, together):
    """A mover (Rutgers, then Illinois) who writes the same name with two given parts is one
    person when the surname is rare; the affiliation penalty still parts the others."""
    res = resolve(
        [
            m("1", name, year=1995, affiliations=("Rutgers University",)),
            m("2", name, year=1999, affiliations=("University of Illinois at Urbana-Champaign",)),
            *(m(f"o{i}", o, affiliations=(f"Institute {i}",)) for i, o in enumerate(others)),
        ]
    )
    assert (res.author_of["1"] == res.author_of["2"]) is together
    if together:
        (merge,) = res.by_id()[res.author_of["1"]].merges
        assert any("a move (+0.00)" in r for r in merge.reasons), merge.reasons


def test_mention_without_evidence_joins_the_dominant_author():
    witten = [m(f"e{i}", "Edward Witten", coauthors=(f"A. Coauthor{i % 2}",)) for i in range(4)]
    res = resolve([*witten, m("lone", "E. Witten")])
    assert res.author_of["lone"] == res.author_of["e0"]
    reasons = [r for mg in res.by_id()[res.author_of["e0"]].merges for r in mg.reasons]
    assert any("no other evidence" in r for r in reasons)


def test_mention_without_evidence_stays_apart_when_no_author_dominates():
    affs = ["Fudan University", "MIT", "Kyoto University"]
    wangs = [m(f"x{i}", "Wei Wang", affiliations=(a,)) for i, a in enumerate(affs)]
    res = resolve([*wangs, *OTHER_WANGS, m("lone", "Wei Wang")])
    assert not res.problems
    assert len({res.author_of[f"x{i}"] for i in range(3)}) == 3
    assert res.author_of["lone"] not in {res.author_of[f"x{i}"] for i in range(3)}


def test_two_authors_of_one_paper_are_two_people():
    res = resolve([m("1", "J. Wang", "p:x"), m("2", "J. Wang", "p:x")])
    assert res.author_of["1"] != res.author_of["2"]


def test_orcid_wins():
    res = resolve(
        [
            m("1", "John Smith", orcid="0000-0001-0000-0001", coauthors=("A. Jones",)),
            m("2", "John Smith", orcid="0000-0001-0000-0002", coauthors=("A. Jones",)),
            m("3", "Jon Smyth", orcid="https://orcid.org/0000-0001-0000-0001"),
        ]
    )
    assert res.author_of["1"] != res.author_of["2"]  # different ORCIDs: different people
    assert res.author_of["1"] == res.author_of["3"]  # same ORCID across name blocks
    merges = res.by_id()[res.author_of["1"]].merges
    assert any("same ORCID" in r for mg in merges for r in mg.reasons)


def test_same_source_id_merges():
    res = resolve([m("1", "A. Smith", source_id="s2:7"), m("2", "Alice Smithe", source_id="s2:7")])
    assert res.author_of["1"] == res.author_of["2"]


def test_overrides_split_and_merge():
    mentions = [
        m("1", "Wei Wang", affiliations=("Fudan University",)),
        m("2", "Wei Wang", affiliations=("Fudan University",)),
        m("3", "A. Smith"),
        m("4", "Bob Jones"),
    ]
    plain = resolve(mentions)
    assert plain.author_of["1"] == plain.author_of["2"]
    assert plain.author_of["3"] != plain.author_of["4"]
    ov = Overrides.from_dict({"must_split": [["1", "2"]], "must_merge": [["a smith", "Bob Jones"]]})
    res = resolve(mentions, ov)
    assert res.author_of["1"] != res.author_of["2"]
    assert res.author_of["3"] == res.author_of["4"]
    reasons = [r for mg in res.by_id()[res.author_of["3"]].merges for r in mg.reasons]
    assert any("must_merge" in r for r in reasons)


def test_a_must_split_outweighs_a_shared_source_id():
    mentions = [m("1", "A. Smith", source_id="s2:7"), m("2", "Alice Smith", source_id="s2:7"),
                m("3", "A. Smith", source_id="s2:7")]  # fmt: skip
    res = resolve(mentions, Overrides.from_dict({"must_split": [["1", "2"]]}))
    assert res.author_of["1"] != res.author_of["2"]
    assert res.author_of["1"] == res.author_of["3"]  # the link the split does not forbid
    assert any("same source id s2:7: not applied" in p for p in res.problems)


def test_override_contradiction_and_unknown_reference():
    mentions = [m("1", "A. Smith"), m("2", "Bob Jones")]
    both = {"must_merge": [["1", "2"]], "must_split": [["1", "2"]]}
    with pytest.raises(OverrideError):
        resolve(mentions, Overrides.from_dict(both))
    res = resolve(mentions, Overrides.from_dict({"must_merge": [["1", "Nobody Here"]]}))
    assert any("Nobody Here" in p for p in res.problems)


def test_load_overrides_json_and_json_lines(tmp_path):
    obj = tmp_path / "o.json"
    obj.write_text(json.dumps({"must_merge": [["a", "b"]], "must_split": [["c", "d"]]}))
    assert load_overrides(obj).must_merge == (("a", "b"),)
    lines = tmp_path / "o.jsonl"
    lines.write_text('# comment\n{"must_merge": [["a", "b"]]}\n\n{"must_split": [["c", "d"]]}\n')
    ov = load_overrides(lines)
    assert ov.must_merge == (("a", "b"),) and ov.must_split == (("c", "d"),)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"must_merge": [["a"]]}\n{"x": 1}\n')
    with pytest.raises(OverrideError, match=r"bad.jsonl:1: field 'must_merge' item 0"):
        load_overrides(bad)
    with pytest.raises(OverrideError, match="cannot read"):
        load_overrides(tmp_path / "missing.json")


def test_bad_mentions_are_reported_and_skipped():
    res = resolve([m("1", "   "), m("2", "Ann Lee"), m("2", "Ann Lee")])
    assert set(res.author_of) == {"2"}
    assert any("mention 1" in p and "'name'" in p for p in res.problems)
    assert any("duplicate" in p for p in res.problems)


def test_deterministic_clusters_and_ids():
    rng = random.Random(7)
    names = ["S.D. Odintsov", "Sergei D. Odintsov", "Wei Wang", "W. Wang", "Wei Wang", "Li Zhang"]
    affs = ["Fudan University", "MIT", "", "Tomsk"]
    mentions = [
        m(
            f"m{i}",
            rng.choice(names),
            coauthors=(rng.choice(["E. Elizalde", "S. Nojiri", "Q. Li"]),),
            affiliations=tuple(a for a in [rng.choice(affs)] if a),
        )
        for i in range(60)
    ]
    first = resolve(mentions)
    for seed in range(3):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        again = resolve(shuffled)
        assert again.author_of == first.author_of
        assert [(a.id, a.mention_ids) for a in again.authors] == [
            (a.id, a.mention_ids) for a in first.authors
        ]


def test_pairwise_study_features_mark_conflicts_and_shared_affiliations():
    from loaders.identity.pairwise_study import _pair_features

    ms = [
        m("1", "Wei Wang", position=0, affiliations=("Fudan University",)),
        m("2", "Wei Wang", position=2, affiliations=("Fudan University",)),
        m("3", "Wen Wang", position=0),
    ]
    x = _pair_features(ms, [0, 1, 2])  # pairs (1,2) (1,3) (2,3)
    assert x.shape == (3, 20)
    assert list(x[:, 0]) == [0.0, 1.0, 1.0]  # Wei / Wen conflict
    assert x[0, 13] == 100.0 and x[0, 15] == 1.0  # same affiliation
    assert x[1, 12] == 1.0 and x[1, 13] == -1.0  # one affiliation missing


# ---------------------------------------------------------------- real data


@pytest.mark.skipif(not QIAN.is_dir(), reason=f"S2AND Qian data not found at {QIAN}")
def test_qian_bcubed_regression_floor():
    scores = eval_qian(QIAN)
    assert scores["signatures"] == 6542
    # measured 0.815 (P 0.858, R 0.776); see the xfail below for the 0.90 target
    assert scores["f1"] >= 0.80, scores


@pytest.mark.skipif(not QIAN.is_dir(), reason=f"S2AND Qian data not found at {QIAN}")
@pytest.mark.xfail(
    strict=True,
    reason="target 0.90 not reached: measured 0.815 (P 0.858, R 0.776) with weights tuned on "
    "all of Qian; on a seeded half split of the name blocks the rules score 0.825 / 0.805, "
    "re-tuning them on one half gains nothing on the other, and a gradient-boosted pairwise "
    "model trained on one half scores at most 0.783 / 0.788 on the other "
    "(loaders/identity/pairwise_study.py). Qian has no titles, co-authors or emails; 24% of "
    "signatures have no affiliation; positions and paper-id distance add < 0.001. An oracle that "
    "knows the gold but must label signatures with the same name and affiliations alike scores "
    "0.911 (evidence_ceiling), so 0.90 is out of reach for any resolver on this evidence",
)
def test_qian_bcubed_target():
    assert eval_qian(QIAN)["f1"] >= 0.90


@pytest.mark.skipif(not HEPTH_SAMPLE.is_file(), reason=f"hep-th sample not found: {HEPTH_SAMPLE}")
def test_hepth_sample_merges_odintsov_variants():
    from loaders.hepth import iter_hepth

    rep = hepth_identity_report(iter_hepth([HEPTH_SAMPLE]), examples=2000)
    # the greedy pass runs until no pair reaches the threshold: homonyms left apart are below it
    assert all(k["score"] is None or k["score"] < 1.0 for k in rep["example_kept_apart"])
    assert rep["authors"] < rep["raw_name_strings"]
    odintsov = [e for e in rep["example_merges"] if "S. D. Odintsov" in e["variants"]]
    assert len(odintsov) == 1
    assert "Sergei Odintsov" in odintsov[0]["variants"]
    # spellings that were each an author of their own before the name rules of session 24
    for spellings in ({"J-P Ader", "Jean-Pierre Ader"}, {"Ph Ruelle", "Philippe Ruelle"},
                      {"Kenichro Aoki", "Kenichiro Aoki"}):
        together = [e for e in rep["example_merges"] if spellings <= set(e["variants"])]
        assert len(together) == 1, spellings


def test_the_identity_report_counts_what_a_load_decides(sample_store):
    """`graphsvc eval identity` resolves the mentions a load resolves (run-on author lists cut,
    submitters' e-mail digests), so its count of authors is the loaded graph's."""
    from loaders.hepth import iter_hepth

    rep = hepth_identity_report(iter_hepth([HEPTH_SAMPLE]))
    loaded = sample_store.read("MATCH (a:Author) RETURN count(a) AS n").rows[0]["n"]
    mentions = sample_store.read("MATCH (:Author)-[r:AUTHORED]->() RETURN count(r) AS n").rows
    assert (rep["authors"], rep["mentions"]) == (loaded, mentions[0]["n"])
