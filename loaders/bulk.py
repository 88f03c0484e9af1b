"""Fast first load of a NEW FalkorDB graph: works -> GRAPH.BULK commands -> schema.

Produces the same graph model as `loaders.writer.GraphWriter` (same ids, properties and
derived CO_AUTHOR edges) at bulk speed: paper records are packed in FalkorDB's GRAPH.BULK format
(loaders.bulk_binary) while the works are read and spooled to a temporary file; authors,
topics, institutions and every edge are aggregated in memory (co-author pairs in numpy arrays,
10 bytes per pair occurrence), then everything is sent: nodes first, then edges.

Differences from GraphWriter, on purpose: a repeated paper id keeps its first copy (later
copies are reported as rejected), an author's `name` (and `block_key`) come from the first
mention met, not from the last write batch (all spellings are in `name_variants`), empty
strings are stored as absent properties, and no SIMILAR_TO edges are made. AFFILIATED_WITH
years are exact (GraphWriter on FalkorDB keeps only the first year when one batch repeats a
new edge).
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import redis
import scipy.sparse as sp

from graphsvc.errors import GraphsvcError, StoreError
from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store
from loaders.bulk_binary import (
    NULL,
    BulkSender,
    edge_record_bytes,
    int_edge_records,
    record_bytes,
)
from loaders.identity.resolver import email_key
from loaders.model import Rejected, Work
from loaders.names import name_key
from loaders.rejects import RejectsFile
from loaders.topics import MAIN_TOPICS, topic_id, topic_name
from loaders.touched import mark_hubs_pending
from loaders.writer import (
    AuthorAssigner,
    AuthorAssignment,
    InstitutionAssigner,
    _paper_row,
    name_key_assigner,
    slug_institutions,
)


class BulkLoadError(GraphsvcError):
    """The bulk loader cannot run here (graph not empty, store is not FalkorDB, insert failed)."""

    code = "bulk_load_error"
    status = 409


_PAPER_PROPS = ["id", "title", "abstract", "year", "date", "doi", "journal_ref", "comments",
                "source", "source_id", "site", "load_run"]  # fmt: skip
_AUTHORED_PROPS = ["position", "name", "affiliations", "source_author_id", "orcid", "email_key"]
_AUTHOR_PROPS = ["id", "name", "name_key", "block_key", "orcid", "merge_score", "merge_reasons",
                 "name_variants", "load_run", "topics"]  # fmt: skip
_SPAN_PROPS = ["first_year", "last_year"]
_MISSING_YEAR = 0  # years are >= 1500, so 0 can mean "no year"


class _Aggregates:
    """Everything that needs the whole input before it can be written: nodes and CO_AUTHOR."""

    def __init__(self) -> None:
        self.author_index: dict[str, int] = {}
        self.authors: list[list[Any]] = []  # [id, name, name_key, variants, assignment]
        self.topics: dict[str, str] = {}  # id -> name, in first-seen order (their node order)
        self.topic_index: dict[str, int] = {}
        self.institutions: dict[str, list[Any]] = {}  # id -> [name, aliases]
        self.inst_index: dict[str, int] = {}
        self.affiliated: dict[int, list[int]] = {}  # author << 32 | inst -> [first, last]
        self.pair_keys = array("q")  # lo << 32 | hi (author indexes), one per shared paper
        self.pair_years = array("h")
        self.papers_of = array("i")  # papers per author index

    def author(self, a: AuthorAssignment, mention: str) -> int:
        idx = self.author_index.get(a.id)
        if idx is None:
            idx = self.author_index[a.id] = len(self.authors)
            self.authors.append([a.id, a.name, a.name_key, [mention], a])
            self.papers_of.append(0)
        else:
            row = self.authors[idx]
            if mention not in row[3]:
                row[3].append(mention)
            if a.orcid and a.orcid != row[4].orcid:  # coalesce(row.orcid, a.orcid)
                row[4] = a
        return idx

    def pairs(self, members: list[int], year: int | None) -> None:
        y = year or _MISSING_YEAR
        ms = sorted(set(members))
        for i, a in enumerate(ms):
            base = a << 32
            for b in ms[i + 1 :]:
                self.pair_keys.append(base | b)
                self.pair_years.append(y)

    def affiliation(self, author: int, inst_id: str, name: str, aliases: tuple[str, ...],
                    year: int | None) -> None:  # fmt: skip
        idx = self.inst_index.setdefault(inst_id, len(self.inst_index))
        row = self.institutions.setdefault(inst_id, [name, []])
        row[0] = name
        row[1] += [a for a in aliases if a not in row[1]]
        span = self.affiliated.setdefault(author << 32 | idx, [0, 0])
        if year:
            span[0] = year if not span[0] or year < span[0] else span[0]
            span[1] = max(span[1], year)

    def coauthor_rows(self) -> tuple[np.ndarray, ...]:
        """(src, dst, weight, first_year, last_year) with src the smaller author id."""
        keys = np.frombuffer(self.pair_keys, dtype=np.int64)
        years = np.frombuffer(self.pair_years, dtype=np.int16).astype(np.int32)
        if not len(keys):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty, empty
        order = np.argsort(keys, kind="stable")
        keys, years = keys[order], years[order]
        del order
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        weight = np.diff(np.r_[starts, len(keys)])
        first = np.minimum.reduceat(np.where(years == _MISSING_YEAR, 1 << 20, years), starts)
        first[first == 1 << 20] = _MISSING_YEAR
        last = np.maximum.reduceat(years, starts)
        lo, hi = keys[starts] >> 32, keys[starts] & 0xFFFFFFFF
        ranks = np.empty(len(self.authors), dtype=np.int64)
        ranks[sorted(range(len(self.authors)), key=lambda i: self.authors[i][0])] = np.arange(
            len(self.authors)
        )
        swap = ranks[lo] > ranks[hi]
        src, dst = np.where(swap, hi, lo), np.where(swap, lo, hi)
        return src, dst, weight, first, last


class _Packed:
    """Everything read from the works, ready to send: papers spooled to a file as node records,
    AUTHORED as (author, paper) indexes with their packed values, HAS_TOPIC as indexes."""

    def __init__(self, spool: Path) -> None:
        self.spool = spool
        self.paper_ends = array("q")  # end offset of each paper record in the spool
        self.agg = _Aggregates()
        self.authored_ids = array("q")  # author index, paper index, ...
        self.authored_values = bytearray()
        self.authored_ends = array("q")
        self.topic_pairs = array("q")  # paper index, topic index, ...
        self.read = self.rejected = 0

    def papers(self) -> Iterator[bytes]:
        with self.spool.open("rb") as fh:
            start = 0
            for end in self.paper_ends:
                yield fh.read(end - start)
                start = end


def pack_works(
    works: Iterable[Work | Rejected],
    spool: Path,
    run: str,
    assign_authors: AuthorAssigner,
    assign_institution: InstitutionAssigner = slug_institutions,
    rejects: RejectsFile | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> _Packed:
    """Read `works` once: paper records go to `spool`, the rest is aggregated in memory."""
    out = _Packed(spool)
    agg = out.agg
    insts: dict[str, Any] = {}
    seen: set[str] = set()
    with spool.open("wb") as fh:
        for rec in works:
            out.read += 1
            if on_progress and out.read % 10_000 == 0:
                on_progress(10_000)
            if isinstance(rec, Rejected) or rec.id in seen:
                out.rejected += 1
                if rejects:
                    why = "repeated paper id: first copy kept"
                    rejects.write(rec if isinstance(rec, Rejected) else Rejected(rec.id, "id", why))
                continue
            seen.add(rec.id)
            paper = len(out.paper_ends)
            pid = f"paper:{rec.id}"
            row = _paper_row(pid, rec) | {"load_run": run}
            fh.write(record_bytes(_text_or_year(c, row.get(c)) for c in _PAPER_PROPS))
            out.paper_ends.append(fh.tell())
            positions: dict[int, bytes] = {}
            assigned = assign_authors(rec)
            for pos, (ref, a) in enumerate(zip(rec.authors, assigned, strict=True), start=1):
                idx = agg.author(a, ref.name)
                # a repeated author keeps the last mention, as MERGE + SET does
                positions[idx] = record_bytes(
                    [pos, ref.name, list(ref.affiliations), ref.id, ref.orcid, email_key(ref.email)]
                )
                for text in ref.affiliations:
                    if text not in insts:
                        insts[text] = _as_list(assign_institution(text))
                    for inst in insts[text]:
                        agg.affiliation(idx, inst.id, inst.name, inst.aliases, rec.year)
            for idx, values in positions.items():
                out.authored_ids.extend((idx, paper))
                out.authored_values += values
                out.authored_ends.append(len(out.authored_values))
                agg.papers_of[idx] += 1
            agg.pairs(list(positions), rec.year)
            for tid, name in {topic_id(t): topic_name(t) for t in rec.topics}.items():
                topic = agg.topic_index.setdefault(tid, len(agg.topic_index))
                agg.topics[tid] = name  # same order as topic_index: the Topic node order
                out.topic_pairs.extend((paper, topic))
    return out


def _text_or_year(column: str, value: Any) -> Any:
    if value is None or column == "year":
        return value
    return str(value)


def _as_list(found: Any) -> list[Any]:
    """An institution assigner's answer (a list, or one assignment or None) as a list."""
    if found is None:
        return []
    return list(found) if isinstance(found, (list, tuple)) else [found]


