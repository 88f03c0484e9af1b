"""SIMILAR_TO after a load: the new papers' top k, and existing papers whose top k they enter."""

from __future__ import annotations

from collections import defaultdict

from graphsvc.store import GraphStore
from loaders.model import Work
from loaders.similarity import doc_text, similar_for_new, similar_pairs

# When a load brings this share of the corpus or more, recompute every paper's top k at once
# (the incremental form compares each new paper with every paper, which grows quadratically).
FULL_RECOMPUTE_SHARE = 0.2


def refresh_similar(store: GraphStore, works: list[Work], k: int = 10,
                    batch_size: int = 2000) -> int:  # fmt: skip
    """Rewrite the SIMILAR_TO edges a load changes; the number of edges written."""
    if k <= 0 or not works:
        return 0
    corpus = [(r["id"], doc_text(r["title"], r["abstract"]))
              for r in store.run("papers_text").rows]  # fmt: skip
    new = [(f"paper:{w.id}", doc_text(w.title, w.abstract)) for w in works]
    if len(new) >= FULL_RECOMPUTE_SHARE * len(corpus):
        edges = list(similar_pairs(corpus, k=k))
    else:
        edges = similar_for_new(new, corpus, k=k)
    by_source: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for source, target, score in edges:
        by_source[source].append((target, score))
    rows = [{"source": s, "target": t, "score": score, "rank": rank}
            for s, targets in by_source.items()
            for rank, (t, score) in enumerate(targets, start=1)]  # fmt: skip
    store.write_batches("delete_similar_from", [{"id": s} for s in by_source], batch_size)
    store.write_batches("upsert_similar", rows, batch_size)
    return len(rows)
