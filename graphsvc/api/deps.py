"""Typed dependencies: the settings and the open store of the running app.

The dependencies are `async def` although they do no I/O: FastAPI runs every plain `def`
dependency in its thread pool, and each such hop costs a request about half a millisecond.
`settings_of` / `store_of` are the same lookups for code that has the request at hand.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphsvc.errors import StoreUnavailable
from graphsvc.settings import Settings
from graphsvc.store import GraphStore


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def store_of(request: Request) -> GraphStore:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("the graph store is not open")
    return store


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


async def get_store(request: Request) -> GraphStore:
    return store_of(request)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