def send_packed(packed: _Packed, sender: BulkSender, run: str) -> dict[str, Any]:
    """Create every node, then every edge, of `packed`; returns counts per label and type."""
    agg = packed.agg
    papers = len(packed.paper_ends)
    paper0 = sender.nodes("Paper", _PAPER_PROPS, packed.papers())
    topics_of, names = _author_topics(packed)
    author0 = sender.nodes("Author", _AUTHOR_PROPS, (
        record_bytes([aid, name, key, a.block_key, a.orcid,
                      None if a.merge_score is None else float(a.merge_score),
                      list(a.merge_reasons), variants, run, names(i)])
        for i, (aid, name, key, variants, a) in enumerate(agg.authors)
    ))  # fmt: skip
    topic0 = sender.nodes("Topic", ["id", "name"], (record_bytes(t) for t in agg.topics.items()))
    inst_ids = list(agg.inst_index)
    inst0 = sender.nodes("Institution", ["id", "name", "aliases"], (
        record_bytes([iid, *agg.institutions[iid]]) for iid in inst_ids
    ))  # fmt: skip
    sender.edges("AUTHORED", _AUTHORED_PROPS, _authored_records(packed, author0, paper0))
    pairs = np.frombuffer(packed.topic_pairs, dtype=np.int64).reshape(-1, 2)
    sender.int_edges("HAS_TOPIC", [], int_edge_records(pairs[:, 0] + paper0, pairs[:, 1] + topic0))
    keys = np.fromiter(agg.affiliated.keys(), dtype=np.int64, count=len(agg.affiliated))
    spans = np.array(list(agg.affiliated.values()), dtype=np.int64).reshape(-1, 2)
    _span_edges(sender, "AFFILIATED_WITH", [], [], (keys >> 32) + author0,
                (keys & 0xFFFFFFFF) + inst0, spans[:, 0], spans[:, 1])  # fmt: skip
    src, dst, weight, first, last = agg.coauthor_rows()
    overlap = _topic_overlap(topics_of, src, dst)
    _span_edges(sender, "CO_AUTHOR", ["weight", "topic_overlap"], [weight, overlap],
                src + author0, dst + author0, first, last)  # fmt: skip
    n = len(agg.authors)
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    return {
        "Paper": papers,
        "Author": n,
        "Topic": len(agg.topics),
        "Institution": len(inst_ids),
        "AUTHORED": len(packed.authored_ends),
        "HAS_TOPIC": len(pairs),
        "AFFILIATED_WITH": len(keys),
        "CO_AUTHOR": len(src),
        "coauthors_per_author": _spread(degree),
        "papers_per_author": _spread(np.frombuffer(agg.papers_of, dtype=np.int32)),
    }


