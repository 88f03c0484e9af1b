"""SIMILAR_TO edges: obvious neighbours, ordering, threshold, chunking, incremental updates."""

from __future__ import annotations

import random

import numpy as np
import pytest

from loaders.names import decode_latex_accents
from loaders.similarity import doc_text, similar_for_new, similar_pairs, tfidf_fit

CORPUS = [
    ("a1", "Black hole entropy from string theory microstates and D-branes"),
    ("a2", "Counting black hole microstates with D-branes in string theory"),
    ("b1", "Lattice gauge theory simulation of quark confinement in QCD"),
    ("b2", "Quark confinement in lattice QCD simulations with gauge fields"),
    ("c1", "Integrable spin chains and the Bethe ansatz for quantum groups"),
    ("c2", "Bethe ansatz solution of integrable spin chains with quantum group symmetry"),
    ("d1", "Cosmological inflation driven by a scalar field in the early universe"),
]


def _top(edges, source):
    return [(b, s) for a, b, s in edges if a == source]


def test_obvious_neighbour_is_first():
    edges = list(similar_pairs(CORPUS, k=3, min_score=0.0, min_df=1, max_df=1.0))
    for x, y in [("a1", "a2"), ("b1", "b2"), ("c1", "c2"), ("c2", "c1")]:
        assert _top(edges, x)[0][0] == y


def test_top_k_is_sorted_bounded_and_excludes_self():
    edges = list(similar_pairs(CORPUS, k=2, min_score=0.0, min_df=1, max_df=1.0))
    for doc_id, _ in CORPUS:
        top = _top(edges, doc_id)
        assert len(top) <= 2
        assert all(b != doc_id for b, _ in top)
        scores = [s for _, s in top]
        assert scores == sorted(scores, reverse=True)
        assert all(0 < s <= 1.0 + 1e-6 for s in scores)


def test_threshold_drops_weak_pairs():
    loose = list(similar_pairs(CORPUS, k=6, min_score=0.0, min_df=1, max_df=1.0))
    strict = list(similar_pairs(CORPUS, k=6, min_score=0.3, min_df=1, max_df=1.0))
    assert all(s >= 0.3 for _, _, s in strict)
    assert set(strict) == {e for e in loose if e[2] >= 0.3}
    assert len(strict) < len(loose)
    # d1 shares no topic with anyone: no edge at a meaningful threshold
    assert _top(strict, "d1") == []


def _synthetic(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(300)]
    topics = [rng.sample(words, 25) for _ in range(12)]
    docs = []
    for i in range(n):
        t = topics[i % len(topics)]
        docs.append((f"p{i}", " ".join(rng.choices(t, k=15) + rng.choices(words, k=5))))
    return docs


@pytest.mark.parametrize("chunk", [1, 7, 64, 1000])
def test_chunk_size_does_not_change_the_result(chunk):
    docs = _synthetic(150, seed=1)
    reference = list(similar_pairs(docs, k=5, min_score=0.05, chunk_size=150))
    assert list(similar_pairs(docs, k=5, min_score=0.05, chunk_size=chunk)) == reference


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_two_threads_give_the_one_thread_result_in_order(monkeypatch, chunk):
    import loaders.similarity as sim

    docs = _synthetic(300, seed=3)
    monkeypatch.setattr(sim, "PARALLEL_MIN_DOCS", 10**9)
    reference = list(similar_pairs(docs, k=5, min_score=0.05, chunk_size=chunk))
    monkeypatch.setattr(sim, "PARALLEL_MIN_DOCS", 0)
    monkeypatch.setattr(sim, "THREADS", 2)
    assert list(similar_pairs(docs, k=5, min_score=0.05, chunk_size=chunk)) == reference
    new, old = docs[280:], docs[:280]
    assert similar_for_new(new, old, k=5, min_score=0.05, chunk_size=chunk) == (
        similar_for_new(new, old, k=5, min_score=0.05, chunk_size=64)
    )


