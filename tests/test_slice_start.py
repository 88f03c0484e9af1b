"""The one-round-trip start of a slice (slice_start_<label>): at depth 1 its edges equal the
live edge query (slice_edges), with and without hubs among the ring; lone and unknown nodes."""

from __future__ import annotations

import pytest

from graphsvc.errors import NotFound
from queries.slice import _edges, graph_slice, one_edge_per_similar_pair, refresh_hubs


def _centres(store) -> list[str]:
    """The 5 busiest authors, 5 papers, a topic and an institution of the sample."""
    busiest = store.read(
        "MATCH (a:Author)-[r]-() WITH a, count(r) AS d RETURN a.id AS id ORDER BY d DESC, id "
        "LIMIT 5"
    ).rows
    papers = store.read("MATCH (p:Paper) RETURN p.id AS id ORDER BY id LIMIT 5").rows
    inst = store.read("MATCH (i:Institution) RETURN i.id AS id ORDER BY id LIMIT 1").rows
    return [r["id"] for r in busiest + papers + inst] + ["topic:hep-th"]


def _check_against_live_edges(store, centres: list[str]) -> tuple[int, int]:
    """Edges compared, and slices around a non-hub centre that had a hub in their ring."""
    hub_ids = {r["id"] for r in store.read(
        "MATCH (a:Author) WHERE a.slice_top IS NOT NULL RETURN a.id AS id").rows}  # fmt: skip
    compared = with_hubs = 0
    for c in centres:
        for params in ({}, {"limit": 9}, {"types": ["Author", "Paper"], "limit": 40}):
            got = graph_slice(store, c, **params)
            ids = [n["id"] for n in got.nodes]
            want = one_edge_per_similar_pair(_edges(store, ids, hub_ids & set(ids)))
            assert got.edges == want, (c, params)
            compared += len(want)
            with_hubs += c not in hub_ids and bool(hub_ids & set(ids[1:]))
    return compared, with_hubs


def test_depth_one_edges_equal_the_live_edge_query(sample_store) -> None:
    compared, _ = _check_against_live_edges(sample_store, _centres(sample_store))
    assert compared > 100


def test_depth_one_edges_with_hubs_in_the_ring(sample_store) -> None:
    """Hub neighbours are not expanded by slice_start, only joined pairwise: same edges."""
    try:
        assert refresh_hubs(sample_store, min_degree=25) > 10
        centres = _centres(sample_store)
        near = [n["id"] for n in graph_slice(sample_store, centres[0], limit=12).nodes[1:]]
        compared, with_hubs = _check_against_live_edges(sample_store, centres + near)
        assert compared > 100 and with_hubs >= 10
    finally:
        assert refresh_hubs(sample_store, min_degree=10**9) == 0


def test_lone_and_unknown_nodes(empty_store) -> None:
    empty_store.write("CREATE (:Author {id: 'author:lone', name: 'A. Lone'})")
    alone = graph_slice(empty_store, "author:lone", limit=10)
    assert [n["id"] for n in alone.nodes] == ["author:lone"]
    assert alone.edges == [] and alone.center_neighbours == {} and not alone.truncated
    for missing in ("author:nobody", "no-prefix-id"):
        with pytest.raises(NotFound, match=missing):
            graph_slice(empty_store, missing)
