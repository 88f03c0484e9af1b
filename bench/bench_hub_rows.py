"""Hub rebuild, batched (queries.slice.hub_rows) vs per hub (the former hub_row, kept as
tests/test_hub_rows.py::reference_row), interleaved on one graph; rows only, nothing written.

    python bench/bench_hub_rows.py --snapshot DATA_DIR [--work-dir /tmp/hub-rows-bench] [--reps 6]

`--snapshot` is a loaded data dir (copied, never changed). Every hub (degree >= HUB_MIN_DEGREE)
is rebuilt `--reps` times each way, alternating; printed per run: wall, loader CPU and FalkorDB
server CPU seconds and the load average; at the end whether both ways gave the same rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_hub_refresh import _server_cpu  # noqa: E402
from bench.common import machine  # noqa: E402


def _hubs(store: Any, min_degree: int) -> list[str]:
    found: dict[str, int] = {}
    for r in store.run("slice_hub_find", {"min_degree": min_degree}).rows:
        found[r["id"]] = max(r["degree"], found.get(r["id"], 0))
    return sorted(i for i, d in found.items() if d >= min_degree)


def _measure(fn: Callable[[], list], pid: int | None) -> tuple[list, tuple[float, float, float]]:
    w0, c0, s0 = time.perf_counter(), time.process_time(), _server_cpu(pid)
    rows = fn()
    return rows, (time.perf_counter() - w0, time.process_time() - c0, _server_cpu(pid) - s0)


def main() -> None:
    from graphsvc.settings import Settings
    from graphsvc.store import open_store
    from queries import slice as qs
    from tests.test_hub_rows import reference_row

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--snapshot", type=Path, required=True)
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp/hub-rows-bench"))
    ap.add_argument("--reps", type=int, default=6)
    args = ap.parse_args()
    print(machine(), flush=True)
    data = args.work_dir / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(args.snapshot, data)
    store = open_store(Settings(data_dir=data, similar_k=0, _env_file=None))
    pid = store.server.proc.pid if store.server is not None and store.server.proc else None
    try:
        hubs = _hubs(store, qs.HUB_MIN_DEGREE)
        hub_set = set(hubs)

        def is_hub(node: str, _stored: bool) -> bool:
            return node in hub_set

        ways = {
            "per-hub": lambda: [reference_row(store, h, qs.TOP_KEEP, qs.EDGE_KEEP, is_hub)
                                for h in hubs],
            "batched": lambda: list(qs.hub_rows(store, hubs, qs.TOP_KEEP, qs.EDGE_KEEP, is_hub)),
        }  # fmt: skip
        rows: dict[str, list] = {}
        for rep in range(args.reps):
            for name, fn in ways.items():
                rows[name], (wall, cpu, server) = _measure(fn, pid)
                print(f"{rep} {name}: wall {wall:.2f} s, loader {cpu:.2f} + server {server:.2f} "
                      f"CPU s, load {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
        print(f"{len(hubs)} hubs; same rows: {rows['per-hub'] == rows['batched']}")
    finally:
        store.close()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
