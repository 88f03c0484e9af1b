"""German umlauts written three ways: "Dieter Lüst", "Dieter Lust" and "Dieter Luest".

Names are folded to ASCII by dropping accents, so "Lüst" and "Lust" share the block "lust d",
but the German transliteration "Luest" falls in "luest d": one person in two blocks, never
compared (on hep-th 36 such pairs of blocks: Lüst, Fröhlich, Rühl, Müller-Kirsten, Schücker,
...). `umlaut_rewrite` writes "ae", "oe", "ue" of a surname as the plain vowel, only where the
input spells that surname with the umlaut itself (same block), so "Fernando Moraes" stays
apart from "Fernando Martinez Moras": nobody writes "Morás" with an umlaut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.names import block_key, normalize_name

_TO_DIGRAPH = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_DIGRAPH = re.compile(r"(?<=[^\W\d_])([aouAOU])e")  # after a letter: "Mueller", not "Ueda"


def digraph_block(name: str) -> str | None:
    """The block of `name` with its umlauts written "ae", "oe", "ue" ("Dieter Lüst" ->
    "luest d"), or None when that changes nothing."""
    normal = normalize_name(name)
    written = normal.translate(_TO_DIGRAPH)
    if written == normal:
        return None  # no umlaut (most names: no block to compute)
    other = block_key(written)
    return other if other and other != block_key(name) else None


def fold_digraphs(word: str) -> str:
    """`word` with "ae", "oe", "ue" after a letter as the plain vowel ("Luest" -> "Lust")."""
    return _DIGRAPH.sub(r"\1", word)


def _folded(name: str) -> str | None:
    """`name` with its surname's "ae", "oe", "ue" as the plain vowel ("D. Luest" -> "D. Lust"),
    None for a name of one word or a surname without them."""
    words = normalize_name(name).split()
    if len(words) < 2:
        return None
    surname = fold_digraphs(words[-1])
    return " ".join([*words[:-1], surname]) if surname != words[-1] else None


def folded_block(name: str) -> str | None:
    """The block of `name` with the surname's "ae", "oe", "ue" written as the plain vowel
    ("D. Luest" -> "lust d"), or None when it has none."""
    folded = _folded(name)
    other = block_key(folded) if folded else None
    return other if other and other != block_key(name) else None


class UmlautSurnames:
    """The blocks whose surname the input spells with an umlaut, and the rewrite of the
    "ue" spellings of those surnames."""

    def __init__(self, names: Iterable[str]) -> None:
        self._spelled = {block_key(n) for n in set(names) if digraph_block(n)}

    def rewrite(self, name: str) -> str:
        """`name` with its surname's digraphs as plain vowels when the input spells the
        surname with umlauts ("D. Luest" -> "D. Lust" beside "Dieter Lüst"), else unchanged."""
        target = folded_block(name)
        if target is None or target not in self._spelled:
            return name
        return _folded(name) or name
