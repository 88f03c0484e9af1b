"""`graphsvc eval collaborators`: records from the store or a works-jsonl file, the run,
and the markdown appended to bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
import resource
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphsvc.errors import InvalidParameter
from graphsvc.gcpause import paused_gc
from graphsvc.store import GraphStore
from queries.linkpred.records import Record, read_works_jsonl


def parse_years(text: str, option: str) -> tuple[int, int]:
    """'1994-1996' (or '1995') to (1994, 1996); InvalidParameter naming the option."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", text)
    if not m:
        raise InvalidParameter(f"{option} {text!r}: expected YEAR or YEAR-YEAR, e.g. 1994-1996")
    lo, hi = int(m[1]), int(m[2] or m[1])
    if hi < lo:
        raise InvalidParameter(f"{option} {text!r}: the end year is before the start year")
    return lo, hi


def records_from_store(store: GraphStore, first: int, last: int) -> list[Record]:
    """Papers with `first <= year <= last` as Records keyed by Author id, one query per year
    (each uses the Paper.year index), with the cyclic GC paused (`paused_gc`)."""
    out = []
    with paused_gc():
        for year in range(first, last + 1):
            for row in store.run("eval_works", {"year": year}).rows:
                authors = tuple(dict.fromkeys(a for a in row["authors"] if a))
                text = " ".join(t for t in (row.get("title"), row.get("abstract")) if t)
                topics = tuple(row["topics"] or ())
                site = row.get("site") or ""
                out.append(Record(row["id"], int(row["year"]), authors, topics, text, site))
    return out


def records_from_file(path: str | Path) -> list[Record]:
    """Records of a works-jsonl file (author id when given, else loaders.names.name_key)."""
    if not Path(path).is_file():
        raise InvalidParameter(f"--works {path}: no such file")
    return list(read_works_jsonl(path))


def results_markdown(
    result: Mapping[str, Any], table: str, command: str, data: str,
    title: str = "Collaborator evaluation",
) -> str:
    """A dated section for bench/RESULTS.md with the machine, command, data and table."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    use = resource.getrusage(resource.RUSAGE_SELF)
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    return (f"\n## {title}, {now}\n\n- machine: {machine}\n"
            f"- load average at the end: {load}; CPU {use.ru_utime + use.ru_stime:.0f} s "
            f"(user+system, this process)\n"
            f"- command: `{command}`\n- data: {data}\n\n```\n{table}\n```\n")  # fmt: skip


def append_results(path: str | Path, text: str) -> None:
    """Append a section to a results file (created with a title when missing)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if not p.exists():
        p.write_text("# Benchmark and evaluation results\n")
    with p.open("a", encoding="utf-8") as fh:
        fh.write(text)
