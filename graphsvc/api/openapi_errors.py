"""The OpenAPI document names the errors each operation can answer, as `{error, message}`.

FastAPI documents only a 422 in its own validation shape (`{detail: [...]}`), which this API
never sends (`graphsvc.api.errors` answers every error as `ErrorBody`). `document_errors`
amends the generated document once, by rule, so routes added later are covered too:
- every operation behind an API-key check: 401, 403, 422, 429 (with `Retry-After`), 500, 503;
- an operation with a path parameter: 404; with a request body: 400 (a body not parsed);
- `/ready`: 503 and 500.
A route documents codes only it can answer itself (`error_responses(409)`, `/cypher`'s 408).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from graphsvc.api.models import ErrorBody

_REF = {"$ref": "#/components/schemas/ErrorBody"}
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"
DESCRIPTIONS = {
    400: "The request body could not be read.",
    401: "An API key is needed, or the one sent is not valid.",
    403: "The API key's role may not do this.",
    404: "No node of this kind has that id.",
    408: "The query ran past its time limit and was stopped.",
    409: "The request contradicts the current state.",
    422: "A parameter or body field is missing, unknown, out of range or malformed.",
    429: "Too many requests this minute; retry after `Retry-After` seconds.",
    500: "An unexpected error (logged with the request id).",
    503: "The graph store does not answer, or a derived index is still being built.",
}
_GUARDED = (401, 403, 422, 429, 500, 503)
_UNGUARDED = {"/ready": (500, 503)}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each code answered as `ErrorBody`."""
    return {code: {"model": ErrorBody, "description": DESCRIPTIONS[code]} for code in codes}


def document_errors(app: FastAPI, guarded: set[str]) -> None:
    """Make `app.openapi()` document the error answers of every operation. `guarded`: the
    paths whose routes check an API key (and the rate limit)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _amend(generate(), guarded)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _amend(doc: dict[str, Any], guarded: set[str]) -> None:
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorBody", ErrorBody.model_json_schema())
    for path, operations in doc.get("paths", {}).items():
        for op in operations.values():
            for code in codes_of(path, op, path in guarded):
                _document(op.setdefault("responses", {}), code)
    if _FASTAPI_422 not in str(doc.get("paths")):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)


def codes_of(path: str, op: dict[str, Any], guarded: bool) -> list[int]:
    """The error codes an operation can answer, by the rules in the module docstring."""
    codes = list(_GUARDED) if guarded else list(_UNGUARDED.get(path, ()))
    if guarded and any(p.get("in") == "path" for p in op.get("parameters", ())):
        codes.append(404)
    if guarded and "requestBody" in op:
        codes.append(400)
    return sorted(codes)


def _document(responses: dict[str, Any], code: int) -> None:
    """Add `code` as an ErrorBody answer, replacing FastAPI's own 422 shape."""
    known = responses.get(str(code))
    if known is not None and _FASTAPI_422 not in str(known):
        return
    entry: dict[str, Any] = {
        "description": DESCRIPTIONS[code],
        "content": {"application/json": {"schema": dict(_REF)}},
    }
    if code == 429:
        entry["headers"] = {"Retry-After": {
            "description": "Seconds until a request is accepted again.",
            "schema": {"type": "integer"}}}  # fmt: skip
    responses[str(code)] = entry
