"""The GraphStore interface every store adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import anyio

from graphsvc.cypher_files import cypher, statements

Row = dict[str, Any]


@dataclass
class ReadResult:
    """Rows of a read query, with the column names in order."""

    columns: list[str]
    rows: list[Row]
    truncated: bool = False
    elapsed_ms: float = 0.0


@dataclass
class WriteSummary:
    """What a write changed (counts are the store's own, summed over batches)."""

    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    rows: list[Row] = field(default_factory=list)

    def add(self, other: WriteSummary) -> None:
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        self.properties_set += other.properties_set
        self.nodes_deleted += other.nodes_deleted
        self.relationships_deleted += other.relationships_deleted
        self.rows.extend(other.rows)


class GraphStore(ABC):
    """A property-graph store that runs the Cypher in `cypher/` with parameters."""

    dialect: str

    @abstractmethod
    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        max_rows: int | None = None,
    ) -> ReadResult:
        """Run a query the store itself enforces as read-only."""

    @abstractmethod
    def write(self, query: str, params: dict[str, Any] | None = None) -> WriteSummary:
        """Run one write query."""

    @abstractmethod
    def explain(self, query: str, params: dict[str, Any] | None = None) -> list[str]:
        """The store's plan for a query, one line per operator, without running it."""

    @abstractmethod
    def ping(self) -> bool:
        """True when the store answers."""

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (tests and `graphsvc reset`)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (and stop an embedded server this store started)."""

    # Shared behaviour -------------------------------------------------------

    def checkpoint(self) -> None:  # noqa: B027 - optional hook, a no-op for most stores
        """Make what was written cheap to recover after a large write (no-op by default)."""

    def run(self, name: str, params: dict[str, Any] | None = None, **kw: Any) -> ReadResult:
        """Run the named read statement from `cypher/`."""
        return self.read(cypher(name, self.dialect), params, **kw)

    native_async = False
    """True when `run_async` answers on the event loop without a worker thread."""

    async def run_async(self, name: str) -> ReadResult:
        """The named read (no parameters) for code on the event loop. This default runs
        `run` in a worker thread; a store with an asyncio client (FalkorDB) overrides it and
        sets `native_async`."""
        return await anyio.to_thread.run_sync(self.run, name)

    def run_write(self, name: str, params: dict[str, Any] | None = None) -> WriteSummary:
        """Run the named write statement from `cypher/`."""
        return self.write(cypher(name, self.dialect), params)

    def write_batches(
        self, name: str, rows: Iterable[Row], batch_size: int = 2000, **extra: Any
    ) -> WriteSummary:
        """Run the named `UNWIND $rows ...` statement over `rows`, `batch_size` rows at a time."""
        query = cypher(name, self.dialect)
        total = WriteSummary()
        for batch in _chunks(rows, batch_size):
            total.add(self.write(query, {"rows": batch, **extra}))
        return total

    def setup_schema(self) -> None:
        """Create the indexes and constraints of `cypher/<dialect>/schema.cypher` (idempotent)."""
        for statement in statements("schema", self.dialect):
            self._schema_statement(statement)

    def _schema_statement(self, statement: str) -> None:
        self.write(statement)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def as_list(value: Sequence[Any] | None) -> list[Any]:
    return list(value or [])
