"""Read-only Cypher for analysts: rows as JSON (default) or CSV, and EXPLAIN plans."""

from __future__ import annotations

import csv
import io
import json
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from graphsvc.api.deps import SettingsDep, StoreDep
from graphsvc.api.models import CypherRequest, CypherResponse
from graphsvc.api.observability import REQUEST_ID
from graphsvc.api.openapi_errors import error_responses
from queries.readonly import cap_rows, check_params, check_params_given, check_read_only

router = APIRouter(tags=["cypher"])
log = logging.getLogger("graphsvc.cypher")

_ERRORS = error_responses(400, 408)  # the common codes: graphsvc.api.openapi_errors
_CSV = {
    "content": {"text/csv": {"schema": {"type": "string"}}},
    "description": "Rows as CSV when the request sends `Accept: text/csv`.",
}


class ExplainResponse(BaseModel):
    plan: list[str]


def wants_csv(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """Rows as CSV; nodes, lists and maps become JSON text in their cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                json.dumps(v, default=str)
                if isinstance(v, (dict, list))
                else ("" if v is None else v)
                for v in (row.get(c) for c in columns)
            ]
        )
    return buf.getvalue()


@router.post(
    "/cypher",
    response_model=CypherResponse,
    summary="Run read-only Cypher",
    description="Writes, admin procedures and several statements are refused; the query stops at "
    "the server-side timeout; at most `cypher_row_cap` rows come back (`truncated` says so).",
    responses={**_ERRORS, 200: _CSV},
)
def run_cypher(
    body: CypherRequest, request: Request, store: StoreDep, settings: SettingsDep
) -> Any:
    params = check_params(body.params)
    checked = check_read_only(body.query)
    check_params_given(checked, params)
    query = cap_rows(checked, settings.cypher_row_cap + 1, params)
    result = store.read(
        query, params, timeout_ms=settings.query_timeout_ms, max_rows=settings.cypher_row_cap
    )
    log.info(
        "analyst cypher",
        extra={
            "request_id": REQUEST_ID.get(),
            "rows": len(result.rows),
            "truncated": result.truncated,
            "elapsed_ms": round(result.elapsed_ms, 3),
        },
    )
    if wants_csv(request):
        headers = {"X-Truncated": "true" if result.truncated else "false"}
        return Response(to_csv(result.columns, result.rows), media_type="text/csv", headers=headers)
    return {
        "columns": result.columns,
        "rows": result.rows,
        "truncated": result.truncated,
        "elapsed_ms": round(result.elapsed_ms, 3),
    }


@router.post(
    "/cypher/explain",
    response_model=ExplainResponse,
    responses=_ERRORS,
    summary="The store's plan for a read-only query, without running it",
)
def explain_cypher(body: CypherRequest, store: StoreDep) -> dict:
    params = check_params(body.params)
    checked = check_read_only(body.query)
    check_params_given(checked, params)
    return {"plan": store.explain(checked, params)}
