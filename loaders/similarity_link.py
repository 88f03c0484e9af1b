"""SIMILAR_TO after a load: the new papers' top k, and existing papers whose top k they enter.

The edges depend only on texts: the graph's papers (read before the load writes) with the load's
own works over them. `start_similar` computes them in a separate process for a large corpus,
so the CPU work runs while the load writes nodes and edges (the store is another process);
`write_similar` then replaces the outgoing edges of every paper whose top k was recomputed.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from graphsvc.errors import LoadError
from graphsvc.store import GraphStore
from loaders.similarity import Doc, Edge, doc_text, similar_for_new, similar_pairs
from loaders.touched import Touched, mark_hubs_pending

# When a load brings this share of the corpus or more, recompute every paper's top k at once
# (the incremental form compares each new paper with every paper, which grows quadratically).
FULL_RECOMPUTE_SHARE = 0.2
# Below this many documents the edges are computed in-process (a worker costs ~1 s to start).
BACKGROUND_MIN_DOCS = 5000
# SIMILAR_TO rows are small: write them in batches of at least this many.
EDGE_BATCH = 10_000


class SimilarJob:
    """The SIMILAR_TO edges of one load, computed in a worker process or at once."""

    def __init__(
        self,
        new: list[Doc],
        corpus: list[Doc],
        k: int,
        background: bool,
        current: dict[str, tuple[int, float]] | None = None,
    ) -> None:
        self.full = is_full(new, corpus)
        # the papers whose outgoing edges are replaced: every paper after a full recompute
        self.rewritten: set[str] = {d[0] for d in (corpus if self.full else new)}
        self._worker: _Worker | None = None
        self._edges: list[Edge] | None = None
        if k <= 0 or not new:
            self._edges = []
        elif background:
            self._worker = _Worker((new, corpus, k, self.full, current))
        else:
            self._edges = compute_edges(new, corpus, k, self.full, current)

    def edges(self) -> list[Edge]:
        """The edges (waits for the worker)."""
        if self._edges is None:
            try:
                self._edges = self._worker.result()
            finally:
                self.close()
        return self._edges

    def close(self) -> None:
        """Stop the worker if it still runs (a failed load does not wait for it)."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None


class _Worker:
    """`python -m loaders.similarity_link` on a pickled job: a fresh interpreter, so nothing of
    the caller (threads, open connections, an unguarded __main__) is copied or re-run."""

    def __init__(self, job: tuple) -> None:
        fd, name = tempfile.mkstemp(prefix="graphsvc-similar-", suffix=".pickle")
        self._input = Path(name)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(job, fh, protocol=pickle.HIGHEST_PROTOCOL)
        root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH")) if p)}  # fmt: skip
        from graphsvc.store.falkor_server import _die_with_parent

        self._proc = subprocess.Popen(
            [sys.executable, "-m", "loaders.similarity_link", str(self._input)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            preexec_fn=_die_with_parent,  # a killed load leaves no worker computing
        )  # fmt: skip

    def result(self) -> list[Edge]:
        out, err = self._proc.communicate()
        if self._proc.returncode != 0:
            tail = err.decode(errors="replace").strip().splitlines()[-5:]
            raise LoadError("SIMILAR_TO worker failed: " + " | ".join(tail))
        return pickle.loads(out)

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()
        self._input.unlink(missing_ok=True)


def is_full(new: Sequence[Doc], corpus: Sequence[Doc]) -> bool:
    """Whether a load this big recomputes every paper's top k."""
    return len(new) >= FULL_RECOMPUTE_SHARE * len(corpus)


def compute_edges(
    new: Sequence[Doc],
    corpus: Sequence[Doc],
    k: int,
    full: bool,
    current: dict[str, tuple[int, float]] | None = None,
) -> list[Edge]:
    """Every paper's top k (`full`), else the new papers' and the ones they enter (`current`:
    the stored edge count and k-th score per paper, see `similar_for_new`)."""
    if full:
        return list(similar_pairs(corpus, k=k))
    return similar_for_new(new, corpus, k=k, current=current)


def start_similar(
    store: GraphStore, new: dict[str, str], k: int = 10, graph_empty: bool = False
) -> SimilarJob:
    """Read the graph's texts (none when `graph_empty`) and start computing the edges a load
    of the papers `new` (`paper:` id -> `doc_text`) changes. Call before the load writes;
    `new` replaces texts of the same ids. Texts, not works, so that a load need not hold its
    works."""
    if k <= 0 or not new:
        return SimilarJob([], [], k, background=False)
    corpus = {} if graph_empty else {r["id"]: doc_text(r["title"], r["abstract"])
                                     for r in store.run("papers_text").rows}  # fmt: skip
    corpus |= new
    docs = sorted(corpus.items())  # id order, as papers_text returns them
    new_docs = list(new.items())
    current = None
    if not is_full(new_docs, docs):
        current = {r["id"]: (r["edges"], r["kth"]) for r in store.run("existing_similar").rows}
    return SimilarJob(new_docs, docs, k, background=len(docs) >= BACKGROUND_MIN_DOCS,
                      current=current)  # fmt: skip


def write_similar(
    store: GraphStore, job: SimilarJob, batch_size: int = 2000, touched: Touched | None = None
) -> int:
    """Replace the outgoing SIMILAR_TO edges of the papers `job` recomputed; edges written.
    The edges that differ from the ones replaced (new, gone or re-scored) go to `touched`."""
    edges = job.edges()
    by_source: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for source, target, score in edges:
        by_source[source].append((target, score))
    rows = [{"source": s, "target": t, "score": score, "rank": rank}
            for s, targets in by_source.items()
            for rank, (t, score) in enumerate(targets, start=1)]  # fmt: skip
    size = max(batch_size, EDGE_BATCH)
    sources = sorted(job.rewritten | set(by_source))
    if not sources:
        return 0
    touched = touched if touched is not None else Touched()
    mark_hubs_pending(store, "similar")
    gone = store.write_batches("delete_similar_from", [{"id": s} for s in sources], size).rows
    store.write_batches("create_similar", rows, size)  # their old edges are gone: no MERGE
    if job.full:  # every paper's edges rewritten: too many to compare, refresh every hub
        touched.everything("SIMILAR_TO recomputed for every paper")
    else:
        touched.pairs.update(_changed_similar(gone, rows))
        touched.lost.update(x for r in gone for x in (r["source"], r["target"]))
    return len(rows)


def _changed_similar(gone: list[dict], written: list[dict]) -> set[tuple[str, str]]:
    """The (source, target) pairs of edges removed, added or re-scored."""
    before = {(r["source"], r["target"], r["score"]) for r in gone}
    after = {(r["source"], r["target"], r["score"]) for r in written}
    return {(s, t) for s, t, _ in before ^ after}


def _main(job_path: str) -> None:
    """Worker entry: read a pickled compute_edges job (and delete its file: a caller killed
    with kill -9 cannot), write the pickled edges to stdout."""
    path = Path(job_path)
    job = pickle.loads(path.read_bytes())
    path.unlink(missing_ok=True)
    sys.stdout.buffer.write(pickle.dumps(compute_edges(*job),
                                         protocol=pickle.HIGHEST_PROTOCOL))  # fmt: skip


if __name__ == "__main__":
    _main(sys.argv[1])
