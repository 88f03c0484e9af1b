"""Time SIMILAR_TO edges (loaders.similarity) on hep-th and on a 100k-paper corpus made from it.

    python bench/bench_similarity.py [--data ../shared/data/hepth/cit-HepTh-abstracts.tar.gz]
        [--sizes full,100000] [--k 10] [--min-score 0.1] [--no-write]

Each case runs in a forked child so its peak RSS (resource.getrusage) is its own. The 100k
corpus repeats hep-th texts, each copy with 20% of its words replaced by random corpus words,
so copies resemble but do not equal their original. The incremental case runs twice: as before,
and with the old corpus's stored k-th scores (`similar_for_new(current=...)`, as a load reads
them from the graph; computing them is not timed). Figures are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from loaders.hepth import iter_hepth  # noqa: E402
from loaders.model import Work  # noqa: E402
from loaders.similarity import docs_from_works, similar_for_new, similar_pairs  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "hepth" / "cit-HepTh-abstracts.tar.gz"


def load_docs(path: Path) -> list[tuple[str, str]]:
    works = [w for w in iter_hepth([path]) if isinstance(w, Work)]
    return docs_from_works(works)


def grow(docs: list[tuple[str, str]], n: int, seed: int = 0) -> list[tuple[str, str]]:
    """`n` documents: the originals, then noisy copies (20% of words replaced)."""
    rng = random.Random(seed)
    vocab = [w for _, t in docs[:2000] for w in t.split()]
    out = list(docs[:n])
    copy = 0
    while len(out) < n:
        doc_id, text = docs[len(out) % len(docs)]
        words = text.split()
        for i in range(len(words)):
            if rng.random() < 0.2:
                words[i] = rng.choice(vocab)
        copy += 1
        out.append((f"{doc_id}#copy{copy}", " ".join(words)))
    return out


def _case(kind: str, docs, k: int, min_score: float, queue) -> None:
    start = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = start.ru_utime + start.ru_stime
    t = time.perf_counter()
    if kind == "full":
        edges = sum(1 for _ in similar_pairs(docs, k=k, min_score=min_score))
    elif kind == "incremental":  # the last 100 papers are new
        edges = len(similar_for_new(docs[-100:], docs[:-100], k=k, min_score=min_score))
    else:  # the same with the stored edges' k-th scores, as a load reads them (not timed)
        current: dict[str, tuple[int, float]] = {}
        for a, _, s in similar_pairs(docs[:-100], k=k, min_score=min_score):
            n, low = current.get(a, (0, 1.0))
            current[a] = (n + 1, min(low, s))
        start = resource.getrusage(resource.RUSAGE_SELF)
        cpu0 = start.ru_utime + start.ru_stime
        t = time.perf_counter()
        edges = len(similar_for_new(docs[-100:], docs[:-100], k=k, min_score=min_score,
                                    current=current))  # fmt: skip
    seconds = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    queue.put((seconds, cpu, usage.ru_maxrss / 1024, edges))


def run_case(kind: str, docs, k: int, min_score: float) -> tuple[float, float, float, int]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_case, args=(kind, docs, k, min_score, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="full,100000")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--min-score", type=float, default=0.1)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"hep-th abstracts not found at {args.data} (pass --data)")

    t = time.perf_counter()
    base = load_docs(args.data)
    print(f"loaded {len(base)} hep-th papers in {time.perf_counter() - t:.1f}s")
    rows = []
    for size in args.sizes.split(","):
        docs = base if size == "full" else grow(base, int(size))
        for kind in ("full", "incremental", "incremental-kth"):
            sec, cpu, peak, edges = run_case(kind, docs, args.k, args.min_score)
            label = {"full": "all pairs", "incremental": "100 new papers",
                     "incremental-kth": "100 new papers, stored k-th scores"}[kind]  # fmt: skip
            row = f"| {len(docs):,} | {label} | {sec:.1f} | {cpu:.1f} | {peak:.0f} | {edges:,} |"
            print(row, flush=True)
            rows.append(row)
    if args.no_write:
        return
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = [
        f"\n## similarity (loaders/similarity.py) — {stamp}",
        f"Machine: {machine()}. k={args.k}, min_score={args.min_score}, default chunk size, "
        "TF-IDF min_df=2, max_df=0.5. Peak RSS of a forked child, including the corpus.",
        "",
        f"Load average at the end: {os.getloadavg()[0]:.1f} (wall time grows on a busy machine).",
        "",
        "| papers | run | wall s | CPU s | peak RSS MB | edges |",
        "|---:|---|---:|---:|---:|---:|",
        *rows,
        "",
    ]
    out = ROOT / "bench" / "RESULTS.md"
    with out.open("a", encoding="utf-8") as f:
        if out.stat().st_size == 0:
            f.write("# Benchmark results\n")
        f.write("\n".join(section))
    print(f"appended to {out}")


if __name__ == "__main__":
    main()
