"""Graph slices: the nodes and edges around one node, capped with a deterministic priority.

Priority: nearer rings first; inside a ring, stronger ties first (edge `weight`, 1 when the edge
has none), then the more recent (edge `last_year`, else the neighbour's `year`), then the id.
Every query caps the neighbours of each node inside the store (`CALL { ... LIMIT }`). Hubs
(nodes with at least HUB_MIN_DEGREE edges, e.g. a topic with 29k papers) are never expanded
live: `refresh_hubs` stores their first TOP_KEEP neighbours in priority order (and their degree
per label) on the node at load time, and slices read that list; it also stores the edges among
itself and its first EDGE_KEEP neighbours, so a hub's own slice needs no edge query when every
chosen node is among them. After an incremental load only the hubs it touched are rebuilt
(queries/hub_refresh.py). See docs/explorer-api.md.
"""

from __future__ import annotations

import math
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graphsvc.cypher_files import cypher
from graphsvc.errors import InvalidParameter, NotFound
from graphsvc.store import GraphStore
from queries.profiles import profile_counts_many

REL_TYPES = ["CO_AUTHOR", "AUTHORED", "HAS_TOPIC", "AFFILIATED_WITH", "SIMILAR_TO"]
NODE_TYPES = ("Author", "Paper", "Topic", "Institution")
PER_NODE_FLOOR = 5  # ring >= 2: each frontier node may offer at least this many neighbours
MAX_EXCLUDE = 1000
NO_SINCE = -(10**6)
SEP = "\x1f"  # separates the fields of packed rows (slice_ring, slice_edges): never in ids or text
REC = "\x1e"  # separates the records of a hub's packed top list (Node.slice_top)
HUB_FIELDS = ("id", "type", "rel", "weight", "year", "hub", "label")
MAX_ROUNDS = 4  # a ring asks saturated nodes again at most this many times in all
HUB_MIN_DEGREE = 300  # nodes with this many edges or more get a precomputed top list
TOP_KEEP = 501  # neighbours kept per hub: more than the largest slice limit
EDGE_KEEP = 200  # a hub also stores the edges among itself and its first EDGE_KEEP neighbours
HUB_BATCH = 100  # hubs per ring / profile query of a hub rebuild (hub_rows)
PREFIXES = {"author:": "Author", "paper:": "Paper", "topic:": "Topic", "inst:": "Institution"}
ID_LISTS = {
    "Author": "author_ids",
    "Paper": "paper_ids",
    "Topic": "topic_ids",
    "Institution": "institution_ids",
}


@dataclass
class Slice:
    """A drawable neighbourhood: the centre is always in, no edge points outside `nodes`."""

    center: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    omitted_nodes: int = 0
    omitted_by_type: dict[str, int] = field(default_factory=dict)
    omitted_exact: bool = False
    center_neighbours: dict[str, int] = field(default_factory=dict)
    expanded: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "center": self.center,
            "nodes": self.nodes,
            "edges": self.edges,
            "truncated": self.truncated,
            "omitted": {
                "nodes": self.omitted_nodes,
                "by_type": self.omitted_by_type,
                "exact": self.omitted_exact,
            },
            "counts": {"nodes": len(self.nodes), "edges": len(self.edges)},
            "center_neighbours": self.center_neighbours,
        }
        if self.expanded is not None:
            out["expanded"] = self.expanded
        return out


def check_types(types: Iterable[str] | None) -> list[str]:
    """The node labels a slice may contain; InvalidParameter names an unknown one."""
    if types is None:
        return list(NODE_TYPES)
    wanted = [t.strip() for t in types if t.strip()]
    by_lower = {t.lower(): t for t in NODE_TYPES}
    bad = [t for t in wanted if t.lower() not in by_lower]
    if bad or not wanted:
        allowed = ", ".join(NODE_TYPES)
        raise InvalidParameter(f"types must be a comma-separated subset of {allowed}; got {bad}")
    return sorted({by_lower[t.lower()] for t in wanted}, key=NODE_TYPES.index)


