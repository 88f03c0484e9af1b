"""`loaders.identity_groups`: the whole-graph identity pass cuts the graph's name blocks into
groups that resolve on their own. Whatever the resolver compares must stay in one group, how
small the batches are asked to be. Real embedded FalkorDB (and Neo4j when configured)."""

from __future__ import annotations

import pytest

from graphsvc.store import GraphStore
from loaders.hepth import iter_hepth
from loaders.identity import Overrides
from loaders.identity.features import AffiliationKeyer
from loaders.identity_groups import block_batches, mention_batches
from loaders.identity_link import new_mentions, plan_mentions, plan_new_graph
from loaders.model import AuthorRef, Work
from loaders.names import name_key
from loaders.pipeline import scan_records
from loaders.writer import GraphWriter, name_key_assigner
from tests.conftest import SAMPLE

PAPERS = [  # (paper id, [(name, orcid)])
    ("t:1", [("Sergei D. Odintsov", None), ("Edward Witten", None)]),
    ("t:2", [("A. Odintsov", None)]),  # same surname, other first initial: rarity is by surname
    ("t:3", [("Alberto González Ruiz", None)]),  # a compound surname spaced ...
    ("t:4", [("A. González-Ruiz", None)]),  # ... and hyphenated
    ("t:5", [("Dieter Lüst", None)]),  # an umlaut ...
    ("t:6", [("D. Luest", None)]),  # ... written "ue"
    ("t:7", [("Jane Smith", "0000-0002-1825-0097")]),  # one ORCID under two surnames
    ("t:8", [("Jane Doe", "https://orcid.org/0000-0002-1825-0097")]),  # as the resolver reads it
    ("t:9", [("John Ellis N. E. Mavromatos", None), ("D. V. Nanopoulos", None)]),  # run-on
    ("t:10", [("John Ellis", None)]),
    ("t:11", [("N. E. Mavromatos", None)]),
    ("t:12", [("Paul Townsend", None)]),
    ("t:13", [("Chris Hull", None)]),
]


def load_papers(store: GraphStore) -> None:
    """PAPERS with one author per name string, in its name's block (no identity resolution)."""
    works = [Work(id=pid, title=f"Paper {pid}", year=2000,
                  authors=[AuthorRef(name=n, orcid=o) for n, o in names])
             for pid, names in PAPERS]  # fmt: skip
    GraphWriter(store, name_key_assigner(name_key)).load(works)


@pytest.fixture
def graph(empty_store: GraphStore) -> GraphStore:
    load_papers(empty_store)
    return empty_store


def batch_of(batches: list[list[str]], block: str) -> int:
    return next(n for n, blocks in enumerate(batches) if block in blocks)


def test_what_the_resolver_compares_stays_in_one_batch(graph: GraphStore) -> None:
    out = block_batches(graph, max_mentions=1)  # every group a batch of its own
    together = [
        ("odintsov s", "odintsov a"),
        ("ruiz a", "gonzalezruiz a"),
        ("lust d", "luest d"),
        ("smith j", "doe j"),
        # a run-on name's paper is rewritten whole: its co-author and the cut's parts go with it
        ("mavromatos j", "ellis j", "mavromatos n", "nanopoulos d"),
    ]
    for blocks in together:
        assert len({batch_of(out.batches, b) for b in blocks}) == 1, blocks
    apart = ["odintsov s", "ruiz a", "lust d", "smith j", "ellis j", "witten e", "townsend p",
             "hull c"]  # fmt: skip
    assert len({batch_of(out.batches, b) for b in apart}) == len(apart)
    assert sum(out.mentions) == 15 and len(out.batches) == len(out.mentions)
    assert out.cuts == {"John Ellis N. E. Mavromatos": ("John Ellis", "N. E. Mavromatos")}
    assert len(out.author_ids) == 15
    assert out.overrides_batch is None


def test_batches_hold_whole_groups_up_to_the_size_asked(graph: GraphStore) -> None:
    out = block_batches(graph, max_mentions=4)
    assert max(out.mentions) <= 4  # no group here is larger
    assert len(out.batches) < len(block_batches(graph, max_mentions=1).batches)
    assert len(block_batches(graph, max_mentions=1000).batches) == 1


def test_an_override_puts_its_blocks_in_one_batch(graph: GraphStore) -> None:
    overrides = Overrides(must_merge=(("Paul Townsend", "t:13#1"),))
    out = block_batches(graph, overrides, max_mentions=1)
    n = batch_of(out.batches, "townsend p")
    assert n == batch_of(out.batches, "hull c") == out.overrides_batch
    assert batch_of(out.batches, "witten e") != n


