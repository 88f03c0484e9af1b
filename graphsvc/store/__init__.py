"""Store adapters behind one GraphStore interface; `open_store` picks one from the settings."""

from __future__ import annotations

from graphsvc.settings import Settings
from graphsvc.store.base import GraphStore, ReadResult, WriteSummary

__all__ = ["GraphStore", "ReadResult", "WriteSummary", "open_store"]


def open_store(settings: Settings, *, setup_schema: bool = True) -> GraphStore:
    """Open the store the settings name: Neo4j, an external FalkorDB, or the embedded one."""
    store: GraphStore
    if settings.store_kind == "neo4j":
        from graphsvc.store.neo4j_store import Neo4jStore

        store = Neo4jStore(
            settings.neo4j_uri or "",
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    elif settings.store_kind == "falkordb-external":
        from graphsvc.store.falkor import FalkorStore

        store = FalkorStore.from_url(settings.falkordb_url or "", settings.graph_name)
    else:
        from graphsvc.store.falkor import FalkorStore
        from graphsvc.store.falkor_server import EmbeddedFalkorDB

        server = EmbeddedFalkorDB(
            settings.data_dir,
            port=settings.falkordb_port,
            start_timeout=settings.falkordb_start_timeout,
            server_bin=settings.falkordb_server_bin,
            module=settings.falkordb_module,
        )
        store = FalkorStore.embedded(server, settings.graph_name)
    if setup_schema:
        try:
            store.setup_schema()
        except BaseException:
            store.close()
            raise
    return store
