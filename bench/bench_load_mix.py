"""8 concurrent HTTP readers and 1 writer against a real server for 60 s: errors and latency.

Starts its own embedded FalkorDB in a temporary data dir, loads the bundled hep-th sample, serves
the API with uvicorn in a thread, then runs readers (author, collaborators, slice, schema and
analyst Cypher, chosen at random) while one writer reloads the sample again and again through
loaders.pipeline (every paper MERGEd, CO_AUTHOR recomputed). Appends a row to bench/RESULTS.md.

    python bench/bench_load_mix.py [--seconds 60] [--readers 8] [--no-record]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import free_port, pct  # noqa: E402
from graphsvc.api.app import create_app  # noqa: E402
from graphsvc.settings import Settings  # noqa: E402
from graphsvc.store import open_store  # noqa: E402
from loaders.pipeline import load_paths  # noqa: E402

SAMPLE = REPO / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"
KEY = {"X-API-Key": "bench-analyst"}
CYPHER = (REPO / "cypher" / "examples" / "author_coauthors.cypher").read_text()


def reader(url: str, ids: list[str], stop: threading.Event, out: list, errors: list) -> None:
    rng = random.Random()
    with httpx.Client(base_url=url, headers=KEY, timeout=30) as client:
        while not stop.is_set():
            aid = rng.choice(ids)
            kind = rng.choice(["author", "collaborators", "slice", "schema", "cypher"])
            start = time.perf_counter()
            try:
                if kind == "author":
                    r = client.get(f"/authors/{aid}")
                elif kind == "collaborators":
                    r = client.get(f"/authors/{aid}/collaborators", params={"per_page": 20})
                elif kind == "slice":
                    r = client.get("/graph/slice", params={"center": aid, "depth": 2, "limit": 100})
                elif kind == "schema":
                    r = client.get("/schema")
                else:
                    r = client.post("/cypher", json={"query": CYPHER, "params": {"author_id": aid}})
                ok = r.status_code == 200
                detail = f"{kind} {aid}: HTTP {r.status_code} {r.text[:200]}"
            except httpx.HTTPError as exc:
                ok, detail = False, f"{kind} {aid}: {exc!r}"
            out.append((kind, time.perf_counter() - start))
            if not ok:
                errors.append(detail)


def writer(store, settings, stop: threading.Event, loads: list, errors: list) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        try:
            report = load_paths(store, settings, "hepth", [SAMPLE])
            loads.append((time.perf_counter() - start, report.written))
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            errors.append(f"writer: {exc!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = ap.parse_args()

    data = Path(tempfile.mkdtemp(prefix="bench-load-mix-"))
    settings = Settings(data_dir=data, _env_file=None, api_keys={"bench-analyst": "analyst"},
                        rate_limit_per_minute=10_000_000, log_level="warning")  # fmt: skip
    store = open_store(settings)
    t0 = time.perf_counter()
    load_paths(store, settings, "hepth", [SAMPLE])
    print(f"initial load {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    ids = [r["id"] for r in store.read("MATCH (a:Author) RETURN a.id AS id").rows]
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store), host="127.0.0.1",
                                           port=port, log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    import logging

    logging.getLogger("graphsvc").setLevel(logging.WARNING)
    url = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    samples: list = []
    loads: list = []
    errors: list = []
    threads = [threading.Thread(target=reader, args=(url, ids, stop, samples, errors))
               for _ in range(args.readers)]  # fmt: skip
    threads.append(threading.Thread(target=writer, args=(store, settings, stop, loads, errors)))
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join(120)
    server.should_exit = True
    thread.join(10)
    store.close()

    lat = [s for _, s in samples]
    ms = {p: pct(lat, p) * 1000 for p in (50, 95, 99)}
    print(f"{len(samples)} reads ({len(samples) / args.seconds:.0f}/s), {len(loads)} full reloads "
          f"({sum(n for _, n in loads)} papers written), {len(errors)} errors")  # fmt: skip
    print(f"read latency ms: p50 {ms[50]:.1f}  p95 {ms[95]:.1f}  p99 {ms[99]:.1f}  "
          f"max {max(lat) * 1000:.1f}")  # fmt: skip
    for kind in sorted({k for k, _ in samples}):
        vals = [s for k, s in samples if k == kind]
        print(f"  {kind:14s} n={len(vals):6d}  p50 {statistics.median(vals) * 1000:7.1f}  "
              f"p99 {pct(vals, 99) * 1000:7.1f}")  # fmt: skip
    for e in errors[:10]:
        print("  error:", e)
    if not args.no_record:
        record(args, samples, loads, errors, ms)
    sys.exit(1 if errors else 0)


def record(args, samples, loads, errors, ms) -> None:  # noqa: ANN001
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load_avg = os.getloadavg()[0]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    reload_s = statistics.median([s for s, _ in loads]) if loads else float("nan")
    text = (
        f"\n## load mix (bench/bench_load_mix.py) — {when}\n"
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{mem:.0f} GiB, Python {platform.python_version()}, load average {load_avg:.1f} at the "
        f"end (shared machine). Embedded FalkorDB, hep-th 1992-93 sample, uvicorn in-process.\n"
        f"Command: `python bench/bench_load_mix.py --seconds {args.seconds:g} "
        f"--readers {args.readers}`\n\n"
        "| readers | writer | seconds | reads | reads/s | p50 ms | p95 ms | p99 ms "
        "| full reloads (median s) | errors |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {args.readers} | 1 | {args.seconds:g} | {len(samples)} "
        f"| {len(samples) / args.seconds:.0f} | {ms[50]:.1f} | {ms[95]:.1f} | {ms[99]:.1f} "
        f"| {len(loads)} ({reload_s:.1f}) | {len(errors)} |\n"
    )
    with open(REPO / "bench" / "RESULTS.md", "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
