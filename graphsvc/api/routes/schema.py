"""What the graph holds: labels, relationship types, property keys and counts."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from graphsvc.api.deps import StoreDep

router = APIRouter(tags=["schema"])


class GraphSchema(BaseModel):
    labels: list[str]
    relationship_types: list[str]
    property_keys: list[str]
    node_counts: dict[str, int]
    relationship_counts: dict[str, int]


@router.get(
    "/schema",
    response_model=GraphSchema,
    summary="Labels, relationship types, property keys and counts, for writing Cypher",
)
def graph_schema(store: StoreDep) -> dict:
    return {
        "labels": [r["label"] for r in store.run("schema_labels").rows],
        "relationship_types": [r["type"] for r in store.run("schema_relationship_types").rows],
        "property_keys": [r["key"] for r in store.run("schema_property_keys").rows],
        "node_counts": {r["label"]: r["count"] for r in store.run("stats_labels").rows},
        "relationship_counts": {
            r["type"]: r["count"] for r in store.run("stats_relationships").rows
        },
    }
