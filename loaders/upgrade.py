"""Bring a graph loaded by an earlier graphsvc up to the current data model, in place.

Derived data added since a graph was loaded is computed from what the graph already holds:
Author.topics (the author's main topics) and CO_AUTHOR.topic_overlap, for every author that
lacks them (loaders/writer.py refresh_coauthors, the same statements a load runs). Then the
stored hub data of what changed is rebuilt and the graph version bumped, so caches built from
the graph (the recommendation index) rebuild too. Running it again changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from graphsvc.store import GraphStore
from loaders.touched import Touched, mark_hubs_pending
from loaders.writer import refresh_coauthors
from queries.hub_refresh import hub_state, refresh_after_load
from queries.slice import HUB_MIN_DEGREE

log = logging.getLogger(__name__)


@dataclass
class UpgradeReport:
    """What one upgrade did."""

    authors: int  # authors brought up to date
    ties_changed: int  # CO_AUTHOR edges whose properties changed
    hubs_refreshed: int
    seconds: float

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def needs_upgrade(store: GraphStore) -> bool:
    """True when some author lacks data the current loaders write (a graph loaded by an
    earlier graphsvc; `graphsvc upgrade` fixes it)."""
    return bool(store.run("any_author_without_topics").rows or store.run("upgrade_pending").rows)


def upgrade_graph(
    store: GraphStore,
    batch_size: int = 2000,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    hub_min_degree: int = HUB_MIN_DEGREE,
) -> UpgradeReport:
    """Compute the missing derived data of every author that lacks it; `on_progress(done,
    total)` after each batch of each of the two passes (total = 2 x authors)."""
    started = time.perf_counter()
    ids = [r["id"] for r in store.run("authors_to_upgrade").rows]
    if not ids and not store.run("upgrade_pending").rows:
        return UpgradeReport(0, 0, 0, round(time.perf_counter() - started, 2))
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-upgrade"
    before = hub_state(store)
    store.run_write("upgrade_mark", {"run": run})  # until the end: a stopped upgrade shows
    mark_hubs_pending(store, run)  # and its hub data counts as stale
    changed = Touched()
    refresh_coauthors(store, ids, run, changed, on_progress, batch_size=batch_size)
    hubs = refresh_after_load(store, changed, before, min_degree=hub_min_degree)
    store.run_write("bump_graph_version", {"run": run})
    store.run_write("upgrade_mark", {"run": None})
    store.checkpoint()
    report = UpgradeReport(len(ids), len(changed.pairs), hubs.hubs,
                           round(time.perf_counter() - started, 2))  # fmt: skip
    log.info("graph upgraded: %s", report.as_dict())
    return report
