"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request

from graphsvc import __version__
from graphsvc.errors import StoreUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", summary="The API process is up")
def health(request: Request) -> dict:
    store = getattr(request.app.state, "store", None)
    return {"status": "ok", "version": __version__,
            "store": getattr(store, "dialect", None)}  # fmt: skip


@router.get("/ready", summary="The graph store answers")
def ready(request: Request) -> dict:
    store = getattr(request.app.state, "store", None)
    if store is None or not store.ping():
        raise StoreUnavailable("the graph store does not answer")
    return {"status": "ready"}
