"""Hub refresh after an incremental load: the refresh of the touched hubs vs the full refresh.

    python bench/bench_hub_refresh.py --snapshot DATA_DIR --increment FILE.jsonl [...]
        [--work-dir /tmp/hub-refresh-bench] [--similar-k 0]

`--snapshot` is a loaded data dir (e.g. the synthetic graph `bench/bench_load.py` bulk-loads,
`<work-dir>/synthetic-<papers>-<stamp>`); it is copied, never changed. For each increment
(works-jsonl) the copy is loaded through the pipeline (`load_paths`, as `graphsvc load`), whose
hub refresh after the load is timed; then the full `refresh_hubs` (what every load ran before)
is timed on the same loaded graph, and the hub data both store is compared node by node.
Printed per increment: wall and CPU seconds (loader and FalkorDB server) of each refresh, hubs
rebuilt, and the load average. A snapshot made before `(:Meta {id: 'hubs'})` existed has no
record of its (current) hub data: it is recorded first, else the load would refresh every hub.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402

HUB_DATA = (
    "MATCH (m) WHERE m.slice_top IS NOT NULL OR m.slice_degree IS NOT NULL "
    "OR m.slice_edges IS NOT NULL OR m.profile_counts IS NOT NULL "
    "RETURN m.id AS id, m.slice_top AS top, m.slice_degree AS degree, m.slice_edges AS edges, "
    "m.profile_counts AS profile"
)


def _server_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(fn: Callable[..., Any], pid: int | None, out: dict[str, Any]) -> Callable[..., Any]:
    """`fn` recording its wall, loader CPU and server CPU seconds into `out`."""

    def wrap(*args: Any, **kw: Any) -> Any:
        w0, c0, s0 = time.perf_counter(), time.process_time(), _server_cpu(pid)
        result = fn(*args, **kw)
        out.update(wall_s=round(time.perf_counter() - w0, 2),
                   loader_cpu_s=round(time.process_time() - c0, 2),
                   server_cpu_s=round(_server_cpu(pid) - s0, 2),
                   loadavg=" ".join(f"{x:.2f}" for x in os.getloadavg()))  # fmt: skip
        return result

    return wrap


def _hub_data(store: Any) -> dict[str, tuple]:
    return {r["id"]: (r["top"], r["degree"], r["edges"], r["profile"])
            for r in store.read(HUB_DATA).rows}  # fmt: skip


def run_increment(snapshot: Path, increment: Path, data: Path, similar_k: int) -> dict:
    """Copy `snapshot` to `data`, load `increment` into it, time both refreshes."""
    import loaders.pipeline as pipeline
    from graphsvc.settings import Settings
    from graphsvc.store import open_store
    from queries import slice as qs
    from queries.hub_refresh import hub_state

    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(snapshot, data)
    settings = Settings(data_dir=data, similar_k=similar_k, _env_file=None)
    store = open_store(settings)
    pid = store.server.proc.pid if store.server is not None and store.server.proc else None
    incremental: dict[str, Any] = {}
    full: dict[str, Any] = {}
    try:
        if hub_state(store).params is None:
            qs.mark_hubs_current(store, qs.HUB_MIN_DEGREE, qs.TOP_KEEP, qs.EDGE_KEEP)
        refresh = pipeline.refresh_after_load
        pipeline.refresh_after_load = _timed(refresh, pid, incremental)
        try:
            started = time.perf_counter()
            report = pipeline.load_paths(store, settings, "works-jsonl", [increment])
            load_wall = time.perf_counter() - started
        finally:
            pipeline.refresh_after_load = refresh
        after_load = _hub_data(store)
        hubs = _timed(qs.refresh_hubs, pid, full)(store)
        after_full = _hub_data(store)
    finally:
        store.close()
    differing = sorted(i for i in after_load.keys() | after_full.keys()
                       if after_load.get(i) != after_full.get(i))  # fmt: skip
    return {
        "increment": increment.name,
        "papers": report.written,
        "load_wall_s": round(load_wall, 1),
        "hubs": hubs,
        "hubs_rebuilt": report.hubs_refreshed,
        "full_after_load": report.hubs_full_refresh,
        "incremental": incremental,
        "full": full,
        "hub_data_differing": len(differing),
        "differing_sample": differing[:5],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--snapshot", type=Path, required=True)
    ap.add_argument("--increment", type=Path, action="append", required=True)
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp/hub-refresh-bench"))
    ap.add_argument("--similar-k", type=int, default=0)
    args = ap.parse_args()
    print(machine(), flush=True)
    for inc in args.increment:
        row = run_increment(args.snapshot, inc, args.work_dir / "data", args.similar_k)
        print(json.dumps(row), flush=True)
    shutil.rmtree(args.work_dir / "data", ignore_errors=True)


if __name__ == "__main__":
    main()
