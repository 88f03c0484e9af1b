"""Recommendation speed over HTTP: a real uvicorn server (subprocess), concurrent clients.

    python bench/bench_recommend.py --data-dir DIR [--graph-name graphsvc] [--random 200]
        [--repeat 5] [--clients 1,4] [--client stdlib|httpx] [--no-append]

DIR holds an embedded FalkorDB graph (e.g. `python bench/generate.py --papers 1000000
--data-dir DIR`, or `graphsvc load hepth ...`). This process opens the store (the server then
attaches to the same embedded FalkorDB), picks the 20 highest-degree authors and --random
random authors (seed 1), starts the server, polls until the index is built (503 until then;
the build time and the server's peak RSS are reported), then measures
GET /authors/{id}/recommendations?per_page=20 from --clients threads at once: the first request
per author (cold: candidates scored), --repeat further requests with filters (cached
candidates), then one request per author with its main topic as `topic` (a filtered list,
filled up to 100 with the text neighbours in that topic). p50/p99 are printed and appended to
bench/RESULTS.md with machine, load average, date and command. Each client thread keeps one
connection open: the standard library's http.client by default (the least client-side work
per request), or httpx (`--client httpx`, 0.6-1.1 ms more per request in the runs of
bench/RESULTS.md, 2026-11-21).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import free_port, pct, wait_ready  # noqa: E402
from graphsvc.settings import Settings  # noqa: E402
from graphsvc.store import open_store  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
HUBS = 20


def start_server(data_dir: Path, graph: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "GRAPHSVC_DATA_DIR": str(data_dir), "GRAPHSVC_GRAPH_NAME": graph,
           "GRAPHSVC_RATE_LIMIT_PER_MINUTE": "100000000", "GRAPHSVC_LOG_LEVEL": "warning",
           "GRAPHSVC_FALKORDB_START_TIMEOUT": "600"}  # fmt: skip
    cmd = [sys.executable, "-m", "uvicorn", "graphsvc.api.app:create_app", "--factory",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
           "--no-access-log"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    return wait_ready(proc, port)


def wait_for_index(client: httpx.Client, author: str) -> float:
    """Seconds until the recommendation index answers (503 while it is being built)."""
    t = time.perf_counter()
    while True:
        r = client.get(f"/authors/{author}/recommendations", params={"per_page": 20})
        if r.status_code == 200:
            return time.perf_counter() - t
        if r.status_code != 503:
            raise SystemExit(f"{author}: HTTP {r.status_code} {r.text[:200]}")
        time.sleep(1.0)


def peak_rss_mb(pid: int, field: str = "VmHWM") -> float:
    """VmHWM (peak) or another /proc status field of a process, MB; 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class StdlibClient:
    """One keep-alive HTTP/1.1 connection (http.client)."""

    def __init__(self, base: str) -> None:
        url = urlsplit(base)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)

    def get(self, path: str, params: dict) -> tuple[int, bytes]:
        self.conn.request("GET", f"{path}?{urlencode(params)}")
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.conn.close()


class HttpxClient:
    """One httpx client (its own connection pool)."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=600)

    def get(self, path: str, params: dict) -> tuple[int, bytes]:
        response = self.client.get(path, params=params)
        return response.status_code, response.content

    def close(self) -> None:
        self.client.close()


CLIENTS = {"stdlib": StdlibClient, "httpx": HttpxClient}


def run_concurrent(
    base: str, jobs: list[tuple[str, dict]], clients: int, kind: str = "stdlib"
) -> list[tuple[float, int, Counter]]:
    """(latency ms, results, results per tier) of `jobs` spread over `clients` threads, each
    with its own connection."""
    chunks = [jobs[k::clients] for k in range(clients)]

    def work(chunk: list[tuple[str, dict]]) -> list[tuple[float, int, Counter]]:
        client = CLIENTS[kind](base)
        try:
            return [timed(client, a, p) for a, p in chunk]
        finally:
            client.close()

    with ThreadPoolExecutor(clients) as pool:
        return [x for part in pool.map(work, chunks) for x in part]


def timed(
    client: StdlibClient | HttpxClient, author: str, params: dict
) -> tuple[float, int, Counter]:
    t = time.perf_counter()
    status, body = client.get(f"/authors/{author}/recommendations", {"per_page": 20, **params})
    ms = (time.perf_counter() - t) * 1000
    if status != 200:
        raise SystemExit(f"{author}: HTTP {status} {body[:200]!r}")
    results = json.loads(body)["results"]
    return ms, len(results), Counter(x.get("tier") for x in results)


def main_topic(store, author: str) -> str | None:
    """The topic of most of the author's papers (then the smaller id)."""
    rows = store.read(
        "MATCH (:Author {id: $id})-[:AUTHORED]->(:Paper)-[:HAS_TOPIC]->(t:Topic) "
        "RETURN t.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 1", {"id": author}).rows
    return rows[0]["id"] if rows else None


