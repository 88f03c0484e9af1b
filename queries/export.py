"""A slice in other tools' formats: Cytoscape.js elements, GraphML and GEXF (through networkx)."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

FORMATS = ("json", "cytoscape", "graphml", "gexf")
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


def to_cytoscape(slice_: dict[str, Any]) -> dict[str, Any]:
    """Cytoscape.js `elements` (`cy.add(body.elements)`), with the slice's flags beside them."""
    nodes = [{"data": {k: v for k, v in n.items() if v is not None}} for n in slice_["nodes"]]
    edges = [
        {
            "data": {
                "id": f"{e['source']}|{e['type']}|{e['target']}",
                "source": e["source"],
                "target": e["target"],
                "type": e["type"],
                "weight": e["weight"],
            }
        }
        for e in slice_["edges"]
    ]
    meta = {k: v for k, v in slice_.items() if k not in ("nodes", "edges")}
    return {"elements": {"nodes": nodes, "edges": edges}, **meta}


def to_networkx(slice_: dict[str, Any]) -> nx.MultiDiGraph:
    """A directed multigraph; attributes without a value are left out (GraphML has no null)."""
    graph = nx.MultiDiGraph(center=slice_["center"], truncated=bool(slice_["truncated"]))
    for n in slice_["nodes"]:
        attrs = {k: _plain(v) for k, v in n.items() if k != "id" and v is not None}
        graph.add_node(n["id"], **attrs)
    for e in slice_["edges"]:
        graph.add_edge(
            e["source"], e["target"], key=e["type"], rel=e["type"], weight=_plain(e["weight"])
        )
    return graph


def to_graphml(slice_: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(slice_), buf, encoding="utf-8")
    return buf.getvalue()


def to_gexf(slice_: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(to_networkx(slice_), buf, encoding="utf-8")
    return buf.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)
