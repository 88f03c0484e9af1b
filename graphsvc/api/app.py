"""The FastAPI application: routes, error handlers and the store's lifetime."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from graphsvc import __version__
from graphsvc.api.errors import install_error_handlers
from graphsvc.api.observability import install_observability
from graphsvc.api.openapi_errors import document_errors
from graphsvc.api.query_params import reject_unknown_query_params
from graphsvc.api.routes import authors, cypher, explore, explorer_page, graph, health
from graphsvc.api.routes import loads as loads_routes
from graphsvc.api.routes import recommend as recommend_routes
from graphsvc.api.routes import schema as schema_routes
from graphsvc.api.routes import similar as similar_routes
from graphsvc.api.security import RateLimiter, require
from graphsvc.settings import Settings, get_settings
from graphsvc.store import GraphStore, open_store

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """An app on `store` (kept open by the caller) or on a store it opens and closes itself."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(settings)
        _warn_if_outdated(app.state.store)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="graphsvc",
        version=__version__,
        description="A research knowledge graph: authors, papers, topics and institutions.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    install_error_handlers(app)
    install_observability(app, settings.log_level)
    app.include_router(health.router)
    app.include_router(explorer_page.router)
    # similar_routes first: /papers/{id:path}/similar must win over /papers/{id:path}
    strict = Depends(reject_unknown_query_params)  # the JSON API; not the explorer page
    guarded = (
        (similar_routes, "reader"), (authors, "reader"), (graph, "reader"), (explore, "reader"),
        (recommend_routes, "reader"), (cypher, "analyst"), (loads_routes, "curator"),
        (schema_routes, "reader"),
    )  # fmt: skip
    for module, role in guarded:
        app.include_router(module.router, dependencies=[Depends(require(role)), strict])
    document_errors(app, {r.path_format for m, _ in guarded for r in m.router.routes})
    return app


def _warn_if_outdated(store: GraphStore) -> None:
    """Log a warning when the graph lacks data the current loaders write, or its authors were
    decided by earlier identity rules (loaded by an earlier graphsvc): the API serves it as it
    is until `graphsvc upgrade` (`--identity`) runs."""
    from loaders.identity_rules import needs_identity_upgrade
    from loaders.upgrade import needs_upgrade

    if needs_upgrade(store):
        log.warning("this graph was loaded by an earlier graphsvc: authors lack their main "
                    "topics (close collaborators show no shared topics); run `graphsvc upgrade`")
    if needs_identity_upgrade(store):
        log.warning("this graph's authors were decided by earlier identity rules (names read "
                    "differently, people joined or split); run `graphsvc upgrade --identity`")