def _author_topics(packed: _Packed) -> tuple[sp.csr_matrix, Callable[[int], list[str]]]:
    """Each author's MAIN_TOPICS main topics (most papers, then id), as author_topics stores
    them: authors x topics with 1 for a main topic, and author index -> their ids in order."""
    agg = packed.agg
    authored = np.frombuffer(packed.authored_ids, dtype=np.int64).reshape(-1, 2)
    has_topic = np.frombuffer(packed.topic_pairs, dtype=np.int64).reshape(-1, 2)
    n, papers, topics = len(agg.authors), len(packed.paper_ends), len(agg.topic_index)
    a = sp.csr_matrix((np.ones(len(authored)), (authored[:, 0], authored[:, 1])), (n, papers))
    t = sp.csr_matrix((np.ones(len(has_topic)), (has_topic[:, 0], has_topic[:, 1])),
                      (papers, topics))  # fmt: skip
    works = (a @ t).tocsr()  # papers per author and topic
    topic_ids = list(agg.topic_index)
    rank = np.empty(topics, dtype=np.int64)  # a topic's place among the ids in string order
    rank[sorted(range(topics), key=topic_ids.__getitem__)] = np.arange(topics)
    rows = np.repeat(np.arange(n), np.diff(works.indptr))
    order = np.lexsort((rank[works.indices], -works.data, rows))  # rows stay grouped
    keep = np.arange(len(order)) - works.indptr[rows] < MAIN_TOPICS
    rows, cols = rows[keep], works.indices[order][keep]
    main = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), (n, topics))
    ptr = np.r_[0, np.cumsum(np.bincount(rows, minlength=n))]

    def names(i: int) -> list[str]:
        return [topic_ids[c] for c in cols[ptr[i] : ptr[i + 1]]]

    return main, names