def stats(values: list[float]) -> str:
    p50, p99 = pct(values, 50), pct(values, 99)
    return f"n={len(values)} p50={p50:.1f} ms p99={p99:.1f} ms max={max(values):.1f} ms"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--graph-name", default="graphsvc")
    ap.add_argument("--random", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--clients", type=lambda t: [int(x) for x in t.split(",")], default=[1, 4],
                    help="concurrent clients, one pass per value (e.g. 1,4)")  # fmt: skip
    ap.add_argument("--client", choices=sorted(CLIENTS), default="stdlib",
                    help="HTTP client of the measuring threads")  # fmt: skip
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args(argv)
    settings = Settings(data_dir=args.data_dir, graph_name=args.graph_name, _env_file=None)
    store = open_store(settings)
    try:
        hubs = store.read(
            "MATCH (a:Author)-[c:CO_AUTHOR]-(:Author) RETURN a.id AS id, "
            "count(c) AS d ORDER BY d DESC, id LIMIT $k", {"k": HUBS}).rows  # fmt: skip
        everyone = [r["id"] for r in store.read("MATCH (a:Author) RETURN a.id AS id").rows]
        papers = store.read("MATCH (p:Paper) RETURN count(p) AS n").rows[0]["n"]
        rng = random.Random(1)
        hub_ids = [h["id"] for h in hubs]
        randoms = rng.sample([a for a in everyone if a not in set(hub_ids)], args.random)
        port = free_port()
        proc = start_server(args.data_dir, args.graph_name, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=600) as client:
                build = wait_for_index(client, hub_ids[0])
            load_start = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            res = {}
            for clients in args.clients:
                sample = randoms[: args.random] if clients == args.clients[0] else rng.sample(
                    [a for a in everyone if a not in set(hub_ids)], args.random)  # fmt: skip
                for name, ids in ((f"hubs, {clients} clients", hub_ids),
                                  (f"random, {clients} clients", sample)):  # fmt: skip
                    cold = run_concurrent(base, [(a, {}) for a in ids], clients, args.client)
                    variants = [{}, {"since": 2000}, {"exclude": ids[0]}] * args.repeat
                    jobs = [(a, p) for a in ids for p in variants[: args.repeat]]
                    warm = run_concurrent(base, jobs, clients, args.client)
                    topical = [(a, {"topic": t}) for a in ids if (t := main_topic(store, a))]
                    res[name] = (cold, warm, run_concurrent(base, topical, clients, args.client))
            rss, rss_now = peak_rss_mb(proc.pid), peak_rss_mb(proc.pid, "VmRSS")
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    finally:
        store.close()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"\n## Recommendations over HTTP, {now}\n",
             f"- machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"load avg {load_start} at the start, {load} at the end",
             f"- command: `python {' '.join(sys.argv)}`",
             f"- graph: {papers} papers, {len(everyone)} authors; hub degrees "
             f"{hubs[0]['d']}..{hubs[-1]['d']}; index ready after {build:.1f} s (first request"
             f" to 200); server peak RSS {rss:.0f} MB, RSS after the run {rss_now:.0f} MB",
             f"- client: {args.client} (one keep-alive connection per client thread); cold = "
             "first request per author (candidates scored); warm = repeats with filters "
             "(`since`, `exclude`)",
             ""]  # fmt: skip
    for name, (cold, warm, topical) in res.items():
        c, w = [x[0] for x in cold], [x[0] for x in warm]
        shown, per_tier = sum(x[1] for x in cold), sum((x[2] for x in cold), Counter())
        tiers = ", ".join(
            f"{per_tier[t]} from the {t} tier ({sum(1 for x in cold if x[2][t])} authors)"
            for t in ("network", "site", "text"))  # fmt: skip
        lines.append(f"- {name}: cold {stats(c)}; warm {stats(w)}; all {stats(c + w)}; first "
                     f"pages of {len(cold)} authors: {shown} results: {tiers}; filtered by "
                     f"the author's main topic (first such request, lists refilled to 100): "
                     f"{stats([x[0] for x in topical])}")  # fmt: skip
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
