"""The batched hub rebuild (queries.slice.hub_rows: each query serves many hubs per round trip)
stores exactly what the per-hub rebuild did (`reference_row`: the former queries.slice.hub_row,
one ring, one degree, one edge query and three profile queries per hub), node by node and
property by property: on the bundled hep-th sample and on a generated graph with hubs of varied
degree, with rings that hold every neighbour and rings cut at `keep`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.model import AuthorRef, Work
from loaders.pipeline import load_records
from queries.profiles import profile_counts
from queries.slice import (
    NO_SINCE,
    NODE_TYPES,
    REC,
    REL_TYPES,
    SEP,
    _covered,
    _edges,
    _id_lists,
    _priority,
    _ring_query,
    cleared_row,
    hub_rows,
)

PROPS = ("id", "top", "degree", "edges", "profile")
IsHub = Callable[[str, bool], bool]


def reference_row(
    store: GraphStore, hub: str, keep: int, edge_keep: int, is_hub: IsHub
) -> dict[str, Any]:
    """The per-hub rebuild as it was before hub_rows (kept here as the oracle)."""
    every = {"rel_types": REL_TYPES, "types": list(NODE_TYPES), "since": NO_SINCE}
    top = _ring_query(store, {**every, **_id_lists([hub]), "skip": [], "per_node": keep})
    top.sort(key=_priority)
    deg = store.run("slice_degree", {**every, "id": hub}).rows
    hubs = {hub} | {r["id"] for r in top if is_hub(r["id"], r["hub"])}
    packed = REC.join(
        SEP.join([r["id"], r["type"], r["rel"], str(r["weight"] or 1), str(r["year"] or ""),
                  "1" if r["id"] in hubs else "0", str(r["label"])])
        for r in top
    )  # fmt: skip
    edges = _edges(store, sorted(_covered(hub, packed, edge_keep)), hubs)
    return {
        "id": hub,
        "top": packed,
        "degree": ",".join(f"{d['type']}:{d['count']}" for d in deg),
        "edges": REC.join(
            [str(edge_keep)]
            + [SEP.join([e["source"], e["target"], e["type"], str(e["weight"])]) for e in edges]
        ),
        "profile": profile_counts(store, hub) if hub.startswith("author:") else None,
    }


def degrees(store: GraphStore, min_degree: int) -> dict[str, int]:
    """Hub candidates as refresh_hubs finds them (slice_hub_find)."""
    out: dict[str, int] = {}
    for r in store.run("slice_hub_find", {"min_degree": min_degree}).rows:
        out[r["id"]] = max(r["degree"], out.get(r["id"], 0))
    return out


def assert_same_rows(
    store: GraphStore, ids: list[str], keep: int, edge_keep: int, is_hub: IsHub, batch: int
) -> int:
    """hub_rows equals the per-hub rows (cleared rows for non-hubs), in order; returns the
    number of hubs compared."""
    new = list(hub_rows(store, ids, keep, edge_keep, is_hub, batch=batch))
    assert [r["id"] for r in new] == ids
    hubs = 0
    for node, row in zip(ids, new, strict=True):
        if is_hub(node, True):
            hubs += 1
            old = reference_row(store, node, keep, edge_keep, is_hub)
        else:
            old = cleared_row(node)
        assert list(row) == list(PROPS), node
        for prop in PROPS:
            assert row[prop] == old[prop], f"{node}.{prop} differs"
    return hubs


@pytest.mark.parametrize(
    ("min_degree", "keep", "edge_keep", "batch"),
    [(25, 501, 200, 100), (10, 501, 200, 7), (25, 12, 5, 3), (10, 40, 15, 1000)],
)
def test_sample_graph(
    sample_store: GraphStore, min_degree: int, keep: int, edge_keep: int, batch: int
) -> None:
    found = degrees(sample_store, min_degree)
    hub_ids = {i for i, d in found.items() if d >= min_degree}
    ids = sorted(found) + ["author:no-such-node"]  # a former hub that is gone: cleared

    def is_hub(node: str, _stored: bool) -> bool:
        return node in hub_ids

    assert assert_same_rows(sample_store, ids, keep, edge_keep, is_hub, batch) > 10


def test_sample_graph_with_stored_flags(sample_store: GraphStore) -> None:
    """Neighbour hub flags read from the store (the incremental refresh's `is_hub`)."""
    found = degrees(sample_store, 25)
    hub_ids = {i for i, d in found.items() if d >= 25}
    ids = sorted(hub_ids)

    def is_hub(node: str, stored: bool) -> bool:
        return node in hub_ids if node in ids[::2] else stored

    assert assert_same_rows(sample_store, ids, 60, 30, is_hub, 9) > 10


def generated_works() -> list[Work]:
    """Hubs of varied degree: authors with 3 to 60 papers (some sharing many co-authors, some
    with affiliations in several institutions), topics with 2 to 200 papers, repeat
    collaborations (CO_AUTHOR weights above 1), papers without a year."""
    insts = ["MIT", "Harvard University", "CERN", "Princeton University", "Stanford University"]
    works = []
    for a in range(12):
        size = 3 + a * 5
        for i in range(size):
            co = [f"Co{(a * 7 + i * 3) % 40}", f"Co{(a + i) % 9}"]
            aff = [insts[(a + i) % 4]] if i % 3 else []
            refs = [AuthorRef(name=f"Hub{a}", affiliations=aff)]
            refs += [AuthorRef(name=n, affiliations=[insts[i % 5]]) for n in co]
            works.append(Work(
                id=f"g:{a}-{i}", title=f"Paper {a} {i}",
                year=None if i % 11 == 5 else 1990 + i % 17,
                abstract=f"words {a} {i}", authors=refs,
                topics=[f"t{(a * i) % 6}", f"t{6 + a % 3}"] if i % 4 else [f"t{i % 2}"],
                source=["arxiv", "openalex", None][i % 3],
            ))  # fmt: skip
    return works


def test_generated_graph(empty_store: GraphStore, tmp_path: Path) -> None:
    store = empty_store
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=3)
    load_records(store, settings, generated_works(), hub_min_degree=8)
    found = degrees(store, 8)
    hub_ids = {i for i, d in found.items() if d >= 8}
    assert {i.split(":")[0] for i in hub_ids} == {"author", "topic", "inst"}

    def is_hub(node: str, _stored: bool) -> bool:
        return node in hub_ids

    for keep, edge_keep, batch in ((501, 200, 100), (20, 8, 4), (45, 45, 1)):
        assert assert_same_rows(store, sorted(found), keep, edge_keep, is_hub, batch) > 20
