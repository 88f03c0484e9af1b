"""Recommendation index across restarts: build time vs reading the saved copy back.

    python bench/bench_recommend_disk.py --data-dir DIR [--graph-name graphsvc] [--no-append]

Builds the index of the graph in DIR (as the first request after a start does), saves it to a
temporary folder, then reads it back with a second holder (as the next start does), checks both
answer alike for a few authors, and prints build, save and read seconds, file size and peak RSS
(appended to bench/RESULTS.md unless --no-append).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from graphsvc.settings import Settings  # noqa: E402
from graphsvc.store import open_store  # noqa: E402
from queries import recommend_disk  # noqa: E402
from queries.recommend import IndexHolder, recommend  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--graph-name", default="graphsvc")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args(argv)
    settings = Settings(data_dir=args.data_dir, graph_name=args.graph_name,
                        falkordb_start_timeout=600)  # fmt: skip
    store = open_store(settings)
    folder = Path(tempfile.mkdtemp(prefix="recommend-disk-"))
    try:
        t = time.perf_counter()
        holder = IndexHolder(store, disk_dir=folder, wait_seconds=3600)
        built = holder.get()
        build_s = time.perf_counter() - t
        t = time.perf_counter()
        holder.join()
        save_s = time.perf_counter() - t
        size_mb = (folder / recommend_disk.FILE_NAME).stat().st_size / 1e6
        authors = [built.graph.keys[i] for i in range(0, built.graph.n, max(1, built.graph.n // 5))]
        want = [recommend(built, a, limit=20) for a in authors]
        del built, holder
        gc.unfreeze()
        gc.collect()
        t = time.perf_counter()
        again = IndexHolder(store, disk_dir=folder, wait_seconds=3600).get()
        read_s = time.perf_counter() - t
        same = [recommend(again, a, limit=20) for a in authors] == want
    finally:
        store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"## Recommendation index across restarts — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {machine()}",
        f"- command: `python bench/bench_recommend_disk.py --data-dir {args.data_dir}`",
        f"- build (first start) {build_s:.1f} s; save {save_s:.1f} s ({size_mb:.0f} MB); "
        f"read back (next start) {read_s:.1f} s; same answers for {len(authors)} authors: "
        f"{same}; peak RSS {rss:.0f} MB",
    ]
    print("\n".join(lines))
    if not args.no_append:
        with (ROOT / "bench" / "RESULTS.md").open("a") as fh:
            fh.write("\n" + "\n".join(lines) + "\n")
    if not same:
        raise SystemExit("the index read back answers differently")


if __name__ == "__main__":
    main()