def graph_slice(
    store: GraphStore,
    center: str,
    depth: int = 1,
    limit: int = 100,
    *,
    types: Iterable[str] | None = None,
    since: int | None = None,
    exclude: Iterable[str] = (),
) -> Slice:
    """Nodes within `depth` hops of `center`, at most `limit` of them (centre included)."""
    if not 1 <= depth <= 3:
        raise InvalidParameter(f"depth must be 1, 2 or 3, not {depth}")
    if limit < 1:
        raise InvalidParameter(f"limit must be at least 1, not {limit}")
    wanted, skip = check_types(types), _check_exclude(exclude)
    root, first, counts, ring_edges = _start(
        store, center, wanted, since, skip, per_node=limit, edges=depth == 1
    )
    chosen: dict[str, dict[str, Any]] = {center: _node(root, ring=0, weight=None)}
    beyond = _grow(store, root, chosen, depth, limit, wanted, since, skip, first)
    out = Slice(center, nodes=_public(chosen))
    if counts is not None and not skip:  # counted by slice_start: no count query needed
        out.center_neighbours, exact = counts, True
    else:
        out.center_neighbours, exact = _degree(store, root, wanted, since)
    if depth == 1 and not skip and exact:
        kept = Counter(n["type"] for n in out.nodes[1:])
        out.omitted_by_type = {
            t: c - kept[t] for t, c in out.center_neighbours.items() if c - kept[t] > 0
        }
        out.omitted_exact = True
    else:
        out.omitted_by_type = dict(sorted(Counter(beyond.values()).items()))
    out.omitted_nodes = sum(out.omitted_by_type.values())
    out.truncated = out.omitted_nodes > 0
    hubs = {i for i, n in chosen.items() if n.get("_hub")}
    if ring_edges is not None:  # depth 1 around a non-hub: read with the ring
        out.edges = _edge_dicts(ring_edges, chosen.keys())
    else:
        out.edges = _stored_edges(root, chosen.keys())
    if out.edges is None:
        out.edges = _edges(store, list(chosen), hubs)
    out.edges = one_edge_per_similar_pair(out.edges)
    return out


def expand_slice(
    store: GraphStore,
    node: str,
    limit: int = 100,
    *,
    types: Iterable[str] | None = None,
    since: int | None = None,
    exclude: Iterable[str] = (),
) -> Slice:
    """The next ring around `node`, without the ids in `exclude` (what the client already has).

    Returns `node` itself, up to `limit - 1` new neighbours, and every edge that touches a new
    node and ends at a new node, at `node` or at an excluded id (so the client can join them).
    """
    if limit < 1:
        raise InvalidParameter(f"limit must be at least 1, not {limit}")
    wanted, skip = check_types(types), _check_exclude(exclude)
    root, first, _, _ = _start(store, node, wanted, since, skip, per_node=limit)
    chosen: dict[str, dict[str, Any]] = {node: _node(root, ring=0, weight=None)}
    beyond = _grow(store, root, chosen, 1, limit, wanted, since, skip | {node}, first)
    new = [i for i in chosen if i != node]
    out = Slice(node, nodes=_public(chosen), expanded=node)
    out.center_neighbours, _ = _degree(store, root, wanted, since)
    out.omitted_by_type = dict(sorted(Counter(beyond.values()).items()))
    out.omitted_nodes = sum(out.omitted_by_type.values())
    out.truncated = out.omitted_nodes > 0
    new_set = set(new)
    hubs = {i for i, n in chosen.items() if n.get("_hub")}
    edges: list[dict[str, Any]] = []
    if new:
        ids = [node, *new, *sorted(skip - {node})]
        stored = _stored_edges(root, ids)
        edges = stored if stored is not None else _edges(store, ids, hubs)
    edges = [e for e in edges if e["source"] in new_set or e["target"] in new_set]
    out.edges = one_edge_per_similar_pair(edges)
    return out


