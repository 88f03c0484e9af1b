"""What a load changed, as far as the explorer's stored hub data can see it.

The writer (loaders/writer.py) and the SIMILAR_TO writer (loaders/similarity_link.py) fill one
`Touched` per load; `queries.hub_refresh.refresh_after_load` reads it to rebuild only the hubs
whose stored data can have changed (see that module for the rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graphsvc.store.base import GraphStore


@dataclass
class Touched:
    """Edges and nodes a load changed.

    `pairs`: both ends of every edge the load added, removed or re-weighted (any edge type the
    explorer shows: AUTHORED, CO_AUTHOR, HAS_TOPIC, AFFILIATED_WITH, SIMILAR_TO), and of every
    edge of a deleted node. `shown`: nodes whose properties their neighbours show or count
    (a renamed author or institution, a re-written paper). `lost`: nodes that lost an edge
    (only their degree can have dropped). `full`: the load cannot say what it changed (every
    hub is refreshed), with the reason in `why`.
    """

    pairs: set[tuple[str, str]] = field(default_factory=set)
    shown: set[str] = field(default_factory=set)
    lost: set[str] = field(default_factory=set)
    full: bool = False
    why: str = ""

    def edges(self, rows: Iterable[dict], a: str, b: str) -> None:
        """Add the (row[a], row[b]) pair of every row."""
        self.pairs.update((r[a], r[b]) for r in rows)

    def removed(self, rows: Iterable[dict], a: str, b: str) -> None:
        """Add the (row[a], row[b]) pair of every row of a removed edge; both ends lost it."""
        for r in rows:
            self.pairs.add((r[a], r[b]))
            self.lost.update((r[a], r[b]))

    def nodes(self, rows: Iterable[dict], key: str = "id") -> None:
        """Add row[key] of every row to `shown`."""
        self.shown.update(r[key] for r in rows)

    def everything(self, why: str) -> None:
        """Give up on tracking: the refresh after this load rebuilds every hub."""
        if not self.full:
            self.full, self.why = True, why

    def endpoints(self) -> set[str]:
        """Every id at either end of a changed edge."""
        return {x for pair in self.pairs for x in pair}


def mark_hubs_pending(store: GraphStore, run: str) -> None:
    """Record, before a write changes the graph, that the stored hub data may be stale until
    the next hub refresh (a load killed before its refresh makes the next one refresh all)."""
    store.run_write("hub_meta_pending", {"run": run})
