"""GraphStore on Neo4j 5 through the official `neo4j` driver."""

from __future__ import annotations

import time
from typing import Any

import neo4j
from neo4j import GraphDatabase, Query
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

from graphsvc.errors import (
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)
from graphsvc.store.base import GraphStore, ReadResult, WriteSummary


class Neo4jStore(GraphStore):
    """Neo4j adapter: reads in READ-mode transactions (the cluster routes and enforces them)."""

    dialect = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        self.database = database
        try:
            self.driver = GraphDatabase.driver(uri, auth=(user, password))
            self.driver.verify_connectivity()
        except (Neo4jError, ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {exc}") from exc

    def read(self, query, params=None, *, timeout_ms=None, max_rows=None) -> ReadResult:
        q = Query(query, timeout=timeout_ms / 1000 if timeout_ms else None)
        start = time.perf_counter()

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[dict], bool]:
            result = tx.run(q, params or {})
            columns = list(result.keys())
            rows, truncated = [], False
            for record in result:
                if max_rows is not None and len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append({k: to_plain(record[k]) for k in columns})
            return columns, rows, truncated

        columns, rows, truncated = self._session_call("read", work)
        return ReadResult(columns, rows, truncated, (time.perf_counter() - start) * 1000)

    def write(self, query, params=None) -> WriteSummary:
        def work(tx: neo4j.ManagedTransaction) -> WriteSummary:
            result = tx.run(query, params or {})
            rows = [{k: to_plain(v) for k, v in r.items()} for r in result]
            c = result.consume().counters
            return WriteSummary(c.nodes_created, c.relationships_created, c.properties_set,
                                c.nodes_deleted, c.relationships_deleted, rows)  # fmt: skip

        return self._session_call("write", work)

    def explain(self, query, params=None) -> list[str]:
        def work(tx: neo4j.ManagedTransaction) -> list[str]:
            plan = tx.run("EXPLAIN " + query, params or {}).consume().plan or {}
            return _plan_lines(plan)

        return self._session_call("read", work)

    def ping(self) -> bool:
        try:
            self.driver.verify_connectivity()
            return True
        except (Neo4jError, ServiceUnavailable, OSError):
            return False

    def clear(self) -> None:
        self.write("MATCH (n) DETACH DELETE n")

    def close(self) -> None:
        self.driver.close()

    def _session_call(self, mode: str, work):
        access = neo4j.READ_ACCESS if mode == "read" else neo4j.WRITE_ACCESS
        try:
            with self.driver.session(database=self.database, default_access_mode=access) as s:
                run = s.execute_read if mode == "read" else s.execute_write
                return run(work)
        except ClientError as exc:
            raise _client_error(exc) from exc
        except ServiceUnavailable as exc:
            raise StoreUnavailable(f"Neo4j is unreachable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(str(exc)) from exc


def _client_error(exc: ClientError) -> StoreError:
    code = exc.code or ""
    if "Timeout" in code or "TransactionTimedOut" in code:
        return QueryTimeout(f"query stopped by the server-side timeout: {exc.message}")
    if "AccessMode" in code or "WriteOnReadOnly" in code or "ForbiddenDueTo" in code:
        return ReadOnlyViolation(f"the store refused a write in a read transaction: {exc.message}")
    return QueryError(exc.message or str(exc))


def _plan_lines(plan: dict, depth: int = 0) -> list[str]:
    lines = ["  " * depth + str(plan.get("operatorType", "?"))]
    for child in plan.get("children", []):
        lines += _plan_lines(child, depth + 1)
    return lines


def to_plain(value: Any) -> Any:
    """Nodes, relationships, paths and temporal values as JSON-friendly values."""
    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, **dict(value)}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "edges": [to_plain(r) for r in value.relationships]}  # fmt: skip
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
