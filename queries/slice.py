"""Graph slices: the nodes and edges around one node, capped with a deterministic priority.

Priority: nearer rings first; inside a ring, stronger ties first (edge `weight`, 1 when the edge
has none), then the more recent (edge `last_year`, else the neighbour's `year`), then the id.
Every query caps the neighbours of each node inside the store (`CALL { ... LIMIT }`), so a hub
(a topic with 29k papers) never streams all its edges. See docs/explorer-api.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphsvc.errors import InvalidParameter, NotFound
from graphsvc.store import GraphStore

REL_TYPES = ["CO_AUTHOR", "AUTHORED", "HAS_TOPIC", "AFFILIATED_WITH", "SIMILAR_TO"]
NODE_TYPES = ("Author", "Paper", "Topic", "Institution")
PER_NODE_FLOOR = 5  # ring >= 2: each frontier node may offer at least this many neighbours
MAX_EXCLUDE = 1000
MAX_ROUNDS = 4  # a ring asks saturated nodes again at most this many times in all


@dataclass
class Slice:
    """A drawable neighbourhood: the centre is always in, no edge points outside `nodes`."""

    center: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    omitted_nodes: int = 0
    omitted_by_type: dict[str, int] = field(default_factory=dict)
    omitted_exact: bool = False
    center_neighbours: dict[str, int] = field(default_factory=dict)
    expanded: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "center": self.center,
            "nodes": self.nodes,
            "edges": self.edges,
            "truncated": self.truncated,
            "omitted": {
                "nodes": self.omitted_nodes,
                "by_type": self.omitted_by_type,
                "exact": self.omitted_exact,
            },
            "counts": {"nodes": len(self.nodes), "edges": len(self.edges)},
            "center_neighbours": self.center_neighbours,
        }
        if self.expanded is not None:
            out["expanded"] = self.expanded
        return out


def check_types(types: Iterable[str] | None) -> list[str]:
    """The node labels a slice may contain; InvalidParameter names an unknown one."""
    if types is None:
        return list(NODE_TYPES)
    wanted = [t.strip() for t in types if t.strip()]
    by_lower = {t.lower(): t for t in NODE_TYPES}
    bad = [t for t in wanted if t.lower() not in by_lower]
    if bad or not wanted:
        allowed = ", ".join(NODE_TYPES)
        raise InvalidParameter(f"types must be a comma-separated subset of {allowed}; got {bad}")
    return sorted({by_lower[t.lower()] for t in wanted}, key=NODE_TYPES.index)


def graph_slice(
    store: GraphStore,
    center: str,
    depth: int = 1,
    limit: int = 100,
    *,
    types: Iterable[str] | None = None,
    since: int | None = None,
    exclude: Iterable[str] = (),
) -> Slice:
    """Nodes within `depth` hops of `center`, at most `limit` of them (centre included)."""
    if not 1 <= depth <= 3:
        raise InvalidParameter(f"depth must be 1, 2 or 3, not {depth}")
    if limit < 1:
        raise InvalidParameter(f"limit must be at least 1, not {limit}")
    wanted, skip = check_types(types), _check_exclude(exclude)
    root = _node_or_404(store, center)
    chosen: dict[str, dict[str, Any]] = {center: _node(root, ring=0, weight=None)}
    beyond = _grow(store, chosen, [center], depth, limit, wanted, since, skip)
    out = Slice(center, nodes=list(chosen.values()))
    out.center_neighbours = _degree(store, center, wanted, since)
    if depth == 1 and not skip:
        kept = Counter(n["type"] for n in out.nodes[1:])
        out.omitted_by_type = {
            t: c - kept[t] for t, c in out.center_neighbours.items() if c - kept[t] > 0
        }
        out.omitted_exact = True
    else:
        out.omitted_by_type = dict(sorted(Counter(beyond.values()).items()))
    out.omitted_nodes = sum(out.omitted_by_type.values())
    out.truncated = out.omitted_nodes > 0
    out.edges = _edges(store, list(chosen))
    return out


def expand_slice(
    store: GraphStore,
    node: str,
    limit: int = 100,
    *,
    types: Iterable[str] | None = None,
    since: int | None = None,
    exclude: Iterable[str] = (),
) -> Slice:
    """The next ring around `node`, without the ids in `exclude` (what the client already has).

    Returns `node` itself, up to `limit - 1` new neighbours, and every edge that touches a new
    node and ends at a new node, at `node` or at an excluded id (so the client can join them).
    """
    if limit < 1:
        raise InvalidParameter(f"limit must be at least 1, not {limit}")
    wanted, skip = check_types(types), _check_exclude(exclude)
    root = _node_or_404(store, node)
    chosen: dict[str, dict[str, Any]] = {node: _node(root, ring=0, weight=None)}
    beyond = _grow(store, chosen, [node], 1, limit, wanted, since, skip | {node})
    new = [i for i in chosen if i != node]
    out = Slice(node, nodes=list(chosen.values()), expanded=node)
    out.center_neighbours = _degree(store, node, wanted, since)
    out.omitted_by_type = dict(sorted(Counter(beyond.values()).items()))
    out.omitted_nodes = sum(out.omitted_by_type.values())
    out.truncated = out.omitted_nodes > 0
    new_set = set(new)
    edges = _edges(store, [node, *new, *sorted(skip - {node})]) if new else []
    out.edges = [e for e in edges if e["source"] in new_set or e["target"] in new_set]
    return out


def _grow(
    store: GraphStore,
    chosen: dict[str, dict[str, Any]],
    frontier: list[str],
    depth: int,
    limit: int,
    types: list[str],
    since: int | None,
    skip: set[str],
) -> dict[str, str]:
    """Add rings to `chosen` in priority order; returns the ids seen but left out, by type."""
    beyond: dict[str, str] = {}
    for ring in range(1, depth + 1):
        room = limit - len(chosen)
        if not frontier or room <= 0:
            break
        per_node = room + 1
        if ring > 1:  # share the room over the frontier: about 2 * room rows in all
            per_node = min(per_node, max(PER_NODE_FLOOR, math.ceil(2 * room / len(frontier))))
        rows = _ring_rows(store, frontier, per_node, room, types, since, skip | chosen.keys())
        rows.sort(key=lambda r: (-(r["weight"] or 0), -(r["year"] or 0), r["id"]))
        frontier = []
        for row in rows:
            if row["id"] in chosen:
                continue
            if len(chosen) >= limit:
                beyond.setdefault(row["id"], row["type"])
                continue
            chosen[row["id"]] = _node(row, ring=ring, weight=row["weight"])
            frontier.append(row["id"])
    return {i: t for i, t in beyond.items() if i not in chosen}


def _ring_rows(
    store: GraphStore,
    frontier: list[str],
    per_node: int,
    room: int,
    types: list[str],
    since: int | None,
    skip: set[str],
) -> list[dict[str, Any]]:
    """Neighbour rows of the frontier. When the capped rows offer fewer new nodes than `room`,
    the nodes that hit their cap are asked again with a cap 4 times larger (up to room + 1)."""
    params = {
        "rel_types": REL_TYPES,
        "types": types,
        "skip": sorted(skip),
        "since": since if since is not None else -(10**6),
    }
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    ask = frontier
    for _ in range(MAX_ROUNDS):
        rows = store.run("slice_ring", {**params, "ids": ask, "per_node": per_node}).rows
        per_source = Counter(r["source"] for r in rows)
        for r in rows:
            found[(r["source"], r["id"], r["rel"])] = r
        if len({r["id"] for r in found.values()}) > room or per_node > room:
            break
        ask = sorted(src for src, n in per_source.items() if n >= per_node)
        if not ask:
            break
        per_node = min(room + 1, per_node * 4)
    return list(found.values())


def _degree(store: GraphStore, node: str, types: list[str], since: int | None) -> dict[str, int]:
    params = {
        "id": node,
        "rel_types": REL_TYPES,
        "types": types,
        "since": since if since is not None else -(10**6),
    }
    rows = store.run("slice_degree", params).rows
    return {
        r["type"]: r["count"]
        for r in sorted(rows, key=lambda r: NODE_TYPES.index(r["type"]))
        if r["count"]
    }


def _edges(store: GraphStore, ids: list[str]) -> list[dict[str, Any]]:
    rows = store.run("slice_edges_among", {"ids": ids, "rel_types": REL_TYPES}).rows
    unique = {(e["source"], e["target"], e["rel"]): e for e in rows}
    return [
        {"source": s, "target": t, "type": rel, "weight": unique[(s, t, rel)]["weight"]}
        for s, t, rel in sorted(unique)
    ]


def _node_or_404(store: GraphStore, node_id: str) -> dict[str, Any]:
    found = store.run("node_by_id", {"id": node_id}).rows
    if not found:
        raise NotFound(f"no node with id {node_id!r}")
    return found[0]


def _check_exclude(exclude: Iterable[str]) -> set[str]:
    ids = {i.strip() for i in exclude if i.strip()}
    if len(ids) > MAX_EXCLUDE:
        raise InvalidParameter(f"exclude may name at most {MAX_EXCLUDE} ids, not {len(ids)}")
    return ids


def _node(row: dict[str, Any], ring: int, weight: Any) -> dict[str, Any]:
    node = {
        "id": row["id"],
        "type": row["type"],
        "label": row["label"],
        "ring": ring,
        "weight": weight,
    }
    if row["type"] == "Paper" and row.get("year") is not None:
        node["year"] = row["year"]
    return node
