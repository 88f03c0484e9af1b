"""Fast first load of a NEW FalkorDB graph: works -> CSV files -> GRAPH.BULK -> schema.

Produces the same graph model as `loaders.writer.GraphWriter` (same ids, properties and
derived CO_AUTHOR edges) at bulk speed, through `falkordb-bulk-loader` (CSV in, new graphs
only). Co-author pairs are aggregated in numpy arrays (10 bytes per pair occurrence), so
a million papers fit in a few GB.

Differences from GraphWriter, on purpose: a repeated paper id keeps its first copy (later
copies are reported as rejected), an author's `name` (and `block_key`) come from the first
mention met, not from the last write batch (all spellings are in `name_variants`), string
values lose leading/trailing blanks, empty strings are stored as absent properties, and no
SIMILAR_TO edges are made. AFFILIATED_WITH years are exact (GraphWriter on FalkorDB keeps
only the first year when one batch repeats a new edge).
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import time
import uuid
from array import array
from collections.abc import Callable, Iterable
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import redis

from graphsvc.errors import GraphsvcError, StoreError
from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store
from loaders.model import Rejected, Work
from loaders.names import name_key
from loaders.rejects import RejectsFile
from loaders.topics import topic_id, topic_name
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


_PAPER_COLS = ["id", "title", "abstract", "year", "date", "doi", "journal_ref", "comments",
               "source", "source_id", "load_run"]  # fmt: skip
_PAPER_HEADER = [f"{c}:INT" if c == "year" else f"{c}:STRING" for c in _PAPER_COLS]
_PAPER_HEADER[0] = "id:ID(Paper)"
_AUTHORED_HEADER = [":START_ID(Author)", ":END_ID(Paper)", "position:INT", "name:STRING",
                    "affiliations:ARRAY", "source_author_id:STRING", "orcid:STRING"]  # fmt: skip
_AUTHOR_HEADER = ["id:ID(Author)", "name:STRING", "name_key:STRING", "block_key:STRING",
                  "orcid:STRING", "merge_score:DOUBLE", "merge_reasons:ARRAY",
                  "name_variants:ARRAY", "load_run:STRING"]  # fmt: skip
_MISSING_YEAR = 0  # years are >= 1500, so 0 can mean "no year"


def _cell(value: Any) -> Any:
    return "" if value is None else value


class _Csv:
    """One CSV file in the dialect the bulk loader reads (minimal quoting, backslash escape)."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self._fh = path.open("w", encoding="utf-8", newline="")
        self._w = csv.writer(self._fh, quoting=csv.QUOTE_MINIMAL, escapechar="\\",
                             lineterminator="\n")  # fmt: skip
        self._w.writerow(header)
        self.rows = 0

    def row(self, values: list[Any]) -> None:
        self._w.writerow(values)
        self.rows += 1

    def close(self) -> None:
        self._fh.close()


class _Aggregates:
    """Everything that needs the whole input before it can be written: nodes and CO_AUTHOR."""

    def __init__(self) -> None:
        self.author_index: dict[str, int] = {}
        self.authors: list[list[Any]] = []  # [id, name, name_key, variants, assignment]
        self.topics: dict[str, str] = {}
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


def _year(y: int) -> Any:
    return "" if y == _MISSING_YEAR else int(y)


