"""Refresh after a load only the hubs whose stored explorer data can have changed.

A hub's stored data (queries/slice.py refresh_hubs: top neighbours, per-label degree, edges
among its first neighbours, author profile counters) depends on its own edges, on its
neighbours' ids, labels, years and hub flags, on the edges among its neighbours and (profile)
on its papers' topics and co-authors' names. So after a load that changed the edges in
`Touched.pairs` and the shown properties of the nodes in `Touched.shown`, a hub H is rebuilt when

- H is an end of a changed edge (its own edges, degree, profile counters);
- H is a neighbour of both ends of a changed edge (the edge may be among its stored edges);
- H is a neighbour of a node in `shown` (a label or year in its list, a paper of its profile);
- H is a neighbour of a node that became a hub or stopped being one (a flag in its list).

Only ends of changed edges can change degree, so they (and authors with followers or claims,
edges no load writes) are the only nodes checked for becoming or ceasing to be a hub (a hub
that lost no edge stays one: its degree is not counted again). Every other hub keeps data
equal to what a full refresh would store (tests/test_hub_refresh.py).

The full refresh runs instead when the load could not say what it changed (`Touched.full`),
when the stored data is not known to be current before the load (first load, a write since the
last refresh that was not followed by one, e.g. a killed load: the `(:Meta {id: 'hubs'})` node),
or when it was built with other parameters.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from graphsvc.store import GraphStore
from loaders.touched import Touched
from queries.slice import (
    EDGE_KEEP,
    HUB_MIN_DEGREE,
    TOP_KEEP,
    _id_lists,
    hub_rows,
    mark_hubs_current,
    refresh_hubs,
    write_hub_rows,
)

log = logging.getLogger(__name__)
ID_BATCH = 2000  # ids per status / neighbour query


@dataclass(frozen=True)
class HubState:
    """The stored hub data's state before a load (hub_meta)."""

    current: bool  # built by a finished refresh, with no write after it
    params: tuple[int, int, int] | None  # (min_degree, keep, edge_keep) of that refresh


@dataclass(frozen=True)
class HubRefresh:
    """What one refresh after a load did."""

    hubs: int  # hubs rebuilt (full: every hub)
    full: bool
    why: str = ""


def hub_state(store: GraphStore) -> HubState:
    """Read before a load writes: whether the stored hub data is current, and its parameters."""
    rows = store.run("hub_meta").rows
    row = rows[0] if rows else {"present": False}
    if not row.get("present"):
        return HubState(current=False, params=None)
    params = (row["min_degree"], row["keep"], row["edge_keep"])
    return HubState(current=row["pending"] is None, params=params)


def refresh_after_load(
    store: GraphStore,
    touched: Touched,
    before: HubState,
    min_degree: int = HUB_MIN_DEGREE,
    keep: int = TOP_KEEP,
    edge_keep: int = EDGE_KEEP,
) -> HubRefresh:
    """Rebuild the hubs a load can have changed (`before`: hub_state read before it wrote);
    every hub when that cannot be known."""
    why = _full_reason(touched, before, (min_degree, keep, edge_keep))
    if why:
        log.info("full hub refresh: %s", why)
        return HubRefresh(refresh_hubs(store, min_degree, keep, edge_keep), True, why)
    hubs = refresh_touched(store, touched, min_degree, keep, edge_keep)
    return HubRefresh(hubs, False)


def _full_reason(touched: Touched, before: HubState, params: tuple[int, int, int]) -> str:
    """Why the refresh after this load must rebuild every hub ('' when it need not)."""
    if touched.full:
        return touched.why or "the load changed too much to track"
    if before.params is None:
        return "no hub refresh recorded on this graph"
    if not before.current:
        return "a write since the last hub refresh was not followed by one"
    if before.params != params:
        return f"hub parameters changed from {before.params} to {params}"
    return ""


