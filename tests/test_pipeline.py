"""load_records end to end: SIMILAR_TO as computed, new-paper CREATE path equal to MERGE path."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.hepth import iter_hepth
from loaders.model import AuthorRef, Work
from loaders.pipeline import load_records
from loaders.similarity import docs_from_works, similar_pairs
from loaders.similarity_link import SimilarJob, compute_edges
from tests.conftest import SAMPLE
from tests.test_hostile_cypher import fingerprint


@pytest.fixture(scope="module")
def sample_works() -> list[Work]:
    return [w for w in iter_hepth([SAMPLE]) if isinstance(w, Work)]


def similar_edges(store: GraphStore) -> list[tuple[str, str, float, int]]:
    rows = store.read("MATCH (a:Paper)-[r:SIMILAR_TO]->(b:Paper) "
                      "RETURN a.id AS a, b.id AS b, r.score AS s, r.rank AS k").rows  # fmt: skip
    return sorted((r["a"], r["b"], round(r["s"], 5), r["k"]) for r in rows)


def expected_edges(works: list[Work], k: int) -> list[tuple[str, str, float, int]]:
    out, rank, prev = [], 0, None
    docs = sorted((f"paper:{i}", t) for i, t in docs_from_works(works))
    for a, b, s in similar_pairs(docs, k=k):
        rank = rank + 1 if a == prev else 1
        prev = a
        out.append((a, b, round(s, 5), rank))
    return sorted(out)


def test_similar_edges_are_the_top_k_and_a_reload_keeps_them(
    empty_store: GraphStore, sample_works: list[Work], tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=5)
    works = sample_works[:400]
    load_records(empty_store, settings, works)
    want = expected_edges(works, 5)
    assert want and similar_edges(empty_store) == want
    before = fingerprint(empty_store)
    load_records(empty_store, settings, works)  # reload: the MERGE path, edges replaced
    assert fingerprint(empty_store) == before
    assert similar_edges(empty_store) == want


def test_worker_process_computes_the_same_edges(sample_works: list[Work]) -> None:
    docs = sorted((f"paper:{i}", t) for i, t in docs_from_works(sample_works[:300]))
    new, corpus = docs[-40:], docs
    for full in (True, False):
        job = SimilarJob(new, corpus, 4, background=True)
        job.full = full  # both forms through the worker
        job._worker.stop()
        job._worker = worker = type(job._worker)((new, corpus, 4, full, None))
        assert job.edges() == compute_edges(new, corpus, 4, full)
        assert not worker._input.exists()  # the job file is gone with the worker


def _work(pid: str, *names: str, topics: tuple[str, ...] = ("hep-th",)) -> Work:
    return Work(id=f"arxiv:{pid}", title=f"Paper {pid} on strings", year=1999,
                topics=list(topics), authors=[AuthorRef(name=n) for n in names])  # fmt: skip


def _edges(store: GraphStore) -> list[tuple]:
    rows = store.read("MATCH (a:Author)-[r:AUTHORED]->(p:Paper) RETURN a.id AS a, p.id AS p, "
                      "r.position AS pos, r.name AS n").rows  # fmt: skip
    topics = store.read("MATCH (p:Paper)-[:HAS_TOPIC]->(t:Topic) RETURN p.id AS p, t.id AS t")
    return sorted(tuple(r.values()) for r in rows) + sorted(tuple(r.values()) for r in topics.rows)


def test_new_papers_take_the_create_path_with_the_merge_paths_result(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=0)
    # a name twice on one paper (identity keeps two authors) and a repeated topic (one edge)
    works = [_work("c1", "Ann Lee", "Bo Chen", "Ann Lee", topics=("hep-th", "hep-th", "gr-qc")),
             _work("c2", "Bo Chen", "Cy Diaz")]  # fmt: skip
    load_records(empty_store, settings, works)  # every paper new: CREATE path
    created, created_print = _edges(empty_store), fingerprint(empty_store)
    empty_store.clear()
    load_records(empty_store, settings, [_work("c1", "Zed Young"), _work("c2", "Zed Young")])
    load_records(empty_store, settings, works)  # papers exist: MERGE path, stale edges removed
    assert _edges(empty_store) == created
    assert fingerprint(empty_store) == created_print
    assert sum(1 for e in created if e[1] == "paper:arxiv:c1" and len(e) == 4) == 3
    assert sorted(e[1] for e in created if e[0] == "paper:arxiv:c1") == [
        "topic:gr-qc", "topic:hep-th"]  # fmt: skip


def test_an_incremental_load_writes_the_new_papers_exact_top_k(
    empty_store: GraphStore, sample_works: list[Work], tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None, similar_k=5)
    works = sample_works[:420]
    load_records(empty_store, settings, works[:400])
    load_records(empty_store, settings, works[400:])  # 5% new: stored k-th scores prune
    new = {f"paper:{w.id}" for w in works[400:]}
    want = [e for e in expected_edges(works, 5) if e[0] in new]
    assert want and [e for e in similar_edges(empty_store) if e[0] in new] == want


def test_a_repeated_paper_keeps_its_last_copy_across_batches(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Records are read twice (texts and mentions, then the write): a paper id given twice, in
    different write batches, is loaded from its last copy in every step and the other copy is
    reported. (Identity once came from the last copy while the first was also written: a
    first copy with more authors had mentions without an author, a KeyError.)"""
    settings = Settings(data_dir=tmp_path, _env_file=None, batch_size=1)
    records = [
        _work("r1", "Ann Bee", "Cid Dee", "Eve Eff"),
        _work("r2", "Ann Bee", "Gus Hay"),
        _work("r1", "Ike Jay"),
    ]
    report = load_records(empty_store, settings, records)
    assert report.written == 2 and [r.field for r in report.rejected] == ["id"]
    rows = empty_store.read("MATCH (a:Author)-[:AUTHORED]->(:Paper {id: 'paper:arxiv:r1'}) "
                            "RETURN a.name AS n").rows  # fmt: skip
    assert [r["n"] for r in rows] == ["Ike Jay"]
