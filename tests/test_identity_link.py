"""Identity-aware loading: stable ids, incremental loads equal one load, overrides, evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.hepth import iter_hepth
from loaders.model import AuthorRef, Work
from loaders.pipeline import load_records
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_works() -> list[Work]:
    return [w for w in iter_hepth([SAMPLE]) if isinstance(w, Work)]


def partition(store: GraphStore) -> set[frozenset[tuple[str, int]]]:
    """Authors as sets of (paper, position): comparable whatever the ids are."""
    rows = store.read("MATCH (a:Author)-[r:AUTHORED]->(p:Paper) "
                      "RETURN a.id AS a, p.id AS p, r.position AS pos").rows  # fmt: skip
    groups: dict[str, set] = {}
    for r in rows:
        groups.setdefault(r["a"], set()).add((r["p"], r["pos"]))
    return {frozenset(g) for g in groups.values()}


def ids(store: GraphStore) -> set[str]:
    return {r["id"] for r in store.read("MATCH (a:Author) RETURN a.id AS id").rows}


def settings_for(tmp_path: Path, **kw) -> Settings:
    return Settings(data_dir=tmp_path, _env_file=None, similar_k=0, **kw)


def test_two_loads_equal_one_and_ids_stay(empty_store, sample_works, tmp_path) -> None:
    settings = settings_for(tmp_path)
    load_records(empty_store, settings, sample_works)
    whole, whole_ids = partition(empty_store), ids(empty_store)
    empty_store.clear()
    first = [w for w in sample_works if w.id.startswith("arxiv:hep-th/92")]
    rest = [w for w in sample_works if not w.id.startswith("arxiv:hep-th/92")]
    load_records(empty_store, settings, first)
    report = load_records(empty_store, settings, rest)
    assert partition(empty_store) == whole
    assert report.new_papers == len(rest)
    before = ids(empty_store)
    again = load_records(empty_store, settings, sample_works)
    assert again.new_papers == 0 and again.identity_moves == 0
    assert ids(empty_store) == before
    assert len(before) == len(whole_ids)


def test_authored_keeps_the_name_as_written(empty_store, sample_works, tmp_path) -> None:
    load_records(empty_store, settings_for(tmp_path), sample_works)
    rows = empty_store.read(
        "MATCH (a:Author)-[r:AUTHORED]->(p:Paper {id: 'paper:arxiv:hep-th/9201001'}) "
        "RETURN r.name AS name, r.position AS pos ORDER BY pos").rows  # fmt: skip
    assert rows == [{"name": "C. Itzykson", "pos": 1}, {"name": "J.-B. Zuber", "pos": 2}]


def work(wid: str, year: int, *authors: AuthorRef) -> Work:
    return Work(id=wid, title=f"Title {wid}", year=year, topics=["hep-th"], authors=list(authors))


def test_orcid_and_source_ids_decide(empty_store, tmp_path) -> None:
    works = [
        work("t:1", 2001, AuthorRef(name="Jun Li", orcid="0000-0001-0000-0001")),
        work("t:2", 2001, AuthorRef(name="Jun Li", orcid="0000-0002-0000-0002")),
        work("t:3", 2002, AuthorRef(name="J. Smith", id="s2:42")),
        work("t:4", 2015, AuthorRef(name="John Smith", id="s2:42")),
    ]
    load_records(empty_store, settings_for(tmp_path), works)
    rows = empty_store.read("MATCH (a:Author)-[:AUTHORED]->(p:Paper) "
                            "RETURN a.id AS a, collect(p.id) AS ps").rows  # fmt: skip
    groups = sorted(sorted(r["ps"]) for r in rows)
    assert groups == [["paper:t:1"], ["paper:t:2"], ["paper:t:3", "paper:t:4"]]


def test_merges_store_score_and_reasons(empty_store, sample_works, tmp_path) -> None:
    load_records(empty_store, settings_for(tmp_path), sample_works)
    rows = empty_store.read(
        "MATCH (a:Author) WHERE size(a.name_variants) > 1 "
        "RETURN a.merge_score AS s, a.merge_reasons AS r LIMIT 5"
    ).rows
    assert rows
    for row in rows:
        assert row["r"] and all("~" in reason for reason in row["r"])


def test_overrides_split_on_reload(empty_store, tmp_path) -> None:
    works = [work("t:1", 2001, AuthorRef(name="Ann Lee", affiliations=["MIT"]),
                  AuthorRef(name="Bob Ray")),
             work("t:2", 2002, AuthorRef(name="Ann Lee", affiliations=["MIT"]),
                  AuthorRef(name="Bob Ray"))]  # fmt: skip
    load_records(empty_store, settings_for(tmp_path), works)
    lee = "MATCH (a:Author)-[:AUTHORED]->(:Paper) WHERE a.name = 'Ann Lee' RETURN DISTINCT a.id"
    assert len(empty_store.read(lee).rows) == 1
    overrides = tmp_path / "overrides.json"
    overrides.write_text(json.dumps({"must_split": [["t:1#1", "t:2#1"]]}))
    load_records(empty_store, settings_for(tmp_path, identity_overrides=overrides), works)
    assert len(empty_store.read(lee).rows) == 2
    weights = empty_store.read(
        "MATCH (a:Author)-[c:CO_AUTHOR]-(b:Author) WHERE a.name = 'Ann Lee' RETURN c.weight AS w"
    ).rows
    assert sorted(r["w"] for r in weights) == [1, 1]


def test_a_later_load_moves_earlier_mentions(empty_store, tmp_path) -> None:
    works = [
        work("t:1", 2001, AuthorRef(name="Ann Lee"), AuthorRef(name="Bob Ray")),
        work("t:2", 2002, AuthorRef(name="Ann Lee"), AuthorRef(name="Bob Ray")),
    ]
    load_records(empty_store, settings_for(tmp_path), works)
    overrides = tmp_path / "overrides.json"
    overrides.write_text(json.dumps({"must_split": [["t:1#1", "t:2#1"]]}))
    later = [work("t:3", 2003, AuthorRef(name="Ann Lee"), AuthorRef(name="Cy Dee"))]
    report = load_records(empty_store, settings_for(tmp_path, identity_overrides=overrides),
                          later)  # fmt: skip
    assert report.identity_moves == 1
    rows = empty_store.read("MATCH (a:Author)-[:AUTHORED]->(p:Paper) WHERE a.name = 'Ann Lee' "
                            "RETURN a.id AS a, collect(p.id) AS ps").rows  # fmt: skip
    groups = sorted(sorted(r["ps"]) for r in rows)
    assert len(groups) == 2 and sorted(sum(groups, [])) == ["paper:t:1", "paper:t:2", "paper:t:3"]
    ray = empty_store.read("MATCH (b:Author {name: 'Bob Ray'})-[c:CO_AUTHOR]-(a:Author) "
                           "RETURN c.weight AS w").rows  # fmt: skip
    assert sorted(r["w"] for r in ray) == [1, 1]


def test_falkordb_block_mentions_match_the_generic_statement(
    empty_store, sample_works, tmp_path
) -> None:
    """The FalkorDB variant packs its rows into one string; decoded, they are the rows of the
    plain statement (the one Neo4j runs)."""
    from graphsvc.cypher_files import cypher
    from loaders.identity_link import block_mentions
    from loaders.names import block_key
    from loaders.packed_rows import PACKING

    load_records(empty_store, settings_for(tmp_path), sample_works)
    blocks = sorted({block_key(a.name) for w in sample_works[:300] for a in w.authors})

    def canonical(rows: list[dict]) -> list[tuple]:
        return sorted(
            (tuple(sorted(v) if k in ("coauthors", "topics") else v for k, v in sorted(r.items()))
             for r in rows),
            key=repr,
        )  # fmt: skip

    packed = block_mentions(empty_store, blocks)
    params = {"blocks": blocks, **PACKING}
    raw = empty_store.read(cypher("identity_block_mentions", "falkordb"), params).rows
    assert list(raw[0]) == ["packed"]  # the store really ran the packed variant
    plain = empty_store.read(cypher("identity_block_mentions", "neo4j"), {"blocks": blocks}).rows
    assert canonical(packed) == canonical(plain)
    assert len(packed) > 500
    assert any(len(r["coauthors"]) > 2 for r in packed) and any(r["affiliations"] for r in packed)


def test_block_mentions_survive_long_multibyte_fields(empty_store, tmp_path) -> None:
    """Packed rows whose parts cross 512 bytes decode exactly (FalkorDB's `x + y` breaks when x
    is exactly 512 bytes, so the packing must not build rows with `+`)."""
    from loaders.identity_link import block_mentions
    from loaders.names import block_key

    works = [
        Work(
            id=f"x:{n}",
            title=f"paper {n}",
            year=2000,
            authors=[
                AuthorRef(name="Zoë Ångström", affiliations=[_long_affiliation(n)]),
                AuthorRef(name="Bo Ma", orcid="0000-0001-5404-8163"),
            ],
        )
        for n in range(380, 480)  # every byte length: the packed rows cross 512 bytes
    ]
    load_records(empty_store, settings_for(tmp_path), works)
    rows = block_mentions(empty_store, [block_key("Zoë Ångström")])
    got = sorted((r["paper"], r["affiliations"], r["coauthors"]) for r in rows)
    want = sorted((f"paper:x:{n}", [_long_affiliation(n)], ["Bo Ma"]) for n in range(380, 480))
    assert got == want


def _long_affiliation(n: int) -> str:
    return "Université " + "é" * (n // 2) + "e" * (n % 2)  # 12 + n bytes


def _solo(wid: str, name: str, affiliation: str, year: int) -> Work:
    return Work(id=wid, title=f"Title {wid}", year=year,
                authors=[AuthorRef(name=name, affiliations=[affiliation])])  # fmt: skip


@pytest.mark.parametrize("split", [1, 2, 3])
def test_a_later_load_judges_surname_rarity_from_the_whole_graph(
    empty_store, tmp_path, split: int
) -> None:
    """Two "Taichi Itoh" papers from unrelated places are kept apart when "Itoh" is a common
    surname (three first names): also when the second paper comes in a later load that
    touches only the "itoh t" block and the other Itohs came earlier."""
    works = [
        _solo("t:3", "Kenji Itoh", "Osaka University", 1995),
        _solo("t:4", "Hiroshi Itoh", "Tohoku University", 1995),
        _solo("t:1", "Taichi Itoh", "Kyoto University", 1995),
        _solo("t:2", "Taichi Itoh", "CERN, Geneva", 1996),
    ]
    settings = settings_for(tmp_path)
    load_records(empty_store, settings, works)
    whole = partition(empty_store)
    assert len(whole) == 4  # the two Taichi Itohs are apart in one load
    empty_store.clear()
    load_records(empty_store, settings, works[:split])
    load_records(empty_store, settings, works[split:])
    assert partition(empty_store) == whole
