"""Every error leaves the API as `{"error", "message"}` with the right status, never a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graphsvc.errors import GraphsvcError, RateLimited

log = logging.getLogger("graphsvc.api")


def _body(code: str, message: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GraphsvcError)
    async def graphsvc_error(_: Request, exc: GraphsvcError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return _body(exc.code, exc.message, exc.status, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _body("invalid_parameter", "; ".join(map(_described, exc.errors()))
                     or "invalid request", 422)  # fmt: skip

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _body(code, str(exc.detail), exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return _body("internal_error", "an unexpected error occurred; it has been logged", 500)


_LOCATIONS = ("query", "body", "path", "header", "cookie")


def _described(err: dict) -> str:
    """One validation error as "field: what is wrong". The location kind (query string, body)
    is dropped, never a field of that name (POST /cypher's body field is called `query`)."""
    loc = list(err.get("loc", ()))
    if loc and loc[0] in _LOCATIONS:
        kind, loc = loc[0], loc[1:]
    else:
        kind = None
    if err.get("type") == "json_invalid":  # loc holds the character position
        detail = (err.get("ctx") or {}).get("error")
        at = f" at character {loc[0]}" if loc else ""
        return f"{kind or 'body'}: not valid JSON{at}" + (f" ({detail})" if detail else "")
    where = ".".join(str(x) for x in loc)
    return f"{where}: {err.get('msg')}" if where else str(err.get("msg"))
