"""Read-only Cypher for analysts."""

from __future__ import annotations

from fastapi import APIRouter

from graphsvc.api.deps import SettingsDep, StoreDep
from graphsvc.api.models import CypherRequest, CypherResponse
from queries.readonly import check_read_only

router = APIRouter(tags=["cypher"])


@router.post("/cypher", response_model=CypherResponse, summary="Run read-only Cypher")
def run_cypher(body: CypherRequest, store: StoreDep, settings: SettingsDep) -> dict:
    query = check_read_only(body.query)
    result = store.read(query, body.params, timeout_ms=settings.query_timeout_ms,
                        max_rows=settings.cypher_row_cap)  # fmt: skip
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated,
            "elapsed_ms": round(result.elapsed_ms, 3)}  # fmt: skip
