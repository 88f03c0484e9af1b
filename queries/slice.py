"""Graph slices: the nodes and edges around one node, capped with a deterministic priority."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphsvc.errors import InvalidParameter, NotFound
from graphsvc.store import GraphStore

REL_TYPES = ["CO_AUTHOR", "AUTHORED", "HAS_TOPIC", "AFFILIATED_WITH", "SIMILAR_TO"]


@dataclass
class Slice:
    """A drawable neighbourhood: the centre is always in, no edge points outside `nodes`."""

    center: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    omitted_nodes: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "center": self.center,
            "nodes": self.nodes,
            "edges": self.edges,
            "truncated": self.truncated,
            "omitted": {"nodes": self.omitted_nodes},
            "counts": {"nodes": len(self.nodes), "edges": len(self.edges)},
        }


def graph_slice(store: GraphStore, center: str, depth: int = 1, limit: int = 100) -> Slice:
    """Nodes within `depth` hops of `center` (strongest ties, most recent first), `limit` nodes."""
    if not 1 <= depth <= 3:
        raise InvalidParameter(f"depth must be 1, 2 or 3, not {depth}")
    if limit < 1:
        raise InvalidParameter(f"limit must be at least 1, not {limit}")
    found = store.run("node_by_id", {"id": center}).rows
    if not found:
        raise NotFound(f"no node with id {center!r}")
    root = found[0]
    out = Slice(center)
    chosen: dict[str, dict[str, Any]] = {center: _node(root, ring=0, weight=None)}
    frontier, seen_beyond = [center], set()
    for ring in range(1, depth + 1):
        if not frontier or len(chosen) >= limit:
            break
        rows = store.run("slice_neighbours", {"ids": frontier, "rel_types": REL_TYPES,
                                              "per_node": limit + 1}).rows  # fmt: skip
        rows.sort(key=lambda r: (-(r["weight"] or 0), -(r["year"] or 0), r["id"]))
        next_frontier = []
        for row in rows:
            if row["id"] in chosen:
                continue
            if len(chosen) >= limit:
                seen_beyond.add(row["id"])
                continue
            chosen[row["id"]] = _node(row, ring=ring, weight=row["weight"])
            next_frontier.append(row["id"])
        frontier = next_frontier
    out.nodes = list(chosen.values())
    out.omitted_nodes = len(seen_beyond - chosen.keys())
    out.truncated = out.omitted_nodes > 0
    ids = list(chosen)
    edges = store.run("slice_edges_among", {"ids": ids, "rel_types": REL_TYPES}).rows
    out.edges = sorted(
        ({"source": e["source"], "target": e["target"], "type": e["rel"], "weight": e["weight"]}
         for e in edges),
        key=lambda e: (e["source"], e["target"], e["type"]),
    )  # fmt: skip
    return out


def _node(row: dict[str, Any], ring: int, weight: Any) -> dict[str, Any]:
    return {"id": row["id"], "type": row["type"], "label": row["label"], "ring": ring,
            "weight": weight}  # fmt: skip
