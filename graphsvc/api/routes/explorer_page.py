"""The explorer page: /explorer and its bundled assets, read from the installed package."""

from __future__ import annotations

import mimetypes
from functools import lru_cache
from importlib.resources import files

from fastapi import APIRouter, Response

from graphsvc.errors import NotFound

router = APIRouter(tags=["explorer"], include_in_schema=False)
ASSETS = ("app.js", "app.css")


@lru_cache(maxsize=8)
def _asset(name: str) -> bytes:
    """A file of the built bundle (graphsvc/static/explorer/), read once."""
    return (files("graphsvc.static.explorer") / name).read_bytes()


@router.api_route("/explorer", methods=["GET", "HEAD"], response_class=Response)
@router.api_route("/explorer/", methods=["GET", "HEAD"], response_class=Response)
def explorer_page() -> Response:
    """The single-page explorer (search, graph, cards); `?center=ID` opens a node."""
    return Response(_asset("index.html"), media_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-cache"})  # fmt: skip


@router.api_route("/explorer/assets/{name}", methods=["GET", "HEAD"], response_class=Response)
def explorer_asset(name: str) -> Response:
    """The explorer's script and stylesheet (nothing else is served from the package)."""
    if name not in ASSETS:
        raise NotFound(f"no explorer asset named {name!r}")
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if media.startswith("text/") or media.endswith("javascript"):
        media += "; charset=utf-8"
    return Response(_asset(name), media_type=media, headers={"Cache-Control": "no-cache"})
