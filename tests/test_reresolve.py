"""`graphsvc upgrade --identity` (loaders/reresolve.py): a graph whose authors were decided by
other identity rules ends up with the authors, keys, co-author ties and hub data of a fresh
load of the same records. Real embedded FalkorDB (and Neo4j when configured)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graphsvc.api.app import _warn_if_outdated
from graphsvc.store import GraphStore
from loaders.hepth import iter_hepth
from loaders.identity_rules import needs_identity_upgrade
from loaders.institution_link import seeded_institutions
from loaders.model import Work
from loaders.names import block_key, name_key
from loaders.pipeline import load_records, scan_records
from loaders.reresolve import reresolve_identity
from loaders.run_on import cut_authors
from loaders.writer import AuthorAssignment, GraphWriter, slug
from queries.slice import refresh_hubs
from tests.conftest import SAMPLE
from tests.test_hub_refresh import MIN, assert_same_as_full, settings_for

VERSION = "MATCH (m:Meta {id: 'graph'}) RETURN m.version AS v"


@pytest.fixture(scope="module")
def sample_works() -> list[Work]:
    """The sample's works as the archive writes them (run-on names not cut)."""
    return [w for w in iter_hepth([SAMPLE]) if isinstance(w, Work)]


@pytest.fixture(scope="module")
def cut_works(sample_works: list[Work]) -> list[Work]:
    """The sample's works with their author lists cut as a load cuts them (`loaders.run_on`)."""
    cut = scan_records(sample_works).cut
    assert cut, "the sample holds a run-on name ('John Ellis N. E. Mavromatos')"
    return [cut_authors(w, cut) for w in sample_works]


def by_name_string(work: Work) -> list[AuthorAssignment]:
    """Identity as a graph without resolution had it: one author per name string, with a
    block key no later load would look for."""
    return [AuthorAssignment(f"author:{slug(name_key(a.name))}", a.name, name_key(a.name),
                             "stale")
            for a in work.authors]  # fmt: skip


def by_name_string_in_blocks(work: Work) -> list[AuthorAssignment]:
    """One author per name string, each in its name's block (as `bench/generate.py` writes)."""
    return [replace(a, block_key=block_key(a.name)) for a in by_name_string(work)]


def mentions_of(store: GraphStore) -> dict[str, frozenset]:
    """Author id -> the (paper, position) pairs it holds."""
    rows = store.read("MATCH (a:Author)-[r:AUTHORED]->(p:Paper) "
                      "RETURN a.id AS a, p.id AS p, r.position AS pos").rows  # fmt: skip
    out: dict[str, set] = {}
    for r in rows:
        out.setdefault(r["a"], set()).add((r["p"], r["pos"]))
    return {a: frozenset(m) for a, m in out.items()}


def ties(store: GraphStore) -> set[tuple]:
    """CO_AUTHOR edges with their weights and years, ends named by their mentions."""
    who = mentions_of(store)
    rows = store.read("MATCH (x:Author)-[c:CO_AUTHOR]->(y:Author) RETURN x.id AS x, y.id AS y, "
                      "c.weight AS w, c.first_year AS f, c.last_year AS l").rows  # fmt: skip
    return {(frozenset({who[r["x"]], who[r["y"]]}), r["w"], r["f"], r["l"]) for r in rows}


def institutions(store: GraphStore) -> set[tuple]:
    """AFFILIATED_WITH edges with their years, authors named by their mentions."""
    who = mentions_of(store)
    rows = store.read("MATCH (a:Author)-[r:AFFILIATED_WITH]->(i:Institution) RETURN a.id AS a, "
                      "i.id AS i, r.first_year AS f, r.last_year AS l").rows  # fmt: skip
    return {(who[r["a"]], r["i"], r["f"], r["l"]) for r in rows}


@pytest.mark.parametrize(
    ("stale_identity", "max_mentions"),
    [(by_name_string, 100_000), (by_name_string_in_blocks, 300)],
    ids=["one-block", "name-blocks-in-batches"],
)
def test_a_graph_of_other_identity_rules_becomes_a_fresh_load(
    empty_store: GraphStore, sample_works: list[Work], cut_works: list[Work], tmp_path: Path,
    caplog, stale_identity, max_mentions: int,
) -> None:
    """The stale graph has one author per name string and the run-on author lists uncut; its
    authors are all in one block, or each in its name's block and resolved in batches of
    about `max_mentions` mentions (many block groups: the result must not depend on them)."""
    settings = settings_for(tmp_path)
    assert not needs_identity_upgrade(empty_store)  # nothing to decide in an empty graph
    load_records(empty_store, settings, cut_works, hub_min_degree=MIN)
    assert not needs_identity_upgrade(empty_store)  # a first load records the current rules
    fresh_people, fresh_ties = set(mentions_of(empty_store).values()), ties(empty_store)
    fresh_institutions = institutions(empty_store)
    assert fresh_institutions
    empty_store.clear()

    writer = GraphWriter(empty_store, stale_identity, seeded_institutions(empty_store))
    writer.load(sample_works[:-5])
    refresh_hubs(empty_store, min_degree=MIN)
    load_records(empty_store, settings, sample_works[-5:], hub_min_degree=MIN)
    assert needs_identity_upgrade(empty_store)  # a later load decides only what it touches
    _warn_if_outdated(empty_store)
    assert "run `graphsvc upgrade --identity`" in caplog.text
    before = mentions_of(empty_store)
    assert len(before) > len(fresh_people)  # name variants are separate authors here
    version = empty_store.read(VERSION).rows[0]["v"]

    report = reresolve_identity(empty_store, hub_min_degree=MIN, max_mentions=max_mentions)
    after = mentions_of(empty_store)
    assert set(after.values()) == fresh_people
    assert ties(empty_store) == fresh_ties
    assert institutions(empty_store) == fresh_institutions  # moved with their mentions
    assert report.authors_before == len(before) and report.authors_after == len(after)
    assert report.mentions_moved > 0
    assert (report.batches > 10) == (max_mentions < 1000)
    assert report.names_cut == ["arxiv:hep-th/9305116 authors: 'John Ellis N. E. Mavromatos' "
                                "read as 'John Ellis' and 'N. E. Mavromatos'"]
    assert empty_store.read(VERSION).rows[0]["v"] != version
    assert_same_as_full(empty_store)
    keys = empty_store.read("MATCH (a:Author) RETURN a.name AS n, a.block_key AS b").rows
    assert all(r["b"] == block_key(r["n"]) for r in keys)
    kept = [a for a, m in after.items() if before.get(a) == m]
    assert kept, "authors whose mentions did not change keep their ids"
    assert not needs_identity_upgrade(empty_store)

    version = empty_store.read(VERSION).rows[0]["v"]
    again = reresolve_identity(empty_store, hub_min_degree=MIN, max_mentions=max_mentions)
    assert (again.mentions_moved, again.authors_renamed, again.names_cut) == (0, 0, [])
    assert mentions_of(empty_store) == after
    assert empty_store.read(VERSION).rows[0]["v"] == version