def test_falkordb_author_names_match_the_generic_statement(falkor_store: GraphStore) -> None:
    """FalkorDB's variant packs its rows into one string; decoded, they are the rows of the
    plain statement (the one Neo4j runs), ORCIDs and counts included."""
    from graphsvc.cypher_files import cypher
    from loaders.identity_groups import _author_names
    from loaders.packed_rows import PACKING

    falkor_store.clear()
    load_papers(falkor_store)
    blocks = sorted({r["b"] for r in falkor_store.read(
        "MATCH (a:Author) RETURN a.block_key AS b").rows})  # fmt: skip
    raw = falkor_store.read(cypher("identity_author_names", "falkordb"),
                            {"blocks": blocks, **PACKING}).rows  # fmt: skip
    assert list(raw[0]) == ["packed"]  # the store really ran the packed variant
    plain = falkor_store.read(cypher("identity_author_names", "neo4j"), {"blocks": blocks}).rows

    def canonical(rows: list[dict]) -> list[tuple]:
        return sorted(tuple(sorted(v) if isinstance(v, list) else v for _, v in sorted(r.items()))
                      for r in rows)  # fmt: skip

    decoded = _author_names(falkor_store, blocks)
    assert canonical(decoded) == canonical(plain) and len(decoded) == 15
    assert {r["name"]: r["orcids"] for r in decoded}["Jane Doe"] == [
        "https://orcid.org/0000-0002-1825-0097"
    ]
    assert all(r["mentions"] == r["bare"] == 1 or r["orcids"] for r in decoded)


def test_a_new_graphs_mentions_are_cut_by_the_same_joins() -> None:
    """The bulk path's mentions (no graph yet) are joined as the graph's blocks are."""
    works = [Work(id=pid, title=f"Paper {pid}", year=2000,
                  authors=[AuthorRef(name=n, orcid=o) for n, o in names])
             for pid, names in PAPERS]  # fmt: skip
    mentions = new_mentions(works)
    out = mention_batches(mentions, max_mentions=1)
    where = {m.name: n for n, batch in enumerate(out.batches) for m in batch}
    assert sorted(m.id for batch in out.batches for m in batch) == sorted(m.id for m in mentions)
    together = [("Sergei D. Odintsov", "A. Odintsov"),
                ("Alberto González Ruiz", "A. González-Ruiz"), ("Dieter Lüst", "D. Luest"),
                ("Jane Smith", "Jane Doe")]  # fmt: skip
    for names in together:
        assert len({where[n] for n in names}) == 1, names
    apart = ["Sergei D. Odintsov", "A. González-Ruiz", "D. Luest", "Jane Doe", "Edward Witten",
             "Paul Townsend", "Chris Hull", "John Ellis"]  # fmt: skip
    assert len({where[n] for n in apart}) == len(apart)
    merged = mention_batches(mentions, Overrides(must_merge=(("Paul Townsend", "t:13#1"),)), 1)
    where = {m.name: n for n, batch in enumerate(merged.batches) for m in batch}
    assert where["Paul Townsend"] == where["Chris Hull"] == merged.overrides_batch


def test_a_new_graph_planned_in_batches_gets_the_authors_of_one_plan(
    empty_store: GraphStore,
) -> None:
    """The sample's mentions resolved 50 at a time give every mention the author (id, name,
    keys, merge evidence) one plan over all of them gives."""
    scan = scan_records(iter_hepth([SAMPLE]))
    whole = plan_mentions(empty_store, scan.mentions, set(scan.last))
    assert len(mention_batches(scan.mentions, max_mentions=50).batches) > 50
    batched = plan_new_graph(empty_store, scan.mentions, set(scan.last), max_mentions=50)
    assert batched.assignments == whole.assignments
    assert len({a.id for a in whole.assignments.values()}) < len(scan.mentions) / 2


def test_affiliation_keys_depend_on_the_strings_learned_not_their_order() -> None:
    """An institution is named as first met, so a part of the input resolved on its own is given
    keys learned from all affiliations (`Corpus`), in an order of their own."""
    affs = ["Universität Oldenburg", "Department of Physics, Universitaet Oldenburg, Germany",
            "U. Oldenburg"]  # fmt: skip

    def keys(keyer: AffiliationKeyer) -> list[tuple[str, ...]]:
        return [keyer.keys(a) for a in affs]

    assert keys(AffiliationKeyer.learned(affs)) == keys(AffiliationKeyer.learned(affs[::-1]))
    as_met = AffiliationKeyer()
    for a in affs[::-1]:
        as_met.keys(a)
    assert keys(as_met) != keys(AffiliationKeyer.learned(affs))
