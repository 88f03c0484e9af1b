"""Typed dependencies: the settings and the open store of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphsvc.errors import StoreUnavailable
from graphsvc.settings import Settings
from graphsvc.store import GraphStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("the graph store is not open")
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