def one_edge_per_similar_pair(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two papers that each list the other among their most similar are joined by SIMILAR_TO
    both ways; similarity is symmetric, so a slice draws one edge: from the smaller id, with the
    higher score, where the pair's first edge was. Other edges pass unchanged, in their order."""
    out: list[dict[str, Any]] = []
    at: dict[tuple[str, str], int] = {}  # pair -> its place in out
    for e in edges:
        if e["type"] != "SIMILAR_TO":
            out.append(e)
            continue
        pair = (min(e["source"], e["target"]), max(e["source"], e["target"]))
        folded = {**e, "source": pair[0], "target": pair[1]}
        if pair not in at:
            at[pair] = len(out)
            out.append(folded)
        elif (e["weight"] or 0) > (out[at[pair]]["weight"] or 0):
            out[at[pair]] = folded
    return out


def refresh_hubs(
    store: GraphStore,
    min_degree: int = HUB_MIN_DEGREE,
    keep: int = TOP_KEEP,
    edge_keep: int = EDGE_KEEP,
) -> int:
    """Store the top `keep` neighbours (priority order), per-label degree and the edges among the
    node and its first `edge_keep` neighbours on every node with at least `min_degree` edges,
    and the profile counters of hub authors (queries.profiles.profile_counts); clear them from
    nodes that are no longer hubs. The full refresh: first and bulk loads, or when asked
    (loads refresh only the hubs they touched: queries/hub_refresh.py). Returns the number of
    hubs."""
    degrees: dict[str, int] = {}
    for r in store.run("slice_hub_find", {"min_degree": min_degree}).rows:
        degrees[r["id"]] = max(r["degree"], degrees.get(r["id"], 0))
    hub_ids = {i for i, d in degrees.items() if d >= min_degree}
    rows = hub_rows(store, sorted(degrees), keep, edge_keep, lambda n, _stored: n in hub_ids)
    write_hub_rows(store, rows)
    mark_hubs_current(store, min_degree, keep, edge_keep)
    return len(hub_ids)


def hub_rows(
    store: GraphStore,
    ids: list[str],
    keep: int,
    edge_keep: int,
    is_hub: Callable[[str, bool], bool],
    batch: int = HUB_BATCH,
) -> Iterator[dict[str, Any]]:
    """The row of each id in order: its stored hub data (see refresh_hubs) when
    `is_hub(id, True)`, else the row that clears it. The ring and profile queries serve `batch`
    hubs per round trip; the degree and edge queries run per hub (see _hub_degrees)."""
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        built = _hub_batch(store, [i for i in chunk if is_hub(i, True)], keep, edge_keep, is_hub)
        yield from (built.get(i) or cleared_row(i) for i in chunk)


def _hub_batch(
    store: GraphStore,
    hubs: list[str],
    keep: int,
    edge_keep: int,
    is_hub: Callable[[str, bool], bool],
) -> dict[str, dict[str, Any]]:
    """The stored hub data of these hubs, by id: one ring query for all of them, the per-label
    degree (_hub_degrees), the edges among each hub and its first `edge_keep` neighbours
    (_edges) and the profile counters of the authors (three queries for all)."""
    if not hubs:
        return {}
    tops: dict[str, list[dict[str, Any]]] = {h: [] for h in hubs}
    for r in _ring_query(store, {**_unfiltered(), **_id_lists(hubs), "skip": [], "per_node": keep}):
        tops.setdefault(r["source"], []).append(r)
    degrees = _hub_degrees(store, tops, keep)
    authors = [h for h in hubs if h.startswith("author:")]
    profiles = profile_counts_many(store, authors) if authors else {}
    out = {}
    for h in hubs:
        top = sorted(tops[h], key=_priority)
        flagged = {h} | {r["id"] for r in top if is_hub(r["id"], r["hub"])}
        packed = _pack_top(top, flagged)
        edges = _edges(store, sorted(_covered(h, packed, edge_keep)), flagged)
        out[h] = {
            "id": h,
            "top": packed,
            "degree": degrees[h],
            "edges": REC.join([str(edge_keep)] + [_pack_edge(e) for e in edges]),
            "profile": profiles.get(h),
        }
    return out


def _hub_degrees(
    store: GraphStore, tops: dict[str, list[dict[str, Any]]], keep: int
) -> dict[str, str]:
    """Each hub's stored per-label degree, as slice_degree returns it ("Label:count,...").

    With one label there is one order: when the ring holds every neighbour (fewer than `keep`
    rows, read with the same filters) the count comes from it. Several labels come in the
    store's grouping order of slice_degree itself (other statements group them in another
    order), so authors and every hub with a full ring run slice_degree."""
    out: dict[str, str] = {}
    for h, top in tops.items():
        labels = {r["type"] for r in top}
        if len(top) < keep and len(labels) <= 1 and not h.startswith("author:"):
            out[h] = ",".join(f"{t}:{len({r['id'] for r in top})}" for t in labels)
        else:
            rows = store.run("slice_degree", {**_unfiltered(), "id": h}).rows
            out[h] = ",".join(f"{d['type']}:{d['count']}" for d in rows)
    return out


def _unfiltered() -> dict[str, Any]:
    """Ring and degree parameters that keep every edge type, label and year (hub data)."""
    return {"rel_types": REL_TYPES, "types": list(NODE_TYPES), "since": NO_SINCE}


def _pack_top(top: list[dict[str, Any]], hubs: set[str]) -> str:
    """A hub's top list as stored (Node.slice_top): HUB_FIELDS of each row, REC-separated."""
    return REC.join(
        SEP.join(
            [
                r["id"],
                r["type"],
                r["rel"],
                str(r["weight"] or 1),
                str(r["year"] or ""),
                "1" if r["id"] in hubs else "0",
                str(r["label"]),
            ]
        )
        for r in top
    )


def _pack_edge(e: dict[str, Any]) -> str:
    return SEP.join([e["source"], e["target"], e["type"], str(e["weight"])])


def cleared_row(node: str) -> dict[str, Any]:
    """The row that clears a former hub's stored data."""
    return {"id": node, "top": None, "degree": None, "edges": None, "profile": None}


def write_hub_rows(store: GraphStore, rows: Iterable[dict[str, Any]], batch: int = 100) -> None:
    """Store hub rows (hub_rows, cleared_row), `batch` per write."""
    run = uuid.uuid4().hex[:12]
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            store.run_write("slice_hub_set", {"rows": chunk, "run": run})
            chunk = []
    if chunk:
        store.run_write("slice_hub_set", {"rows": chunk, "run": run})


def mark_hubs_current(store: GraphStore, min_degree: int, keep: int, edge_keep: int) -> None:
    """Record that the stored hub data is current and which parameters built it."""
    params = {"min_degree": min_degree, "keep": keep, "edge_keep": edge_keep}
    store.run_write("hub_meta_done", {**params, "run": uuid.uuid4().hex[:12]})


def _grow(
    store: GraphStore,
    root: dict[str, Any],
    chosen: dict[str, dict[str, Any]],
    depth: int,
    limit: int,
    types: list[str],
    since: int | None,
    skip: set[str],
    first: list[dict[str, Any]] | None = None,
) -> dict[str, str]:
    """Add rings to `chosen` in priority order; returns the ids seen but left out, by type.
    `first`: the root's first ring already read by slice_start (at most `limit` rows)."""
    beyond: dict[str, str] = {}
    frontier = [root["id"]]
    hub_data = {root["id"]: root} if root.get("top") is not None else {}
    for ring in range(1, depth + 1):
        room = limit - len(chosen)
        if not frontier or room <= 0:
            break
        per_node = room + 1
        if ring > 1:  # share the room over the frontier: about 2 * room rows in all
            per_node = min(per_node, max(PER_NODE_FLOOR, math.ceil(2 * room / len(frontier))))
        hubs = {i for i in frontier if chosen[i].get("_hub")}
        taken = skip | chosen.keys()
        if ring == 1 and first is not None:
            rows = list(first)
        else:
            rows = _ring_rows(store, frontier, hubs, hub_data, per_node, room, types, since, taken)
        rows.sort(key=_priority)
        frontier = []
        for row in rows:
            if row["id"] in chosen:
                continue
            if len(chosen) >= limit:
                beyond.setdefault(row["id"], row["type"])
                continue
            chosen[row["id"]] = _node(row, ring=ring, weight=row["weight"])
            frontier.append(row["id"])
    return {i: t for i, t in beyond.items() if i not in chosen}


def _priority(r: dict[str, Any]) -> tuple:
    return (-(r["weight"] or 0), -(r["year"] or 0), r["id"])


def _ring_rows(
    store: GraphStore,
    frontier: list[str],
    hubs: set[str],
    hub_data: dict[str, dict[str, Any]],
    per_node: int,
    room: int,
    types: list[str],
    since: int | None,
    skip: set[str],
) -> list[dict[str, Any]]:
    """Neighbour rows of the frontier, at most `per_node` per node: live from the store, or from
    the stored top list of a hub. When the rows offer fewer new nodes than `room`, the nodes that
    hit their cap are asked again with a cap 4 times larger (up to room + 1)."""
    params = {
        "rel_types": REL_TYPES,
        "types": types,
        "skip": sorted(skip),
        "since": NO_SINCE if since is None else since,
    }
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    ask = frontier
    for _ in range(MAX_ROUNDS):
        live = [i for i in ask if i not in hubs]
        rows = []
        if live:
            rows = _ring_query(store, {**params, **_id_lists(live), "per_node": per_node})
        rows += _hub_rows(
            store, [i for i in ask if i in hubs], hub_data, per_node, types, since, skip
        )
        per_source = Counter(r["source"] for r in rows)
        for r in rows:
            found[(r["source"], r["id"], r["rel"])] = r
        if len({r["id"] for r in found.values()}) > room or per_node > room:
            break
        ask = sorted(src for src, n in per_source.items() if n >= per_node)
        if not ask:
            break
        per_node = min(room + 1, per_node * 4)
    return list(found.values())


def _hub_rows(
    store: GraphStore,
    hubs: list[str],
    known: dict[str, dict[str, Any]],
    per_node: int,
    types: list[str],
    since: int | None,
    skip: set[str],
) -> list[dict[str, Any]]:
    """Neighbour rows of hubs from their precomputed top lists, filtered like slice_ring."""
    if not hubs:
        return []
    missing = [h for h in hubs if h not in known]
    if missing:
        for r in store.run("slice_hub_top", _id_lists(missing)).rows:
            known[r["source"]] = r
    out = []
    for h in hubs:
        data = known.get(h)
        if not data or not data.get("top"):
            continue
        taken = 0
        for record in data["top"].split(REC):
            if taken >= per_node:
                break
            nid, ntype, rel, weight, year, hub, label = record.split(SEP, 6)
            y = int(year) if year else None
            if nid in skip or ntype not in types or (since is not None and y and y < since):
                continue
            taken += 1
            out.append(
                {
                    "source": h,
                    "id": nid,
                    "type": ntype,
                    "label": label,
                    "rel": rel,
                    "weight": _number(weight),
                    "year": y,
                    "hub": hub == "1",
                }
            )
    return out


def _degree(
    store: GraphStore, root: dict[str, Any], types: list[str], since: int | None
) -> tuple[dict[str, int], bool]:
    """Neighbours of the root per label, and whether the count honours every filter exactly
    (a hub's stored degree cannot apply `since`)."""
    if root.get("degree"):
        pairs = (part.split(":") for part in root["degree"].split(","))
        counts = {t: int(c) for t, c in pairs}
        return {t: c for t, c in counts.items() if t in types and c}, since is None
    params = {
        "id": root["id"],
        "rel_types": REL_TYPES,
        "types": types,
        "since": NO_SINCE if since is None else since,
    }
    rows = store.run("slice_degree", params).rows
    rows.sort(key=lambda r: NODE_TYPES.index(r["type"]))
    return {r["type"]: r["count"] for r in rows if r["count"]}, True


def _covered(hub: str, top: str | None, edge_keep: int) -> set[str]:
    """The hub and the first `edge_keep` distinct neighbours of its packed top list."""
    covered = {hub}
    for record in (top or "").split(REC) if top else []:
        if len(covered) > edge_keep:
            break
        covered.add(record.split(SEP, 1)[0])
    return covered


def _stored_edges(root: dict[str, Any], ids: Iterable[str]) -> list[dict[str, Any]] | None:
    """The edges among `ids` from the root hub's stored edge list (see refresh_hubs), or None
    when the root has none or some id is outside the nodes it covers."""
    packed = root.get("edges")
    if not packed:
        return None
    first, _, rest = packed.partition(REC)
    covered = _covered(root["id"], root.get("top"), int(first))
    wanted = set(ids)
    if not wanted <= covered:
        return None
    out = []
    for record in rest.split(REC) if rest else []:
        source, target, rel, weight = record.split(SEP)
        if source in wanted and target in wanted:
            out.append({"source": source, "target": target, "type": rel, "weight": _number(weight)})
    return out


def _edge_lists(ids: list[str], hubs: set[str]) -> dict[str, list[str]]:
    """slice_edges' id lists: by label, and the authors split into hubs and the others."""
    lists = _id_lists(ids)
    authors = lists["author_ids"]
    lists["hub_author_ids"] = [i for i in authors if i in hubs]
    lists["small_author_ids"] = [i for i in authors if i not in hubs]
    return lists


def _edges(store: GraphStore, ids: list[str], hubs: set[str]) -> list[dict[str, Any]]:
    lists = _edge_lists(ids, hubs)
    empty = {k for k, v in lists.items() if not v}
    if len(lists["hub_author_ids"]) < 2:  # that branch joins hubs pairwise
        empty.add("hub_author_ids")
    query = _edge_query(store.dialect, frozenset(empty))
    rows = store.read(query, {"sep": SEP, "rec": REC, **lists}).rows if query else []
    return _edge_dicts(_records(rows, "e"))


def _edge_dicts(records: list[str], among: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Packed edges (source, target, type, weight) as sorted dicts, each edge once; with
    `among`, only the edges whose two ends are in it."""
    wanted = set(among) if among is not None else None
    unique: dict[tuple[str, str, str], Any] = {}
    for packed in records:
        source, target, rel, weight = packed.split(SEP)
        if wanted is None or (source in wanted and target in wanted):
            unique[(source, target, rel)] = _number(weight)
    return [
        {"source": s, "target": t, "type": rel, "weight": unique[(s, t, rel)]}
        for s, t, rel in sorted(unique)
    ]


def _start(
    store: GraphStore,
    center: str,
    types: list[str],
    since: int | None,
    skip: set[str],
    per_node: int,
    edges: bool = False,
) -> tuple[dict[str, Any], list[dict[str, Any]] | None, dict[str, int] | None, list[str] | None]:
    """The centre node, and for a non-hub its first ring (at most `per_node` rows, priority
    order), neighbours per label and (with `edges`) the packed edges among the centre and that
    ring, in one round trip (slice_start_<label>). A hub gets None for all three: its ring comes
    from its stored top list. NotFound when there is no such node."""
    params = {
        "edges": edges,
        "rel_types": REL_TYPES,
        "types": types,
        "skip": sorted(skip | {center}),
        "since": NO_SINCE if since is None else since,
        "per_node": per_node,
        "sep": SEP,
        "rec": REC,
        "id": center,
    }
    label = next((lab for pre, lab in PREFIXES.items() if center.startswith(pre)), None)
    rows = []
    for lab in [label] if label else NODE_TYPES:
        rows = store.run(f"slice_start_{lab.lower()}", params).rows
        if rows:
            break
    if not rows:
        raise NotFound(f"no node with id {center!r}")
    root = rows[0]
    if root.get("top") is not None:
        return root, None, None, None
    counts = root["counts"].split(",") if isinstance(root["counts"], str) else root["counts"]
    pairs = (part.partition(":") for part in counts)
    return (
        root,
        _parse_ring(_records([root], "ring")),
        {lab: int(n) for lab, _, n in pairs if int(n)},
        _records([root], "ring_edges") if edges else None,
    )


@lru_cache(maxsize=256)
def _edge_query(dialect: str, empty: frozenset[str]) -> str | None:
    """slice_edges without the UNION branches that read an empty id list (they return nothing,
    and FalkorDB spends ~40 us on each); None when no branch is left."""
    branches = re.split(r"\n\s*UNION ALL\s*\n", cypher("slice_edges", dialect))
    kept = [b for b in branches if not set(re.findall(r"\$(\w+_ids)\b", b)) & empty]
    return "\nUNION ALL\n".join(kept) or None


def _ring_query(store: GraphStore, params: dict[str, Any]) -> list[dict[str, Any]]:
    """slice_ring's packed rows as dicts."""
    rows = store.run("slice_ring", {**params, "sep": SEP, "rec": REC}).rows
    return _parse_ring(_records(rows, "row"))


def _parse_ring(records: list[str]) -> list[dict[str, Any]]:
    """Packed ring records (source, id, type, rel, weight, year, hub, label) as dicts."""
    out = []
    for packed in records:
        source, nid, ntype, rel, weight, year, hub, label = packed.split(SEP, 7)
        out.append(
            {
                "source": source,
                "id": nid,
                "type": ntype,
                "rel": rel,
                "weight": _number(weight),
                "year": int(year) if year else None,
                "hub": hub == "1",
                "label": label,
            }
        )
    return out


def _records(rows: list[dict[str, Any]], column: str) -> list[str]:
    """Packed records: one per row, a list per row, or (FalkorDB variants) many per row joined
    by REC."""
    out: list[str] = []
    for r in rows:
        value = r[column]
        if isinstance(value, list):
            out.extend(value)
        elif value:
            out.extend(value.split(REC))
    return out


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _id_lists(ids: Iterable[str]) -> dict[str, list[str]]:
    """Ids split by label (from their prefix); an id of unknown form goes to every list."""
    lists: dict[str, list[str]] = {name: [] for name in ID_LISTS.values()}
    for i in ids:
        label = next((lab for pre, lab in PREFIXES.items() if i.startswith(pre)), None)
        for lab, name in ID_LISTS.items():
            if label is None or label == lab:
                lists[name].append(i)
    return lists


def _node_or_404(store: GraphStore, node_id: str) -> dict[str, Any]:
    found = store.run("slice_node", _id_lists([node_id])).rows
    if not found:
        raise NotFound(f"no node with id {node_id!r}")
    return found[0]


def _check_exclude(exclude: Iterable[str]) -> set[str]:
    ids = {i.strip() for i in exclude if i.strip()}
    if len(ids) > MAX_EXCLUDE:
        raise InvalidParameter(f"exclude may name at most {MAX_EXCLUDE} ids, not {len(ids)}")
    return ids


def _public(chosen: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in n.items() if not k.startswith("_")} for n in chosen.values()]


def _node(row: dict[str, Any], ring: int, weight: Any) -> dict[str, Any]:
    node = {
        "id": row["id"],
        "type": row["type"],
        "label": row["label"],
        "ring": ring,
        "weight": weight,
    }
    if row["type"] == "Paper" and row.get("year") is not None:
        node["year"] = row["year"]
    if row.get("hub") or row.get("top") is not None:
        node["_hub"] = True
    return node
