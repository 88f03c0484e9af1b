"""Load speed: full hep-th (UNWIND path, empty data dir) and a generated works-jsonl (bulk path
on a new graph, then an incremental UNWIND batch of new papers into that graph).

    python bench/bench_load.py [--hepth ../shared/data/hepth/cit-HepTh-abstracts.tar.gz]
        [--papers 1000000] [--increment 20000] [--work-dir /tmp/loadspeed-bench]
        [--synthetic-similar-k 0] [--skip-hepth] [--skip-synthetic] [--no-results]

The synthetic works come from bench/generate.py (same world, seed 1): `--papers` + `--increment`
papers are generated, the first `--papers` are bulk-loaded (`graphsvc load --bulk`), the last
`--increment` (the newest papers, mostly by authors already in the graph) are then loaded through
the UNWIND writer (`graphsvc load`). Each case runs in its own process, so its peak RSS is its
own; the FalkorDB server's peak RSS is its VmHWM. Printed per case: papers/s and edges/s over
the whole load (parse, identity, writes, SIMILAR_TO, hubs, checkpoint), CPU seconds of the
loader, its SIMILAR_TO worker and the server, peak RSS, and edges/s over the time spent in
store writes (every write call of the UNWIND path; GRAPH.BULK of the bulk path). Figures are
appended to bench/RESULTS.md.
SIMILAR_TO is off for the synthetic cases by default (`--synthetic-similar-k`): the full top k
of 1M papers is quadratic (about 2 h of CPU here by extrapolating 100k papers' 191 s).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402

DEFAULT_HEPTH = ROOT.parent / "shared" / "data" / "hepth" / "cit-HepTh-abstracts.tar.gz"


def _server_stats(pid: int | None) -> tuple[float, float]:
    """CPU seconds and peak RSS (MB) of the FalkorDB server so far."""
    if pid is None:
        return 0.0, 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    hwm = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
    return cpu, hwm


def _totals(store) -> tuple[int, int, int]:
    """Papers, nodes and edges in the graph."""
    labels = {r["label"]: r["count"] for r in store.run("stats_labels").rows}
    edges = sum(r["count"] for r in store.run("stats_relationships").rows)
    return labels.get("Paper", 0), sum(labels.values()), edges


def _time_writes(store) -> list[float]:
    """Sum the wall time of every write call of `store` into the returned one-item list."""
    spent = [0.0]
    write = store.write

    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t

    store.write = timed
    return spent


def run_case(case: str, data_dir: Path, sources: list[Path], similar_k: int) -> dict:
    """One load in this process; its figures as a dict."""
    from graphsvc.settings import Settings
    from graphsvc.store import open_store
    from loaders.pipeline import bulk_load_paths, load_paths

    fmt = "hepth" if case == "hepth" else "works-jsonl"
    settings = Settings(data_dir=data_dir, similar_k=similar_k, _env_file=None)
    store = open_store(settings)  # as `graphsvc load [--bulk]` opens it
    in_writes = _time_writes(store)
    server = store.server
    pid = server.proc.pid if server is not None and server.proc is not None else None
    try:
        papers0, nodes0, edges0 = _totals(store)
        cpu0, _ = _server_stats(pid)
        own0 = time.process_time()
        started = time.perf_counter()
        if case == "bulk":
            out = bulk_load_paths(store, settings, fmt, sources)
        else:
            out = load_paths(store, settings, fmt, sources).as_dict()
        wall = time.perf_counter() - started
        own = time.process_time() - own0
        papers1, nodes1, edges1 = _totals(store)
        server_cpu, server_hwm = _server_stats(pid)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the SIMILAR_TO worker
    finally:
        store.close()
    papers = papers1 - papers0
    # time spent writing into the store: GRAPH.BULK for the bulk path, else every write call
    store_s = out["insert_seconds"] if case == "bulk" else in_writes[0]
    return {
        "case": case,
        "papers": papers,
        "nodes_created": nodes1 - nodes0,
        "edges_created": edges1 - edges0,
        "edges_total": edges1,
        "similar_edges": out.get("similar_edges", 0),
        "rejected": out["rejected"] if isinstance(out["rejected"], int) else len(out["rejected"]),
        "wall_s": round(wall, 1),
        "papers_per_s": round(papers / wall),
        "edges_per_s": round((edges1 - edges0) / wall),
        "store_write_s": round(store_s, 1),
        "store_edges_per_s": round((edges1 - edges0) / store_s) if store_s else None,
        "loader_cpu_s": round(own, 1),
        "worker_cpu_s": round(children.ru_utime + children.ru_stime, 1),
        "server_cpu_s": round(server_cpu - cpu0, 1),
        "loader_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peak_rss_mb": round(children.ru_maxrss / 1024),
        "server_peak_rss_mb": round(server_hwm),
        "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def case_in_child(case: str, data_dir: Path, sources: list[Path], similar_k: int) -> dict:
    cmd = [sys.executable, __file__, "--case", case, "--data-dir", str(data_dir),
           "--similar-k", str(similar_k), "--source", *map(str, sources)]  # fmt: skip
    print(f"[{datetime.now(UTC):%H:%M:%S}] {case}: {sources[0]}.. -> {data_dir}", flush=True)
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(result), flush=True)
    return result


PART = 250_000  # papers per works-jsonl file: loaders.sources refuses files over 256 MB


def make_works(
    work_dir: Path, papers: int, increment: int, hepth: Path | None
) -> tuple[list[Path], Path]:
    """The base works-jsonl files and the increment's (generated once, kept for reruns)."""
    base = [work_dir / f"works-{papers}.part{i}.jsonl" for i in range(-(-papers // PART))]
    inc = work_dir / f"works-{papers}+{increment}.jsonl"
    if all(p.exists() for p in base) and inc.exists():
        return base, inc
    from bench.generate import World, checked, load_stats

    stats = load_stats(hepth, Path.home() / ".cache/graphsvc/hepth-stats.json")
    works = checked(World(stats, papers + increment, 1, 0.03).works())
    started = time.perf_counter()
    sizes = [min(PART, papers - i * PART) for i in range(len(base))]
    for path, n in zip([*base, inc], [*sizes, increment], strict=True):
        with path.open("w", encoding="utf-8") as fh:
            for w in itertools.islice(works, n):
                fh.write(w.model_dump_json(exclude_none=True, exclude_defaults=True) + "\n")
    print(f"generated {papers:,} + {increment:,} works in {time.perf_counter() - started:.0f} s")
    return base, inc


def _table(rows: list[dict]) -> str:
    head = (
        "| case | papers (rejected) | edges created | wall s | papers/s | edges/s | store write s "
        "| edges/s in store writes | CPU s loader / worker / server | peak RSS MB loader / "
        "worker / server | load avg after |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['papers']:,} ({r['rejected']}) | {r['edges_created']:,} "
            f"| {r['wall_s']} "
            f"| {r['papers_per_s']:,} | {r['edges_per_s']:,} | {r['store_write_s']} "
            f"| {r['store_edges_per_s'] or 0:,} | {r['loader_cpu_s']} / "
            f"{r['worker_cpu_s']} / {r['server_cpu_s']} | {r['loader_peak_rss_mb']} / "
            f"{r['worker_peak_rss_mb']} / {r['server_peak_rss_mb']} | {r['loadavg']} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--hepth", type=Path, default=DEFAULT_HEPTH)
    ap.add_argument("--papers", type=int, default=1_000_000)
    ap.add_argument("--increment", type=int, default=20_000)
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp/loadspeed-bench"))
    ap.add_argument("--synthetic-similar-k", type=int, default=0)
    ap.add_argument("--skip-hepth", action="store_true")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--no-results", action="store_true", help="do not append to RESULTS.md")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--source", type=Path, nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--similar-k", type=int, default=10, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:  # one case, in a child process
        print(json.dumps(run_case(args.case, args.data_dir, args.source, args.similar_k)))
        return
    started = datetime.now(UTC)
    header = machine()
    stamp = started.strftime("%Y%m%dT%H%M%S")
    rows = []
    if not args.skip_hepth:
        if not args.hepth.exists():
            raise SystemExit(f"{args.hepth}: no such file (give --hepth)")
        r = case_in_child("hepth", args.work_dir / f"hepth-{stamp}", [args.hepth], 10)
        rows.append({**r, "label": "hep-th full, UNWIND path, empty dir (k=10)"})
    if not args.skip_synthetic:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        hepth = args.hepth if args.hepth.exists() else None
        base, inc = make_works(args.work_dir, args.papers, args.increment, hepth)
        data = args.work_dir / f"synthetic-{args.papers}-{stamp}"
        k = args.synthetic_similar_k
        r = case_in_child("bulk", data, base, k)
        rows.append({**r, "label": f"synthetic {args.papers:,}, bulk path, new graph (k={k})"})
        r = case_in_child("incremental", data, [inc], k)
        rows.append({**r, "label": f"+{args.increment:,} new papers, UNWIND path (k={k})"})
    table = _table(rows)
    print(table)
    if args.no_results:
        return
    cmd = "python bench/bench_load.py " + " ".join(sys.argv[1:])
    section = (
        f"\n## Load speed (bench/bench_load.py), {started:%Y-%m-%d %H:%M} UTC\n\n"
        f"Machine: {header}. Command: `{cmd}`. Rates are over the whole load (parse, identity,\n"
        "writes, SIMILAR_TO, hubs, checkpoint); CPU seconds are the steadier figure on a shared\n"
        "machine. Target: >= 100k edges/s into the embedded store; full hep-th in <= 30 s.\n\n"
        f"{table}\n"
    )
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
        fh.write(section)


if __name__ == "__main__":
    main()
