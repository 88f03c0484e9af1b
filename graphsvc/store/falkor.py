"""GraphStore on FalkorDB, spoken to with the official `falkordb` client over RESP."""

from __future__ import annotations

import asyncio
import re
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from falkordb import Edge, FalkorDB, Node, Path
from falkordb.asyncio import FalkorDB as AsyncFalkorDB
from falkordb.query_result import QueryResult

from graphsvc.cypher_files import cypher, statements
from graphsvc.errors import (
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)
from graphsvc.store.base import GraphStore, ReadResult, WriteSummary
from graphsvc.store.falkor_hints import with_hint
from graphsvc.store.falkor_server import EmbeddedFalkorDB, compact_aof

_RANGE_INDEX = re.compile(r"CREATE INDEX FOR \(\w+:(?P<label>\w+)\) ON \(\w+\.(?P<prop>\w+)\)")


class FalkorStore(GraphStore):
    """FalkorDB adapter. With `server` it owns an embedded server and stops it on close."""

    dialect = "falkordb"

    def __init__(
        self,
        host: str,
        port: int,
        graph: str,
        password: str | None = None,
        server: EmbeddedFalkorDB | None = None,
    ) -> None:
        self.server = server
        self._address = {"host": host, "port": port, "password": password}
        self._async_graphs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # by loop
        try:
            self.db = FalkorDB(host=host, port=port, password=password, socket_timeout=None)
            self.graph = self.db.select_graph(graph)
        except redis.RedisError as exc:
            raise StoreUnavailable(f"cannot reach FalkorDB at {host}:{port}: {exc}") from exc

    @classmethod
    def from_url(cls, url: str, graph: str) -> FalkorStore:
        parsed = redis.connection.parse_url(url)
        return cls(parsed.get("host", "127.0.0.1"), parsed.get("port", 6379), graph,
                   parsed.get("password"))  # fmt: skip

    @classmethod
    def embedded(cls, server: EmbeddedFalkorDB, graph: str) -> FalkorStore:
        info = server.start()
        try:
            return cls(info.host, info.port, graph, info.password, server=server)
        except BaseException:
            server.stop()
            raise

    def read(self, query, params=None, *, timeout_ms=None, max_rows=None) -> ReadResult:
        start = time.perf_counter()
        result = self._call(self.graph.ro_query, query, params, timeout_ms)
        return _read_result(result, start, max_rows)

    native_async = True

    async def run_async(self, name: str) -> ReadResult:
        """The named read over an asyncio client (one per event loop): no worker thread."""
        loop = asyncio.get_running_loop()
        graph = self._async_graphs.get(loop)
        if graph is None:
            client = AsyncFalkorDB(**self._address, socket_timeout=None)
            graph = self._async_graphs[loop] = client.select_graph(self.graph.name)
        start = time.perf_counter()
        with _errors():
            result = await graph.ro_query(cypher(name, self.dialect))
        return _read_result(result, start, None)

    def write(self, query, params=None) -> WriteSummary:
        result = self._call(self.graph.query, query, params, None)
        columns = [_column_name(h) for h in (result.header or [])]
        rows = [dict(zip(columns, (to_plain(v) for v in r), strict=False))
                for r in (result.result_set or [])]  # fmt: skip
        return WriteSummary(
            nodes_created=result.nodes_created,
            relationships_created=result.relationships_created,
            properties_set=result.properties_set,
            nodes_deleted=result.nodes_deleted,
            relationships_deleted=result.relationships_deleted,
            rows=rows,
        )

    def explain(self, query, params=None) -> list[str]:
        with _errors(query):
            plan = self.graph.explain(query, params)
        return [line.rstrip() for line in str(plan).splitlines() if line.strip()]

    def checkpoint(self) -> None:
        """Compact the append-only file after a load (fast restarts)."""
        compact_aof(self.db.connection)

    def ping(self) -> bool:
        try:
            return bool(self.db.connection.ping())
        except redis.RedisError:
            return False

    def clear(self) -> None:
        try:
            self.graph.delete()
        except redis.ResponseError:
            pass  # an empty graph has no key to delete
        self.setup_schema()

    def close(self) -> None:
        try:
            self.db.connection.close()
        finally:
            if self.server is not None:
                self.server.stop()
                self.server = None

    def setup_schema(self) -> None:
        """Create only the missing indexes.

        No GRAPH.CONSTRAINT here: FalkorDB 4.16 writes constraint creation to the append-only
        file again on its own while later writes run, and the server then refuses to replay that
        file at the next start ("Constraint already exists"). Ids stay unique because every
        write MERGEs on the indexed id; Neo4j keeps real uniqueness constraints.
        """
        try:
            existing = {(r["label"], prop) for r in self.run("list_indexes").rows
                        for prop, kinds in r["types"].items() if "RANGE" in kinds}  # fmt: skip
        except QueryError:  # a graph that does not exist yet has no indexes
            existing = set()
        for statement in statements("schema", self.dialect):
            match = _RANGE_INDEX.search(statement)
            if not (match and (match["label"], match["prop"]) in existing):
                self.write(statement)
        self.wait_for_indexes()

    def wait_for_indexes(self, timeout: float = 300.0) -> None:
        """Wait while FalkorDB builds indexes in the background (after a bulk load or a
        restart); until then id lookups scan every node of the label."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = [r for r in self.run("list_indexes").rows
                       if str(r.get("status", "OPERATIONAL")).upper() != "OPERATIONAL"]  # fmt: skip
            if not pending:
                return
            time.sleep(0.1)

    def _call(self, fn, query: str, params: dict[str, Any] | None, timeout_ms: int | None):
        with _errors(query):
            return fn(query, params, timeout=timeout_ms)


@contextmanager
def _errors(query: str = "") -> Iterator[None]:
    """Redis errors as the project's: a refused query as a QueryError (or a subclass; with the
    FalkorDB form of a Neo4j idiom it refused), anything else (a lost connection) as
    StoreUnavailable."""
    try:
        yield
    except redis.ResponseError as exc:
        raise _query_error(exc, query) from exc
    except redis.RedisError as exc:
        raise StoreUnavailable(f"FalkorDB is unreachable: {exc}") from exc


def _query_error(exc: redis.ResponseError, query: str = "") -> StoreError:
    text = str(exc)
    low = text.lower()
    if "timed out" in low or "timeout" in low:
        return QueryTimeout(f"query stopped by the server-side timeout: {text}")
    if "read-only" in low or "ro_query" in low or "is to be executed only on read" in low:
        return ReadOnlyViolation(f"the store refused a write in a read-only query: {text}")
    return QueryError(with_hint(text, query))


def _read_result(result: QueryResult, start: float, max_rows: int | None) -> ReadResult:
    columns = [_column_name(h) for h in (result.header or [])]
    raw = result.result_set or []
    truncated = max_rows is not None and len(raw) > max_rows
    if truncated:
        raw = raw[:max_rows]
    rows = [dict(zip(columns, (to_plain(v) for v in r), strict=False)) for r in raw]
    elapsed = (time.perf_counter() - start) * 1000
    return ReadResult(columns, rows, truncated, elapsed)


def _column_name(header: Any) -> str:
    if isinstance(header, (list, tuple)):
        header = header[1]
    return header.decode() if isinstance(header, bytes) else str(header)


def to_plain(value: Any) -> Any:
    """Nodes, edges and paths as JSON-friendly dicts and lists."""
    if isinstance(value, Node):
        return {"_labels": list(value.labels or []), **(value.properties or {})}
    if isinstance(value, Edge):
        return {"_type": value.relation, **(value.properties or {})}
    if isinstance(value, Path):
        return {"nodes": [to_plain(n) for n in value.nodes()],
                "edges": [to_plain(e) for e in value.edges()]}  # fmt: skip
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value
