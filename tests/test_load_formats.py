"""Every input format loads end to end into the store, with its rejects reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.model import Work
from loaders.pipeline import load_paths, parsers
from tests.conftest import shared_data

FIXTURES = {
    "arxiv-jsonl": ("arxiv", "kaggle_arxiv_snapshot_head200"),
    "arxiv-atom": ("arxiv", "arxiv_py_atom"),
    "arxiv-oai": ("arxiv", "arxiv_oai_pmh_nock"),
    "s2": ("s2ag",),
    "crossref": ("crossref", "habanero_cassettes.tar.gz"),
}


def count(store: GraphStore, label: str) -> int:
    return store.read(f"MATCH (n:{label}) RETURN count(n) AS n").rows[0]["n"]


@pytest.mark.parametrize("fmt", sorted(FIXTURES))
def test_format_loads(fmt: str, empty_store: GraphStore, tmp_path: Path) -> None:
    path = shared_data(*FIXTURES[fmt])
    expected = {r.id for r in parsers()[fmt]([path]) if isinstance(r, Work)}
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=3)
    report = load_paths(empty_store, settings, fmt, [path])
    assert report.written >= len(expected) > 0
    assert count(empty_store, "Paper") == len(expected)
    assert count(empty_store, "Author") > 0
    if report.rejected:
        assert report.rejects_file and Path(report.rejects_file).read_text().count("\n") == len(
            report.rejected
        )
    again = load_paths(empty_store, settings, fmt, [path])
    assert again.new_papers == 0 and count(empty_store, "Paper") == len(expected)


def test_crossref_funders_awards_venues(empty_store: GraphStore, tmp_path: Path) -> None:
    path = shared_data("crossref", "habanero_cassettes.tar.gz")
    load_paths(empty_store, Settings(data_dir=tmp_path, _env_file=None, similar_k=0),
               "crossref", [path])  # fmt: skip
    assert count(empty_store, "Funder") > 0 and count(empty_store, "Award") > 0
    assert count(empty_store, "Venue") > 0
    row = empty_store.read(
        "MATCH (p:Paper)-[:HAS_AWARD]->(a:Award)-[:FUNDED_BY]->(f:Funder) "
        "RETURN p.id AS p, a.number AS n, f.name AS f LIMIT 1").rows[0]  # fmt: skip
    assert row["n"] and row["f"] and row["p"].startswith("paper:doi:")


def test_works_jsonl_round_trip(empty_store: GraphStore, tmp_path: Path) -> None:
    lines = [
        '{"id": "lab:1", "title": "Graphs", "year": 2020, "topics": ["cs.SI"], '
        '"authors": [{"name": "Ada Lovelace", "orcid": "0000-0001-2345-6789"}, {"name": "C. B."}]}',
        '{"id": "lab:2", "title": "", "year": 2021, "authors": []}',
        "not json at all",
        '{"id": "lab:3", "title": "More graphs", "year": 2021, '
        '"authors": [{"name": "Ada Lovelace", "orcid": "0000-0001-2345-6789"}]}',
    ]
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = load_paths(empty_store, Settings(data_dir=tmp_path, _env_file=None, similar_k=0),
                        "works-jsonl", [path])  # fmt: skip
    assert report.written == 2 and len(report.rejected) == 2
    assert {r.location.rsplit(":", 1)[-1] for r in report.rejected} == {"2", "3"}
    ada = empty_store.read("MATCH (a:Author)-[:AUTHORED]->(p:Paper) WHERE a.orcid = "
                           "'0000-0001-2345-6789' RETURN count(p) AS n").rows  # fmt: skip
    assert ada == [{"n": 2}]
