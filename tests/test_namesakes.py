"""An author's namesakes (same identity block, given names that fit) are never recommended."""

from __future__ import annotations

import numpy as np
import pytest

from loaders.identity.features import compare_given, parse_name
from loaders.names import block_key
from queries.namesakes import Namesakes
from queries.recommend import build_index, recommend


def test_namesakes_share_a_block_and_fitting_given_names():
    names = ["H. Saleur", "Hubert Saleur", "Herbert Saleur", "H. Saleur", "P. Ruelle",
             "Philippe Ruelle", "Paul Ruelle", "Hubert Saleurs"]  # fmt: skip
    ns = Namesakes(names, [None, "saleur h", None, None, None, None, None, None])
    assert ns.of(1).tolist() == [0, 3]  # not Herbert: another first name
    assert ns.of(0).tolist() == [1, 2, 3]  # "H." fits both; which one it is, nobody knows
    assert ns.of(4).tolist() == [5, 6] and ns.of(5).tolist() == [4]
    assert ns.of(7).tolist() == []  # another surname
    nodes = np.array([7, 0, 1, 2, 3, 4])
    assert ns.mask(1, nodes).tolist() == [False, True, False, False, True, False]


@pytest.fixture(scope="module")
def index(sample_store):
    return build_index(sample_store)


def _is_namesake(a: str, b: str) -> bool:
    return block_key(a) == block_key(b) and compare_given(parse_name(a), parse_name(b)) is not None


def test_no_author_is_suggested_their_namesake(index):
    g = index.graph
    had = 0
    for i in range(g.n):
        ranked = index.ranked(i).nodes
        if not len(ranked):
            continue
        mine = index.names[i]
        had += any(_is_namesake(mine, index.names[j]) for j in ranked[:20].tolist())
        total, page = recommend(index, g.keys[i], limit=100)
        assert not [r["name"] for r in page if _is_namesake(mine, r["name"])], mine
        assert total == len(ranked) - int(np.isin(ranked, index.namesakes.of(i)).sum())
    assert had >= 5  # the ranking alone put a namesake among the first 20 of these authors


def test_hubert_saleur_is_not_offered_h_saleur(api, index):
    hubert = index.graph.keys[index.names.index("Hubert Saleur")]
    page = api.get(f"/authors/{hubert}/recommendations", params={"per_page": 100}).json()
    names = [r["name"] for r in page["results"]]
    assert "H. Saleur" not in names and "Herbert Saleur" in names  # Herbert: another name
