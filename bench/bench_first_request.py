"""A first recommendation request's work in process, on a cold cache, without HTTP.

    python bench/bench_first_request.py --data-dir DIR [--graph-name graphsvc]
        [--authors 800] [--pause-ms 2] [--seed 1] [--no-append]

Reads the recommendation index the API saved in DIR (`recommend-index/<graph>/`; start the
API on DIR once, or run bench/bench_recommend.py, to write it), then for --authors random
authors times what a first request does: ranking the author's candidates
(`RecommendIndex.ranked`), making the first page of 20 with its reasons (`recommend`) and
checking and serialising it (`page_response`). Before each author it sleeps --pause-ms and
writes 32 MB, as a server's caches go cold between requests; a first request is bound by
scattered memory reads, so a warm loop would understate it 2-3x. HTTP's share is
measured by bench/bench_recommend.py. p50/p90/mean are printed and appended to
bench/RESULTS.md with machine and command.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine, pct  # noqa: E402
from graphsvc.api.models import page_response  # noqa: E402
from graphsvc.api.routes.recommend import PAGE  # noqa: E402
from queries.linkpred.profiles import profiles  # noqa: E402
from queries.linkpred.sites import site_members  # noqa: E402
from queries.linkpred.text_tier import text_postings  # noqa: E402
from queries.recommend import recommend  # noqa: E402
from queries.recommend_disk import FILE_NAME  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
SCRATCH_BYTES = 32 * 2**20


def read_index(path: Path):
    """The index the API saved (header, then the index), made ready as the API makes it."""
    with path.open("rb") as fh:
        pickle.load(fh)
        idx = pickle.load(fh)
    g = idx.graph
    if g.sites is not None:
        site_members(g)
    if g.text is not None:
        text_postings(g)
    profiles(g)
    gc.collect()
    gc.freeze()
    return idx


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--graph-name", default="graphsvc")
    ap.add_argument("--authors", type=int, default=800)
    ap.add_argument("--pause-ms", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args(argv)
    path = args.data_dir / "recommend-index" / args.graph_name / FILE_NAME
    if not path.exists():
        raise SystemExit(f"{path}: no saved index; start the API on {args.data_dir} once")
    idx = read_index(path)
    g = idx.graph
    rng = random.Random(args.seed)
    authors = [rng.randrange(g.n) for _ in range(args.authors)]
    scratch = np.ones(SCRATCH_BYTES // 8)
    times: dict[str, list[float]] = {"rank": [], "page": [], "response": [], "total": []}
    for i in authors:
        scratch += 1.0
        time.sleep(args.pause_ms / 1000)
        t0 = time.perf_counter()
        idx.ranked(i)
        t1 = time.perf_counter()
        total, rows = recommend(idx, g.keys[i])
        t2 = time.perf_counter()
        page_response(PAGE, total, None, rows)
        t3 = time.perf_counter()
        for key, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            times[key].append(seconds * 1000)
    lines = [f"- {key}: p50 {pct(v, 50):.3f} ms, p90 {pct(v, 90):.3f} ms, mean "
             f"{sum(v) / len(v):.3f} ms" for key, v in times.items()]  # fmt: skip
    command = "python bench/bench_first_request.py " + " ".join(sys.argv[1:])
    report = "\n".join([
        f"\n## First request in process, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n",
        f"- machine: {machine()}",
        f"- command: `{command}`",
        f"- graph: {g.n} authors; {args.authors} random authors (seed {args.seed}), each after "
        f"a {args.pause_ms:g} ms pause and a 32 MB write",
        *lines,
    ])  # fmt: skip
    print(report)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(report + "\n")


if __name__ == "__main__":
    main()
