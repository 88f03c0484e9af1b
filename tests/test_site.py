"""A paper's submitting site (`Work.site`, Paper property `site`): parsed from hep-th `From:`
lines, validated in works-jsonl, written by GraphWriter and by the bulk loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store
from loaders.bulk import bulk_load
from loaders.formats.works_jsonl import dump_works_jsonl, iter_works_jsonl
from loaders.hepth import iter_hepth, parse_abs, site_of
from loaders.model import Rejected, Work
from loaders.pipeline import load_paths
from tests.conftest import SAMPLE

ABS = r"""\\
Paper: hep-th/9201001
From: {sender}
Date: Tue Dec 31 23:54:17 MET 1991 +0100   (37kb)

Title: Combinatorics of the Modular Group II: the Kontsevich integrals
Authors: C. Itzykson and J.-B. Zuber
\\
  We study algebraic aspects of Kontsevich integrals.
\\
"""


@pytest.mark.parametrize(
    ("from_line", "site"),
    [
        ("Andrew Strominger <andy@physics.harvard.edu>", "harvard.edu"),
        ("HARVARD.EDU user <x@Physics.Harvard.EDU.>", "harvard.edu"),
        ("zuber@poseidon.saclay.cea.fr (C. Itzykson)", "cea.fr"),
        ("a.b@maths.ox.ac.uk (A. B.)", "ox.ac.uk"),  # three labels under ac.uk
        ("rossi@padova.pd.infn.it", "pd.infn.it"),  # and under infn.it
        ("mandal%theory%tifrvax.BITNET@CEARN.cern.ch", "tifrvax"),  # double relay: last host
        ("Walter=Troost%TF%FYS@cc3.kuleuven.ac.be", "kuleuven.ac.be"),  # bare node: gateway
        ("MANDAL%TIFRVAX.BITNET@CEARN.cern.ch (Gautam Mandal)", "tifrvax"),  # BITNET relay
        ("ASAA%USPIF.bitnet@uicvm.uic.edu", "uspif"),
        ("Gautam Mandal", None),  # no address
        ("", None),
    ],
)
def test_site_of(from_line: str, site: str | None) -> None:
    assert site_of(from_line) == site


def test_parse_abs_sets_site() -> None:
    work = parse_abs(ABS.format(sender="zuber@poseidon.saclay.cea.fr (C. Itzykson)"), "a.abs")
    assert isinstance(work, Work) and work.site == "cea.fr"
    work = parse_abs(ABS.format(sender="J.-B. Zuber"), "b.abs")
    assert isinstance(work, Work) and work.site is None


def test_parse_abs_keeps_a_paper_whose_site_is_not_a_valid_key() -> None:
    """An address whose site is no valid key (`_` is not allowed) costs the paper only its
    site."""
    work = parse_abs(ABS.format(sender="someone@physics.odd_host.edu"), "c.abs")
    assert isinstance(work, Work) and work.site is None


def test_sample_papers_have_sites() -> None:
    works = [w for w in iter_hepth([SAMPLE]) if isinstance(w, Work)]
    with_site = [w for w in works if w.site]
    assert len(works) > 3000
    assert len(with_site) / len(works) > 0.95, (len(with_site), len(works))
    assert {w.id: w.site for w in works}["arxiv:hep-th/9201001"] == "cea.fr"


def test_demo_sample_graph_has_sites(sample_store: GraphStore) -> None:
    row = sample_store.read("MATCH (p:Paper) RETURN count(p) AS n, count(p.site) AS s").rows[0]
    assert row["s"] / row["n"] > 0.9, row
    rows = sample_store.run("eval_works", {"year": 1991}).rows  # submitted 31 Dec 1991
    assert {r["id"]: r["site"] for r in rows}["paper:arxiv:hep-th/9201001"] == "cea.fr"
    rows = sample_store.run("eval_works", {"year": 1993}).rows
    assert sum(1 for r in rows if r["site"]) / len(rows) > 0.9


def _lines(site2: str) -> list[str]:
    good = {"year": 2020, "authors": [{"name": "Ada Lovelace"}, {"name": "Charles Babbage"}]}
    return [
        json.dumps({**good, "id": "lab:1", "title": "One", "site": "harvard.edu"}),
        json.dumps({**good, "id": "lab:2", "title": "Two", "site": site2}),
        json.dumps({**good, "id": "lab:3", "title": "Three"}),
    ]


@pytest.mark.parametrize("bad", ["Harvard.EDU", "harvard edu", ".edu", "", "x" * 254])
def test_works_jsonl_bad_site_is_rejected_naming_record_and_field(bad: str, tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(_lines(bad)) + "\n")
    records = list(iter_works_jsonl([path]))
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert [w.id for w in records if isinstance(w, Work)] == ["lab:1", "lab:3"]
    assert [(r.location, r.field) for r in rejected] == [(f"{path}:2", "site")]
    assert str(rejected[0]).startswith(f"{path}:2: field 'site': String should")


def test_works_jsonl_site_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(_lines("ox.ac.uk")) + "\n")
    works = list(iter_works_jsonl([path]))
    assert [w.site for w in works] == ["harvard.edu", "ox.ac.uk", None]
    lines = list(dump_works_jsonl(works))
    assert '"site":"ox.ac.uk"' in lines[1] and "site" not in lines[2]
    again = tmp_path / "again.jsonl"
    again.write_text("".join(lines))
    assert list(iter_works_jsonl([again])) == works


def _sites(store: GraphStore, year: int = 2020) -> dict[str, str | None]:
    return {r["id"]: r["site"] for r in store.run("eval_works", {"year": year}).rows}


def test_writer_load_stores_site_and_skips_only_the_bad_record(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(_lines("Not A Site")) + "\n")
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=0)
    report = load_paths(empty_store, settings, "works-jsonl", [path])
    assert report.written == 2
    assert [(r.location, r.field) for r in report.rejected] == [(f"{path}:2", "site")]
    assert report.rejects_file and '"site"' in Path(report.rejects_file).read_text()
    assert _sites(empty_store) == {"paper:lab:1": "harvard.edu", "paper:lab:3": None}
    # a second load updates existing papers (upsert_papers): the site is set, changed or removed
    lines = _lines("ox.ac.uk")
    lines[0] = lines[0].replace("harvard.edu", "mit.edu")
    lines[2] = lines[2].replace('"title"', '"site": "cern.ch", "title"')
    path.write_text("\n".join(lines) + "\n")
    report = load_paths(empty_store, settings, "works-jsonl", [path])
    assert (report.written, report.new_papers, report.rejected) == (3, 1, [])
    assert _sites(empty_store) == {
        "paper:lab:1": "mit.edu", "paper:lab:2": "ox.ac.uk", "paper:lab:3": "cern.ch",
    }  # fmt: skip
    path.write_text(_lines("ox.ac.uk")[0].replace(', "site": "harvard.edu"', "") + "\n")
    load_paths(empty_store, settings, "works-jsonl", [path])
    assert _sites(empty_store)["paper:lab:1"] is None


def test_bulk_load_stores_site(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(_lines("Not A Site")) + "\n")
    store = open_store(Settings(data_dir=tmp_path / "data", _env_file=None))
    try:
        report = bulk_load(store, iter_works_jsonl([path]))
        assert (report["Paper"], report["rejected"]) == (2, 1)
        assert _sites(store) == {"paper:lab:1": "harvard.edu", "paper:lab:3": None}
    finally:
        store.close()