def refresh_touched(
    store: GraphStore,
    touched: Touched,
    min_degree: int = HUB_MIN_DEGREE,
    keep: int = TOP_KEEP,
    edge_keep: int = EDGE_KEEP,
) -> int:
    """Rebuild (or clear) the hub data of the hubs `touched` can have changed; returns how
    many were rebuilt or cleared. Assumes the stored hub data was current before the changes."""
    ends, stored = touched.endpoints(), _stored_hubs(store)
    # a hub that lost no edge is still one; any other end may have crossed the threshold
    kept = (ends & stored) - touched.lost
    now = _status(store, (ends - kept) | _social_authors(store), min_degree)  # is / was a hub
    now |= {i: (True, True) for i in kept if i not in now}
    flipped = {i for i, (hub, was) in now.items() if hub != was}
    rebuild = set(now)
    others = stored - rebuild  # hubs with no changed edge of their own
    if others:
        around = _hub_neighbours(store, ends | touched.shown | flipped, others)
        rebuild |= _near_changes(around, touched.pairs, touched.shown | flipped)

    def is_hub(node: str, holds_data: bool) -> bool:
        return now[node][0] if node in now else holds_data

    write_hub_rows(store, hub_rows(store, sorted(rebuild), keep, edge_keep, is_hub))
    mark_hubs_current(store, min_degree, keep, edge_keep)
    log.info("hub refresh: %d hubs rebuilt or cleared, %d left as they were (%d changed edges, "
             "%d nodes shown, %d hub flags flipped)", len(rebuild), len(others - rebuild),
             len(touched.pairs), len(touched.shown), len(flipped))  # fmt: skip
    return len(rebuild)


def _near_changes(
    around: dict[str, set[str]], pairs: Iterable[tuple[str, str]], nodes: Iterable[str]
) -> set[str]:
    """Hubs next to both ends of a changed edge, or next to a changed node (`around`: the hub
    neighbours of each)."""
    out: set[str] = set()
    for a, b in pairs:
        if a in around and b in around:
            out |= around[a] & around[b]
    for node in nodes:
        out |= around.get(node, set())
    return out


def _social_authors(store: GraphStore) -> set[str]:
    return {r["id"] for r in store.run("slice_hub_social").rows}


def _stored_hubs(store: GraphStore) -> set[str]:
    return {r["id"] for r in store.run("slice_hub_stored").rows}


def _status(store: GraphStore, ids: Iterable[str], min_degree: int) -> dict[str, tuple[bool, bool]]:
    """(degree >= min_degree, holds hub data) of the given ids that are hubs now or hold hub
    data; the others (papers, nodes that neither are nor were hubs) are left out."""
    out: dict[str, tuple[bool, bool]] = {}
    for chunk in _chunks(i for i in ids if not i.startswith("paper:")):
        lists = _id_lists(chunk)
        params = {k: lists[k] for k in ("author_ids", "topic_ids", "institution_ids")}
        for r in store.run("slice_hub_status", {**params, "min_degree": min_degree}).rows:
            hub, stored = r["degree"] >= min_degree, bool(r["stored"])
            old = out.get(r["id"], (False, False))
            out[r["id"]] = (hub or old[0], stored or old[1])
    return out


def _hub_neighbours(store: GraphStore, ids: Iterable[str], hubs: set[str]) -> dict[str, set[str]]:
    """The neighbours among `hubs` of each given node (topics have none: see the query)."""
    out: dict[str, set[str]] = {}
    for chunk in _chunks(i for i in ids if not i.startswith("topic:")):
        lists = _id_lists(chunk)
        params = {k: lists[k] for k in ("author_ids", "paper_ids", "institution_ids")}
        for r in store.run("slice_hub_neighbours", {**params, "hubs": sorted(hubs)}).rows:
            out.setdefault(r["id"], set()).update(r["hubs"])
    return out


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), ID_BATCH):
        yield ordered[i : i + ID_BATCH]