def test_incremental_equals_full_recompute_for_touched_papers():
    docs = _synthetic(200, seed=2)
    old, new = docs[:180], docs[180:]
    inc = similar_for_new(new, old, k=5, min_score=0.05, chunk_size=16)
    full = list(similar_pairs(docs, k=5, min_score=0.05))
    new_ids = {d for d, _ in new}
    sources = {a for a, _, _ in inc}
    assert new_ids <= sources
    # existing papers reported are exactly those whose full top k now holds a new paper
    touched = {a for a, b, _ in full if b in new_ids and a not in new_ids}
    assert sources - new_ids == touched
    assert touched, "the synthetic topics should make some old paper pick a new one"
    assert sorted(inc) == sorted(e for e in full if e[0] in sources)


def test_bad_input_is_reported():
    with pytest.raises(ValueError, match="'x'"):
        list(similar_pairs([("x", "a b"), ("x", "c d")]))
    with pytest.raises(ValueError, match="k must be"):
        list(similar_pairs(CORPUS, k=0))
    assert list(similar_pairs([("only", "one paper")])) == []
    # empty texts have no neighbours and do not break the run
    edges = list(similar_pairs([*CORPUS, ("e", ""), ("f", "the of and")], k=3, min_df=1))
    assert not [e for e in edges if "e" in e[:2] or "f" in e[:2]]


def test_doc_text_joins_title_and_abstract():
    assert doc_text("Title", None) == "Title"
    assert doc_text("Title", "Abstract.") == "Title Abstract."


def _stored(edges) -> dict[str, tuple[int, float]]:
    """Per paper: its edge count and lowest score, as `existing_similar` reads them back."""
    out: dict[str, tuple[int, float]] = {}
    for a, _, s in edges:
        n, low = out.get(a, (0, 1.0))
        out[a] = (n + 1, min(low, s))
    return out


def test_incremental_with_stored_kth_scores_rewrites_the_same_papers():
    from loaders.similarity import _entered, tfidf_matrix

    docs = _synthetic(400, seed=3)
    old, new = docs[:380], docs[380:]
    current = _stored(similar_pairs(old, k=5, min_score=0.05))
    plain = similar_for_new(new, old, k=5, min_score=0.05, chunk_size=16)
    pruned = similar_for_new(new, old, k=5, min_score=0.05, chunk_size=16, current=current)
    assert sorted(pruned) == sorted(plain)
    # and it recomputed far fewer existing papers than "every paper similar to a new one"
    X = tfidf_matrix([t for _, t in docs])
    is_new = np.zeros(len(docs), dtype=bool)
    is_new[380:] = True
    ids = [d for d, _ in docs]
    few = _entered(X, np.arange(380, 400), is_new, ids, current, 5, 0.05, 16)
    similar_at_all = ((X[380:] @ X[:380].T).toarray() >= 0.05).any(axis=0).sum()
    assert len({a for a, _, _ in plain} - {d for d, _ in new}) <= len(few) < similar_at_all / 2


def test_accents_written_in_latex_are_letters_of_their_words():
    """"Poincar\\'e" is the word of "Poincare" elsewhere, not "poincar" (hep-th: 395 papers
    write it so, 377 "K\\"ahler", 314 "Schr\\"odinger")."""
    texts = [r"Poincar\'e invariance of K\"ahler manifolds", "Poincare group on Kahler spaces",
             r"The Schr{\"o}dinger equation", "Schrodinger picture", r"a \cal N = 2 model",
             "unrelated words here"]  # fmt: skip
    _, terms = tfidf_fit(texts)
    assert {"poincare", "kahler", "schrodinger"} <= set(terms)
    assert not {"poincar", "ahler", "schr", "dinger", "odinger"} & set(terms)
    assert decode_latex_accents(r"\vec{x} \cite{a}") == r"\vec{x} \cite{a}"  # other commands
