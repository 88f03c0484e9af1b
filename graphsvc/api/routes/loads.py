"""Loads over HTTP for curators: a body of records in any input format, loaded like the CLI does."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request

from graphsvc.api.deps import SettingsDep, StoreDep
from graphsvc.api.openapi_errors import error_responses
from graphsvc.errors import Conflict, InvalidParameter
from loaders.pipeline import load_paths, parsers

router = APIRouter(tags=["loads"])
MAX_BODY_BYTES = 64 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
_one_load_at_a_time = threading.Lock()


@router.post(
    "/loads",
    summary="Load records (role curator): the body is one input file",
    responses=error_responses(409),
    openapi_extra={"requestBody": {"required": True, "content": {"application/octet-stream": {
        "schema": {"type": "string", "format": "binary"}}},  # fmt: skip
        "description": "One input file of the given format, plain or gzipped."}},
)
async def post_load(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    fmt: Annotated[str, Query(alias="format", max_length=40)] = "works-jsonl",
) -> dict:
    if fmt not in parsers():
        raise InvalidParameter(f"unknown format {fmt!r}; known: {', '.join(sorted(parsers()))}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise InvalidParameter(f"body is over {MAX_BODY_BYTES // 2**20} MiB; use graphsvc load")
    if not body.strip():
        raise InvalidParameter("the body is empty: send the records to load")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_load, store, settings, fmt, bytes(body))


def _load(store, settings, fmt: str, body: bytes) -> dict:
    if not _one_load_at_a_time.acquire(blocking=False):
        raise Conflict("another load is running; try again when it has finished")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("upload.gz" if body[:2] == GZIP_MAGIC else "upload.data")
            path.write_bytes(body)
            return load_paths(store, settings, fmt, [path], shown_as="upload").as_dict()
    finally:
        _one_load_at_a_time.release()
