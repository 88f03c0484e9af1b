"""Graph slices over HTTP on the hep-th sample: priority, caps, filters, expand, the four formats
(networkx reads GraphML and GEXF back) and every error case."""

from __future__ import annotations

import io

import httpx
import networkx as nx
import pytest

G = "{gibbons}"  # placeholder in parametrized requests, replaced by the fixture's id


@pytest.fixture(scope="module")
def gibbons(api: httpx.Client) -> str:
    """G. W. Gibbons's author id, found by search (ids depend on the identity rule in force)."""
    hits = api.get("/search", params={"q": "Gibbons", "type": "Author"}).json()["results"]
    return next(h["id"] for h in hits if "Gibbons" in h["label"])


def _slice(api: httpx.Client, **params) -> dict:
    r = api.get("/graph/slice", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _closed(body: dict) -> set[str]:
    ids = {n["id"] for n in body["nodes"]}
    assert len(ids) == len(body["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    return ids


def test_same_request_same_slice_and_smaller_limit_is_a_prefix(
    api: httpx.Client, gibbons: str
) -> None:
    big = _slice(api, center=gibbons, limit=60)
    assert big == _slice(api, center=gibbons, limit=60)
    small = _slice(api, center=gibbons, limit=12)
    assert [n["id"] for n in small["nodes"]] == [n["id"] for n in big["nodes"]][:12]
    ring1 = big["nodes"][1:]
    keys = [(-n["weight"], -n.get("year", 0)) for n in ring1 if n["type"] == "Paper"]
    assert keys == sorted(keys)  # papers: most recent first at equal weight
    weights = [n["weight"] for n in ring1]
    assert weights == sorted(weights, reverse=True)  # strongest ties first


def test_depth_one_counts_what_was_left_out_exactly(api: httpx.Client, gibbons: str) -> None:
    body = _slice(api, center=gibbons, limit=10)
    _closed(body)
    assert body["nodes"][0]["id"] == gibbons and body["nodes"][0]["ring"] == 0
    assert body["truncated"] and body["omitted"]["exact"]
    total = sum(body["center_neighbours"].values())
    assert body["omitted"]["nodes"] + len(body["nodes"]) - 1 == total
    assert sum(body["omitted"]["by_type"].values()) == body["omitted"]["nodes"]
    whole = _slice(api, center=gibbons, limit=500)
    assert not whole["truncated"] and len(whole["nodes"]) - 1 == total


@pytest.mark.parametrize("depth", [2, 3])
def test_deeper_slices_are_capped_closed_and_ringed(
    api: httpx.Client, gibbons: str, depth: int
) -> None:
    body = _slice(api, center=gibbons, depth=depth, limit=80)
    ids = _closed(body)
    assert gibbons in ids and len(ids) == 80 and body["truncated"]
    rings = [n["ring"] for n in body["nodes"]]
    assert rings == sorted(rings) and max(rings) >= 2


def test_hub_topic_slice_is_capped(api: httpx.Client) -> None:
    body = _slice(api, center="topic:hep-th", depth=2, limit=500)
    ids = _closed(body)
    assert len(ids) == 500 and body["truncated"] and body["omitted"]["nodes"] > 0
    assert body["center_neighbours"]["Paper"] > 1000


def test_types_and_since_filters(api: httpx.Client, gibbons: str) -> None:
    authors = _slice(api, center=gibbons, depth=2, limit=50, types="Author")
    assert {n["type"] for n in authors["nodes"]} == {"Author"}
    assert {e["type"] for e in authors["edges"]} == {"CO_AUTHOR"}
    papers = _slice(api, center=gibbons, types="paper,Topic", since=1993, limit=200)
    assert {n["type"] for n in papers["nodes"][1:]} <= {"Paper", "Topic"}
    assert all(n["year"] >= 1993 for n in papers["nodes"] if n["type"] == "Paper")
    every = _slice(api, center=gibbons, types="Paper", limit=200)
    assert len(papers["nodes"]) < len(every["nodes"]) + 1


def test_expand_returns_only_new_nodes_and_their_joins(api: httpx.Client, gibbons: str) -> None:
    shown = _slice(api, center=gibbons, limit=15)
    have = [n["id"] for n in shown["nodes"]]
    node = next(n["id"] for n in shown["nodes"] if n["type"] == "Author" and n["id"] != gibbons)
    more = _slice(api, expand=node, exclude=",".join(have), limit=15)
    new = {n["id"] for n in more["nodes"]} - {node}
    assert more["expanded"] == node and new and not new & set(have)
    known = new | set(have) | {node}
    assert all(e["source"] in known and e["target"] in known for e in more["edges"])
    assert all(e["source"] in new or e["target"] in new for e in more["edges"])
    implicit = _slice(api, center=gibbons, limit=15, expand=node)  # server recomputes `have`
    assert implicit["nodes"] == more["nodes"] and implicit["edges"] == more["edges"]


def test_exclude_on_a_plain_slice(api: httpx.Client, gibbons: str) -> None:
    first = _slice(api, center=gibbons, limit=10)
    skip = [n["id"] for n in first["nodes"][1:]]
    second = _slice(api, center=gibbons, limit=10, exclude=",".join(skip))
    assert not {n["id"] for n in second["nodes"]} & set(skip)


def test_cytoscape_format(api: httpx.Client, gibbons: str) -> None:
    body = _slice(api, center=gibbons, limit=25)
    cy = _slice(api, center=gibbons, limit=25, format="cytoscape")
    nodes = [e["data"] for e in cy["elements"]["nodes"]]
    edges = [e["data"] for e in cy["elements"]["edges"]]
    assert [n["id"] for n in nodes] == [n["id"] for n in body["nodes"]]
    assert len(edges) == len(body["edges"]) == len({e["id"] for e in edges})
    assert cy["truncated"] == body["truncated"] and cy["center"] == gibbons


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back(api: httpx.Client, fmt: str, reader) -> None:
    body = _slice(api, center="paper:arxiv:hep-th/9201001", depth=2, limit=40)
    r = api.get(
        "/graph/slice",
        params={"center": "paper:arxiv:hep-th/9201001", "depth": 2, "limit": 40, "format": fmt},
    )
    assert r.status_code == 200 and fmt in r.headers["content-type"]
    graph = reader(io.BytesIO(r.content))
    assert set(graph.nodes) == {n["id"] for n in body["nodes"]}
    assert graph.number_of_edges() == len(body["edges"])
    labels = {n["id"]: n["label"] for n in body["nodes"]}
    assert all(graph.nodes[i]["label"] == labels[i] for i in graph.nodes)


@pytest.mark.parametrize(
    "params, status, words",
    [
        ({"center": G, "depth": 0}, 422, "depth"),
        ({"center": G, "depth": 4}, 422, "depth"),
        ({"center": G, "depth": "two"}, 422, "depth"),
        ({"center": G, "limit": 0}, 422, "limit"),
        ({"center": G, "limit": 501}, 422, "500"),
        ({"center": G, "limit": 10**12}, 422, "limit"),
        ({}, 422, "center"),
        ({"center": G, "types": "Author,Planet"}, 422, "Planet"),
        ({"center": G, "types": ","}, 422, "types"),
        ({"center": G, "since": "1990s"}, 422, "since"),
        ({"center": G, "format": "svg"}, 422, "format"),
        ({"center": G, "exclude": ",".join(f"x{i}" for i in range(1001))}, 422, "1000"),
        ({"center": "author:nobody"}, 404, "author:nobody"),
        ({"expand": "topic:nope"}, 404, "topic:nope"),
        ({"center": "x" * 301}, 422, "center"),
        ({"center": "paper:'\"); MATCH (n) DETACH DELETE n //ü€"}, 404, "MATCH"),
    ],
)
def test_slice_errors(
    api: httpx.Client, gibbons: str, params: dict, status: int, words: str
) -> None:
    params = {k: v.replace(G, gibbons) if isinstance(v, str) else v for k, v in params.items()}
    r = api.get("/graph/slice", params=params)
    assert r.status_code == status, r.text
    assert r.json()["error"] and words in r.json()["message"]


def test_precomputed_hubs_give_the_same_slices(api: httpx.Client, gibbons: str, sample_store):
    from queries.slice import refresh_hubs

    requests = [
        {"center": "topic:hep-th", "limit": 50},
        {"center": "topic:hep-th", "depth": 2, "limit": 120},
        {"center": gibbons, "limit": 30},
        {"center": gibbons, "depth": 2, "limit": 80},
        {"center": gibbons, "depth": 3, "limit": 150},
        {"center": gibbons, "depth": 2, "limit": 60, "since": 1993},
        {"center": gibbons, "depth": 2, "limit": 60, "types": "Author,Topic"},
    ]
    live = [_slice(api, **p) for p in requests]
    try:
        assert refresh_hubs(sample_store, min_degree=25) > 10
        hubbed = [_slice(api, **p) for p in requests]
    finally:
        assert refresh_hubs(sample_store, min_degree=10**9) == 0  # clears every hub list
    for params, a, b in zip(requests, live, hubbed, strict=True):
        assert a["nodes"] == b["nodes"], params
        assert a["edges"] == b["edges"], params
        if "since" not in params:
            assert a["center_neighbours"] == b["center_neighbours"], params
    assert live == [_slice(api, **p) for p in requests]


def test_stored_hub_edges_match_the_live_edge_query(api: httpx.Client, sample_store):
    """A hub's stored edge list (refresh_hubs) gives the same edges as the live query, is used
    only when every chosen node is among the nodes it covers, and falls back otherwise."""
    from queries.slice import _node_or_404, _stored_edges, one_edge_per_similar_pair, refresh_hubs

    busiest = sample_store.read(
        "MATCH (a:Author)-[r]-() WITH a, count(r) AS d "
        "RETURN a.id AS id ORDER BY d DESC, id LIMIT 1"
    ).rows[0]["id"]

    requests = [
        {"center": busiest, "limit": 30},
        {"center": busiest, "limit": 12},
        {"center": busiest, "depth": 2, "limit": 40},
        {"center": busiest, "limit": 30, "types": "Paper,Topic"},
        {"center": "topic:hep-th", "limit": 40},
    ]
    live = [_slice(api, **p) for p in requests]
    try:
        assert refresh_hubs(sample_store, min_degree=25, edge_keep=15) > 10
        root = _node_or_404(sample_store, busiest)
        assert root["edges"], "the busiest author should be a hub"
        small = _slice(api, center=busiest, limit=12)
        stored = _stored_edges(root, [n["id"] for n in small["nodes"]])
        assert stored is not None and one_edge_per_similar_pair(stored) == small["edges"]
        big = _slice(api, center=busiest, limit=30)  # 30 nodes cannot fit in 16 covered ones
        assert _stored_edges(root, [n["id"] for n in big["nodes"]]) is None
        hubbed = [_slice(api, **p) for p in requests]
    finally:
        assert refresh_hubs(sample_store, min_degree=10**9) == 0
    for params, a, b in zip(requests, live, hubbed, strict=True):
        assert a["nodes"] == b["nodes"], params
        assert a["edges"] == b["edges"], params
    assert _node_or_404(sample_store, busiest)["edges"] is None


def test_slice_has_every_co_author_edge_among_its_nodes(api: httpx.Client, sample_store) -> None:
    """The edge query returns each CO_AUTHOR edge once whichever side it is read from: the slice
    holds exactly the edges a plain scan finds among its authors."""
    busiest = sample_store.read(
        "MATCH (a:Author)-[r]-() WITH a, count(r) AS d "
        "RETURN a.id AS id ORDER BY d DESC, id LIMIT 1"
    ).rows[0]["id"]
    body = _slice(api, center=busiest, depth=2, limit=150)
    ids = [n["id"] for n in body["nodes"] if n["type"] == "Author"]
    scan = sample_store.read(
        "MATCH (a:Author)-[r:CO_AUTHOR]->(b:Author) WHERE a.id IN $ids AND b.id IN $ids "
        "RETURN a.id AS s, b.id AS t",
        {"ids": ids},
    ).rows
    got = [(e["source"], e["target"]) for e in body["edges"] if e["type"] == "CO_AUTHOR"]
    assert len(scan) > 20
    assert sorted(got) == sorted((r["s"], r["t"]) for r in scan)


@pytest.mark.parametrize(
    "params",
    [{}, {"types": ["Author", "Topic"]}, {"since": 1993}, {"limit": 5}, {"depth": 2, "limit": 40}],
)
def test_neighbour_counts_from_a_complete_first_ring_match_the_count_query(
    sample_store, gibbons: str, params: dict
) -> None:
    """Slices take the centre's neighbour counts from the first ring when it held every
    neighbour; they must equal the count query (slice_degree) for every kind of centre."""
    from queries.slice import _degree, _node_or_404, check_types, graph_slice

    centers = [gibbons, "paper:arxiv:hep-th/9201001", "topic:hep-th"]
    centers += [n["id"] for n in graph_slice(sample_store, gibbons, limit=15).nodes[1:]]
    for c in centers:
        got = graph_slice(sample_store, c, **params).center_neighbours
        want, _ = _degree(
            sample_store,
            _node_or_404(sample_store, c),
            check_types(params.get("types")),
            params.get("since"),
        )
        assert got == want, (c, params)


def test_papers_similar_both_ways_are_joined_once(api: httpx.Client, sample_store) -> None:
    """Papers that each list the other among their most similar have SIMILAR_TO both ways in the
    store; a slice and its expansion draw one edge per pair (the higher score)."""
    mutual = sample_store.read(
        "MATCH (p:Paper)-[s:SIMILAR_TO]->(q:Paper)-[:SIMILAR_TO]->(p) "
        "RETURN p.id AS id, s.score AS score ORDER BY id LIMIT 1"
    ).rows
    assert mutual, "the sample should hold a pair similar both ways"
    center = mutual[0]["id"]
    for body in (
        _slice(api, center=center, limit=60),
        _slice(api, center=center, depth=2, limit=80),
        _slice(api, expand=center, limit=60),
    ):
        similar = [e for e in body["edges"] if e["type"] == "SIMILAR_TO"]
        pairs = [frozenset((e["source"], e["target"])) for e in similar]
        assert similar and len(pairs) == len(set(pairs))
        assert all(e["source"] < e["target"] for e in similar)
    page = api.get(f"/papers/{center}").json()["similar"]
    assert len({p["id"] for p in page}) == len(page) > 1