def write_csvs(
    works: Iterable[Work | Rejected],
    folder: Path,
    run: str,
    assign_authors: AuthorAssigner,
    assign_institution: InstitutionAssigner = slug_institutions,
    rejects: RejectsFile | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Stream `works` into the bulk loader's CSV files under `folder`; returns their counts."""
    insts: dict[str, Any] = {}
    agg = _Aggregates()
    papers = _Csv(folder / "Paper.csv", _PAPER_HEADER)
    authored = _Csv(folder / "AUTHORED.csv", _AUTHORED_HEADER)
    has_topic = _Csv(folder / "HAS_TOPIC.csv", [":START_ID(Paper)", ":END_ID(Topic)"])
    seen: set[str] = set()
    read = rejected = 0
    for rec in works:
        read += 1
        if on_progress and read % 10_000 == 0:
            on_progress(10_000)
        if isinstance(rec, Rejected) or rec.id in seen:
            rejected += 1
            if rejects:
                why = "repeated paper id: first copy kept"
                rejects.write(rec if isinstance(rec, Rejected) else Rejected(rec.id, "id", why))
            continue
        seen.add(rec.id)
        pid = f"paper:{rec.id}"
        row = _paper_row(pid, rec)
        papers.row([_cell(row.get(c)) for c in _PAPER_COLS[:-1]] + [run])
        positions: dict[int, list[Any]] = {}
        assigned = assign_authors(rec)
        for pos, (ref, a) in enumerate(zip(rec.authors, assigned, strict=True), start=1):
            idx = agg.author(a, ref.name)
            # a repeated author keeps the last mention, as MERGE + SET does
            positions[idx] = [a.id, pid, pos, ref.name, repr(list(ref.affiliations)),
                              _cell(ref.id), _cell(ref.orcid)]  # fmt: skip
            for text in ref.affiliations:
                if text not in insts:
                    insts[text] = _as_list(assign_institution(text))
                for inst in insts[text]:
                    agg.affiliation(idx, inst.id, inst.name, inst.aliases, rec.year)
        for idx, row in positions.items():
            authored.row(row)
            agg.papers_of[idx] += 1
        agg.pairs(list(positions), rec.year)
        for tid, name in {topic_id(t): topic_name(t) for t in rec.topics}.items():
            agg.topics[tid] = name
            has_topic.row([pid, tid])
    for f in (papers, authored, has_topic):
        f.close()
    return _write_aggregates(agg, folder, run) | {
        "records_read": read,
        "rejected": rejected,
        "Paper": papers.rows,
        "AUTHORED": authored.rows,
        "HAS_TOPIC": has_topic.rows,
    }


def _as_list(found: Any) -> list[Any]:
    """An institution assigner's answer (a list, or one assignment or None) as a list."""
    if found is None:
        return []
    return list(found) if isinstance(found, (list, tuple)) else [found]


def _write_aggregates(agg: _Aggregates, folder: Path, run: str) -> dict[str, int]:
    authors = _Csv(folder / "Author.csv", _AUTHOR_HEADER)
    for aid, name, key, variants, a in agg.authors:
        authors.row([aid, name, key, _cell(a.block_key), _cell(a.orcid), _cell(a.merge_score),
                     repr(list(a.merge_reasons)), repr(variants), run])  # fmt: skip
    topics = _Csv(folder / "Topic.csv", ["id:ID(Topic)", "name:STRING"])
    for tid, name in agg.topics.items():
        topics.row([tid, name])
    insts = _Csv(folder / "Institution.csv", ["id:ID(Institution)", "name:STRING", "aliases:ARRAY"])
    inst_ids = list(agg.inst_index)
    for iid in inst_ids:
        name, aliases = agg.institutions[iid]
        insts.row([iid, name, repr(aliases)])
    header = [":START_ID(Author)", ":END_ID(Institution)", "first_year:INT", "last_year:INT"]
    affiliated = _Csv(folder / "AFFILIATED_WITH.csv", header)
    for key, (first, last) in agg.affiliated.items():
        affiliated.row([agg.authors[key >> 32][0], inst_ids[key & 0xFFFFFFFF],
                        _year(first), _year(last)])  # fmt: skip
    header = [
        ":START_ID(Author)",
        ":END_ID(Author)",
        "weight:INT",
        "first_year:INT",
        "last_year:INT",
    ]
    co = _Csv(folder / "CO_AUTHOR.csv", header)
    ids = [a[0] for a in agg.authors]
    rows = agg.coauthor_rows()
    for s, d, w, f, la in zip(*(c.tolist() for c in rows), strict=True):
        co.row([ids[s], ids[d], w, _year(f), _year(la)])
    files = (authors, topics, insts, affiliated, co)
    for f in files:
        f.close()
    n = len(agg.authors)
    degree = np.bincount(rows[0], minlength=n) + np.bincount(rows[1], minlength=n)
    return {f.path.stem: f.rows for f in files} | {
        "coauthors_per_author": _spread(degree),
        "papers_per_author": _spread(np.frombuffer(agg.papers_of, dtype=np.int32)),
    }


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


def insert_csvs(connection: redis.Redis, graph: str, folder: Path) -> dict[str, int]:
    """Run `falkordb-bulk-loader` on the CSV files of `folder` into the new graph `graph`."""
    from falkordb_bulk_loader.bulk_insert import process_entities
    from falkordb_bulk_loader.config import Config
    from falkordb_bulk_loader.label import Label
    from falkordb_bulk_loader.query_buffer import QueryBuffer
    from falkordb_bulk_loader.relation_type import RelationType

    config = Config(enforce_schema=True, id_type="STRING", quoting=csv.QUOTE_MINIMAL,
                    store_node_identifiers=True, escapechar="\\")  # fmt: skip
    buffer = QueryBuffer(graph, _RetryBusy(connection), config)
    try:
        with redirect_stdout(StringIO()):  # its progress bars
            labels = [Label(buffer, str(folder / f"{n}.csv"), n, config) for n in _NODE_FILES]
            types = [RelationType(buffer, str(folder / f"{t}.csv"), t, config) for t in _EDGE_FILES]
            process_entities(labels)
            process_entities(types)
            buffer.send_buffer()
            buffer.wait_pool()
    except redis.RedisError as exc:
        raise StoreError(f"GRAPH.BULK into {graph!r} failed: {exc}") from exc
    except (KeyError, SystemExit) as exc:  # unknown edge endpoint, repeated node id
        raise BulkLoadError(f"bulk loader refused the CSV files in {folder}: {exc!r}") from exc
    return {
        "nodes_created": buffer.nodes_created,
        "relationships_created": buffer.relations_created,
    }


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
    keep_csv: bool = False,
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
        return _bulk_load(store, works, assign, assign_institution, work_dir, keep_csv,
                          rejects, on_progress)  # fmt: skip
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


def _bulk_load(store, works, assign_authors, assign_institution, work_dir, keep_csv, rejects,
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
        counts = write_csvs(
            works, folder, run, assign_authors, assign_institution, rejects, on_progress
        )
        timings["csv_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        _drop_empty_graph(store)
        created = insert_csvs(store.db.connection, store.graph.name, folder)
        timings["insert_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.setup_schema()
        store.run_write("bump_graph_version", {"run": run})
        timings["schema_seconds"] = time.perf_counter() - t0
    finally:
        if not keep_csv:
            shutil.rmtree(folder, ignore_errors=True)
    return {"run": run, **counts, **created, **{k: round(v, 2) for k, v in timings.items()},
            "csv_dir": str(folder) if keep_csv else None}  # fmt: skip
