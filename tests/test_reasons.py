"""Page reasons, read for a whole page at once, against dense brute force on the hep-th sample."""

from __future__ import annotations

import numpy as np
import pytest

from queries.reason_terms import EDITORIAL, command_terms, unnamed_terms
from queries.reasons import SHOWN, page_reasons, word_form
from queries.recommend import build_index, term_rarity


@pytest.fixture(scope="module")
def index(sample_store):
    return build_index(sample_store)


def _top(values: np.ndarray, allowed: np.ndarray, names: list[str] | None = None) -> list[int]:
    """Columns where `allowed`, by value (largest first), then column; at most SHOWN; with
    `names`, only the first column of each word form."""
    cols = np.flatnonzero(allowed)
    ordered = cols[np.lexsort((cols, -values[cols]))].tolist()
    if names is None:
        return ordered[:SHOWN]
    kept, forms = [], set()
    for c in ordered:
        if word_form(names[c]) not in forms:
            forms.add(word_form(names[c]))
            kept.append(c)
    return kept[:SHOWN]


def _authors_with_pages(idx, n: int = 25) -> list[int]:
    deg = np.diff(idx.graph.adj.indptr)
    return [int(i) for i in np.argsort(-deg, kind="stable")[:n] if len(idx.ranked(int(i)).nodes)]


def test_page_reasons_match_dense_brute_force(index):
    g = index.graph
    w, sites, text = g.weights.toarray(), g.sites.toarray(), g.text.toarray()
    checked = {"coauthors": 0, "sites": 0, "terms": 0}
    for i in _authors_with_pages(index):
        nodes = index.ranked(i).nodes[:40]
        for j, got in zip(nodes.tolist(), page_reasons(index, i, nodes), strict=True):
            both = (w[i] > 0) & (w[j] > 0)
            assert got["n_shared_coauthors"] == int(both.sum())
            want = [g.keys[z] for z in _top(w[i] + w[j], both)]
            assert [c["id"] for c in got["shared_coauthors"]] == want
            on_both = (sites[i] > 0) & (sites[j] > 0)
            want = [g.site_names[s] for s in _top(sites[i] * sites[j], on_both)]
            assert got["shared_sites"] == want
            product = text[i] * text[j]
            assert got["text_similarity"] == pytest.approx(float(product.sum()), abs=1e-4)
            weighted = product * index.term_rarity
            terms = _top(weighted, weighted > 0, g.text_terms)
            assert got["shared_terms"] == [g.text_terms[t] for t in terms]
            checked["coauthors"] += got["n_shared_coauthors"] > 0
            checked["sites"] += bool(got["shared_sites"])
            checked["terms"] += bool(got["shared_terms"])
    assert min(checked.values()) >= 20, checked  # every reason family was really exercised


def test_an_author_without_coauthors_shares_none(index):
    g = index.graph
    i = _authors_with_pages(index)[0]
    nodes = index.ranked(i).nodes[:5]
    lonely = np.flatnonzero(np.diff(g.weights.indptr) == 0)
    assert len(lonely), "the sample has authors without co-authors"
    got = page_reasons(index, int(lonely[0]), nodes)
    assert [r["n_shared_coauthors"] for r in got] == [0] * len(nodes)
    assert all(r["shared_coauthors"] == [] for r in got)


def test_command_terms_are_the_words_texts_write_as_tex_commands():
    texts = [r"the $\nd{S}$ matrix and $\alpha'$ corrections", r"Backl\"{u}nd transformation",
             r"an $\alpha$-deformed string", "alpha particles and the S matrix"]
    held = {"nd": 2, "alpha": 3, "matrix": 2, "string": 1, "transformation": 1}
    # nd: 1 of 2 texts as \nd; alpha: 2 of 3 as \alpha; no other term is a command
    assert command_terms(texts, held) == {"nd", "alpha"}
    assert command_terms(texts[3:], held) == set()


def test_unnamed_terms_are_commands_and_editorial_words():
    terms = ["nd", "revised", "version", "string", "brane"]
    got = unnamed_terms(terms, np.array([2, 3, 4, 5, 6]), [r"$\nd{x}$ and \nd", "string"])
    assert got.tolist() == [True, True, True, False, False]
    assert {"paper", "typos", "talk", "non"} <= EDITORIAL


def test_reasons_name_no_tex_command_or_editorial_word(index):
    """On the sample, terms such as "nd" (from "\\nd{S}") and "version" were named; they
    still count in the text similarity."""
    g = index.graph
    unnamed = index.term_rarity == 0
    assert {"nd", "version"} <= {g.text_terms[t] for t in np.flatnonzero(unnamed)}
    plain = term_rarity(g)  # no texts: the commands are not known, only editorial words
    would_have = 0
    for i in _authors_with_pages(index, 60):
        nodes = index.ranked(i).nodes[:40]
        shown = [t for r in page_reasons(index, i, nodes) for t in r["shared_terms"]]
        assert not {g.text_terms.index(t) for t in shown} & set(np.flatnonzero(unnamed))
        index.term_rarity, kept = plain, index.term_rarity
        try:
            before = {t for r in page_reasons(index, i, nodes) for t in r["shared_terms"]}
        finally:
            index.term_rarity = kept
        would_have += bool(before - set(shown))
    assert would_have > 0  # the filter changed what some page named
