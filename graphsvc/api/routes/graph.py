"""Graph slices around any node."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import SettingsDep, StoreDep
from graphsvc.errors import InvalidParameter
from queries.slice import graph_slice

router = APIRouter(prefix="/graph", tags=["graph"])


@router.get("/slice", summary="Nodes and edges around one node, capped")
def get_slice(
    store: StoreDep,
    settings: SettingsDep,
    center: Annotated[str, Query(min_length=1, max_length=300)],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1)] = 100,
) -> dict:
    if limit > settings.slice_limit_max:
        raise InvalidParameter(f"limit must be at most {settings.slice_limit_max}, not {limit}")
    return graph_slice(store, center, depth, limit).as_dict()