def _topic_overlap(topics_of: sp.csr_matrix, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Jaccard of the topic sets of each pair's two authors (0 when they share none), as
    recompute_coauthor computes it."""
    if not len(src):
        return np.zeros(0)
    shared = np.asarray(topics_of[src].multiply(topics_of[dst]).sum(axis=1)).ravel()
    sizes = np.diff(topics_of.indptr)
    union = sizes[src] + sizes[dst] - shared
    return np.where(shared > 0, shared / np.maximum(union, 1), 0.0)


def _authored_records(packed: _Packed, author0: int, paper0: int) -> Iterator[bytes]:
    ids, values, start = packed.authored_ids, packed.authored_values, 0
    for i, end in enumerate(packed.authored_ends):
        yield edge_record_bytes(ids[2 * i] + author0, ids[2 * i + 1] + paper0) + values[start:end]
        start = end


def _span_edges(sender: BulkSender, rel_type: str, names: list[str], values: list[np.ndarray],
                src: np.ndarray, dst: np.ndarray, first: np.ndarray,
                last: np.ndarray) -> None:  # fmt: skip
    """Edges with int64 `values` (named `names`), then first_year and last_year (NULL when the
    year is missing: first and last are missing together)."""
    dated = first != _MISSING_YEAR
    cols = [v[dated] for v in values] + [first[dated], last[dated]]
    sender.int_edges(rel_type, names + _SPAN_PROPS, int_edge_records(src[dated], dst[dated], cols))
    undated = ~dated
    if undated.any():
        nulls = bytes([NULL, NULL])
        rows = int_edge_records(src[undated], dst[undated], [v[undated] for v in values])
        sender.edges(rel_type, names + _SPAN_PROPS, (r.tobytes() + nulls for r in rows))


def _spread(values: np.ndarray) -> dict[str, float]:
    """Max, mean and percentiles of a degree distribution."""
    if not len(values):
        return {}
    p50, p90, p99, p999 = np.percentile(values, [50, 90, 99, 99.9]).tolist()
    return {"max": int(values.max()), "mean": round(float(values.mean()), 2), "p50": p50,
            "p90": p90, "p99": p99, "p99.9": p999}  # fmt: skip


_NODE_FILES = ("Author", "Paper", "Topic", "Institution")
_EDGE_FILES = ("AUTHORED", "CO_AUTHOR", "HAS_TOPIC", "AFFILIATED_WITH")


class _RetryBusy:
    """The connection, retrying a command the server refused as BUSY (a snapshot fork)."""

    def __init__(self, connection: redis.Redis, attempts: int = 120) -> None:
        self.connection = connection
        self.attempts = attempts

    def execute_command(self, *args: Any) -> Any:
        for attempt in range(self.attempts):
            try:
                return self.connection.execute_command(*args)
            except redis.ResponseError as exc:
                if not str(exc).startswith("BUSY") or attempt == self.attempts - 1:
                    raise
                time.sleep(0.5)


def _drop_empty_graph(store: Any) -> None:
    """GRAPH.BULK creates its graph: drop the empty one (indexes only) the store made."""
    try:
        store.graph.delete()
    except redis.ResponseError:
        pass  # no key yet


def bulk_load(
    store_or_settings: GraphStore | Settings,
    works: Iterable[Work | Rejected],
    author_key: Callable[[str], str] = name_key,
    assign_institution: InstitutionAssigner = slug_institutions,
    *,
    assign_authors: AuthorAssigner | None = None,
    work_dir: Path | None = None,
    rejects: RejectsFile | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Load `works` into an EMPTY FalkorDB graph at bulk speed, then create the schema.

    Authors are one per `author_key(name)` unless `assign_authors` (e.g. an identity plan's
    `assign`) is given. SIMILAR_TO edges are not made here (see loaders.similarity).

    Raises BulkLoadError when the graph holds any node or the store is not FalkorDB.
    Returns counts per label and relationship type, rejected records and timings.
    """
    owned = isinstance(store_or_settings, Settings)
    store = open_store(store_or_settings, setup_schema=False) if owned else store_or_settings
    try:
        assign = assign_authors or name_key_assigner(_cached(author_key))
        return _bulk_load(store, works, assign, assign_institution, work_dir, rejects,
                          on_progress)  # fmt: skip
    finally:
        if owned:
            store.close()


def _cached(fn: Callable[[str], str]) -> Callable[[str], str]:
    """`fn` remembering its answers (author names repeat a lot)."""
    memo: dict[str, str] = {}

    def key(name: str) -> str:
        if name not in memo:
            memo[name] = fn(name)
        return memo[name]

    return key


def _bulk_load(store, works, assign_authors, assign_institution, work_dir, rejects,
               on_progress) -> dict[str, Any]:  # fmt: skip
    from graphsvc.store.falkor import FalkorStore

    if not isinstance(store, FalkorStore):
        raise BulkLoadError(f"bulk load needs FalkorDB, not {store.dialect}; use `graphsvc load`")
    exists = store.db.connection.exists(store.graph.name)
    if exists and any(r["count"] for r in store.run("stats_labels").rows):
        raise BulkLoadError(
            f"graph {store.graph.name!r} is not empty: bulk load only creates new graphs"
        )
    run = time.strftime("%Y%m%dT%H%M%S") + "-bulk-" + uuid.uuid4().hex[:6]
    folder = Path(tempfile.mkdtemp(prefix="graphsvc-bulk-", dir=work_dir))
    timings: dict[str, float] = {}
    try:
        t0 = time.perf_counter()
        packed = pack_works(works, folder / "papers.bin", run, assign_authors,
                            assign_institution, rejects, on_progress)  # fmt: skip
        timings["pack_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        _drop_empty_graph(store)
        sender = BulkSender(_RetryBusy(store.db.connection), store.graph.name)
        try:
            counts = send_packed(packed, sender, run)
        except redis.RedisError as exc:
            _drop_empty_graph(store)  # no half-made graph: the next try starts clean
            store.setup_schema()
            raise StoreError(f"GRAPH.BULK into {store.graph.name!r} failed: {exc}") from exc
        timings["insert_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.setup_schema()
        store.run_write("bump_graph_version", {"run": run})
        mark_hubs_pending(store, run)  # no hub data yet: the next refresh rebuilds every hub
        timings["schema_seconds"] = time.perf_counter() - t0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"run": run, "records_read": packed.read, "rejected": packed.rejected, **counts,
            "nodes_created": sender.nodes_created,
            "relationships_created": sender.relationships_created,
            **{k: round(v, 2) for k, v in timings.items()}}  # fmt: skip
