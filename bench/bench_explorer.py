"""Explorer API speed over HTTP: a real uvicorn server (subprocess) and concurrent clients.

    python bench/bench_explorer.py --data-dir DIR [--load-hepth TARBALL] [--clients 8]
        [--seconds 20] [--authors 500] [--workers 1] [--no-refresh] [--no-append]

DIR holds an embedded FalkorDB graph (e.g. from `python bench/generate.py --papers N
--data-dir DIR`, or `graphsvc load hepth ...`); with --load-hepth an empty graph is loaded
first. This process opens the store (so the server attaches to the same embedded FalkorDB),
picks the 20 highest-degree authors plus random ones (fixed seed), then measures with one
client: slices (depth 1 limit 100, depth 2 limit 200; hubs reported apart), profiles,
collaborators (first page; hubs apart) and search; then throughput with --clients concurrent
clients on a mix of slices, profiles and search. --workers runs that many uvicorn worker
processes (each attaches to the same embedded FalkorDB); --no-refresh skips refresh_hubs
(only when the graph's hub data is already current). Results are
printed and appended to bench/RESULTS.md with the machine, the date and the command.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine, pct, wait_ready  # noqa: E402
from graphsvc.settings import Settings  # noqa: E402
from graphsvc.store import GraphStore, open_store  # noqa: E402
from queries.slice import refresh_hubs  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
HUBS = 20


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


def pick_ids(store: GraphStore, n: int, seed: int) -> dict[str, list[Any]]:
    """The busiest authors, random authors, random papers and search queries (fixed seed)."""
    rng = random.Random(seed)
    hubs = store.read(
        "MATCH (a:Author)-[c:CO_AUTHOR]-(:Author) RETURN a.id AS id, count(c) AS d "
        "ORDER BY d DESC, id LIMIT $k",
        {"k": HUBS},
    ).rows
    authors = [r["id"] for r in store.read("MATCH (a:Author) RETURN a.id AS id").rows]
    papers = store.read("MATCH (p:Paper) RETURN p.id AS id, p.title AS title LIMIT 20000").rows
    names = {
        r["id"]: r["name"]
        for r in store.read("MATCH (a:Author) RETURN a.id AS id, a.name AS name").rows
    }
    hub_ids = [h["id"] for h in hubs]
    topics = store.read(
        "MATCH (t:Topic)<-[:HAS_TOPIC]-(p:Paper) RETURN t.id AS id, count(p) AS d "
        "ORDER BY d DESC, id LIMIT 10"
    ).rows
    rest = rng.sample([a for a in authors if a not in set(hub_ids)], max(0, n - HUBS))
    queries = []
    for a in rng.sample(authors, 150):
        surname = names[a].split()[-1]
        queries += [surname, surname[:4], _typo(surname, rng)]
    for p in rng.sample(papers, 50):
        words = [w for w in p["title"].split() if len(w) > 3][:2]
        if words:
            queries.append(" ".join(words))
    return {
        "hubs": hub_ids,
        "hub_degrees": [h["d"] for h in hubs],
        "authors": rest,
        "papers": [p["id"] for p in rng.sample(papers, min(200, len(papers)))],
        "queries": queries,
        "topics": [t["id"] for t in topics],
    }


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def start_server(data_dir: Path, graph: str, port: int, workers: int = 1) -> subprocess.Popen:
    env = {
        **os.environ,
        "GRAPHSVC_DATA_DIR": str(data_dir),
        "GRAPHSVC_GRAPH_NAME": graph,
        "GRAPHSVC_RATE_LIMIT_PER_MINUTE": "100000000",
        "GRAPHSVC_LOG_LEVEL": "warning",
        "GRAPHSVC_FALKORDB_START_TIMEOUT": "600",
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "graphsvc.api.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    return wait_ready(proc, port)


def timed(client: httpx.Client, path: str, params: dict | None = None) -> float:
    t = time.perf_counter()
    r = client.get(path, params=params)
    ms = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"{path} {params}: {r.status_code} {r.text[:200]}")
    return ms


def latency(client: httpx.Client, ids: dict[str, list[Any]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for depth, limit in ((1, 100), (2, 200)):
        for group in ("hubs", "authors"):
            ms = [
                timed(client, "/graph/slice", {"center": a, "depth": depth, "limit": limit})
                for a in ids[group]
            ]
            out[f"slice d{depth} l{limit} {group}"] = summary(ms)
        allms = [
            timed(client, "/graph/slice", {"center": a, "depth": depth, "limit": limit})
            for a in ids["hubs"] + ids["authors"]
        ]
        out[f"slice d{depth} l{limit} all"] = summary(allms)
    out["slice d1 l100 top-10 topics"] = summary(
        [timed(client, "/graph/slice", {"center": t}) for t in ids["topics"] * 3]
    )
    out["slice d1 papers"] = summary(
        [timed(client, "/graph/slice", {"center": p}) for p in ids["papers"]]
    )
    out["profile"] = summary([timed(client, f"/authors/{a}") for a in ids["hubs"] + ids["authors"]])
    for group in ("hubs", "authors"):  # first page, by tie strength (all ties are sorted)
        out[f"collaborators {group}"] = summary(
            [timed(client, f"/authors/{a}/collaborators") for a in ids[group]]
        )
    out["search"] = summary([timed(client, "/search", {"q": q}) for q in ids["queries"]])
    return out


def throughput(base: str, ids: dict[str, list[Any]], clients: int, seconds: float) -> dict:
    """Each client loops over slice / profile / search requests until the time is up."""
    stop = time.monotonic() + seconds
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def work(k: int) -> None:
        rng = random.Random(k)
        mine: list[float] = []
        with httpx.Client(base_url=base, timeout=60) as c:
            while time.monotonic() < stop:
                a = rng.choice(ids["authors"] + ids["hubs"])
                kind = rng.randrange(3)
                try:
                    if kind == 0:
                        mine.append(timed(c, "/graph/slice", {"center": a, "depth": 2}))
                    elif kind == 1:
                        mine.append(timed(c, f"/authors/{a}"))
                    else:
                        mine.append(timed(c, "/search", {"q": rng.choice(ids["queries"])}))
                except Exception:  # noqa: BLE001 - counted and reported
                    errors[0] += 1
        with lock:
            lat.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    return {
        "clients": clients,
        "seconds": round(took, 1),
        "requests": len(lat),
        "rps": len(lat) / took,
        "errors": errors[0],
        **summary(lat),
    }


def compact_log(store: GraphStore) -> None:
    """Rewrite FalkorDB's append-only log after a load, so a restart reads a snapshot
    instead of replaying every load query (minutes on a busy machine)."""
    conn = getattr(getattr(store, "db", None), "connection", None)
    if conn is None:
        return
    conn.bgrewriteaof()
    while True:
        time.sleep(0.5)
        info = conn.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(graph: str, lat: dict, tp: dict, command: str, workers: int, load0: str) -> str:
    lines = [
        f"## Explorer API, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {machine()} (at the end; {load0} at the start)",
        f"- graph: {graph}",
        f"- command: `{command}`",
        f"- timings over HTTP (uvicorn, {workers} worker(s)) on a shared machine: noisy",
        "",
        "| what | n | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in lat.items():
        lines.append(
            f"| {name} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} "
            f"| {s['max']:.1f} |"
        )
    lines += [
        "",
        f"Throughput, {tp['clients']} concurrent clients, {tp['seconds']} s, mix of "
        f"slice d2 / profile / search: **{tp['rps']:.0f} requests/s**, {tp['requests']} "
        f"requests, {tp['errors']} errors, p50 {tp['p50']:.1f} ms, p99 {tp['p99']:.1f} ms.",
        "",
    ]
    if "server_cpu" in tp:
        single, many = tp["server_cpu"]
        lines += [
            f"API server process CPU (user + system): {single:.1f} s over the one-client "
            f"latency requests, {many:.1f} s over the throughput run (FalkorDB not included; "
            "with --workers > 1 only the parent process).",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--graph-name", default="graphsvc")
    ap.add_argument("--load-hepth", type=Path, help="load this hep-th tarball into an empty graph")
    ap.add_argument("--authors", type=int, default=500, help="authors for latency (20 are hubs)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--no-refresh", action="store_true", help="hub data is current: skip it")
    ap.add_argument("--no-append", action="store_true", help="print only")
    args = ap.parse_args(argv)
    command = "python bench/bench_explorer.py " + " ".join(argv or sys.argv[1:])

    settings = Settings(
        data_dir=args.data_dir,
        graph_name=args.graph_name,
        _env_file=None,
        falkordb_start_timeout=600,
    )
    store = open_store(settings)
    try:
        counts = {r["label"]: r["count"] for r in store.run("stats_labels").rows}
        if not counts.get("Paper") and args.load_hepth:
            from loaders.pipeline import load_paths

            t = time.perf_counter()
            load_paths(store, settings, "hepth", [args.load_hepth])
            print(f"loaded {args.load_hepth} in {time.perf_counter() - t:.1f} s", flush=True)
            compact_log(store)
            counts = {r["label"]: r["count"] for r in store.run("stats_labels").rows}
        if not counts.get("Paper"):
            raise SystemExit(f"the graph in {args.data_dir} is empty; pass --load-hepth")
        load0 = "load avg " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
        if args.no_refresh:
            hub_note = "hub data already current (--no-refresh)"
        else:
            t = time.perf_counter()
            hubs = refresh_hubs(store)
            hub_note = f"{hubs} hubs refreshed in {time.perf_counter() - t:.1f} s"
        print(hub_note, flush=True)
        ids = pick_ids(store, args.authors, args.seed)
        print(f"graph {counts}; hub co-author degrees {ids['hub_degrees'][:5]}...", flush=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = start_server(args.data_dir, args.graph_name, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                for q in ids["queries"][:20]:  # warm-up: builds the full-text indexes
                    timed(client, "/search", {"q": q})
                for a in ids["hubs"][:5] + ids["authors"][:20]:
                    timed(client, "/graph/slice", {"center": a, "depth": 2})
                    timed(client, f"/authors/{a}")
                cpu0 = process_cpu(server.pid)
                lat = latency(client, ids)
            cpu1 = process_cpu(server.pid)
            tp = throughput(base, ids, args.clients, args.seconds)
            tp["server_cpu"] = (cpu1 - cpu0, process_cpu(server.pid) - cpu1)
        finally:
            server.terminate()
            server.wait(30)
    finally:
        store.close()
    graph = ", ".join(f"{v:,} {k}" for k, v in sorted(counts.items()) if v) + f"; {hub_note}"
    text = report(graph, lat, tp, command, args.workers, load0)
    print(text)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write("\n" + text)
        print(f"appended to {RESULTS}")


if __name__ == "__main__":
    main()
