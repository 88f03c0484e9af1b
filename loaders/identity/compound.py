"""Compound surnames written two ways: "A. González Ruiz" beside "A. González-Ruiz".

A name's surname is read as its last word, so "A. González Ruiz" falls in the block
"ruiz a" while "A. González-Ruiz" and "M. R. Rahimitabar" fall in "gonzalezruiz a" and
"rahimitabar m": one person in two blocks, never compared. `CompoundSurnames` rewrites
the spaced form to the compound one ("A. González-Ruiz", "M. R. Rahimitabar") when the
input itself spells that compound, with the same first initial; otherwise the name is
left as it is ("J. Antonio García" stays, as no "J. Antonio-García" or "J. Antoniogarcia"
is written anywhere). The resolver then compares the two forms in one block, on the usual
evidence. Surnames whose umlauts are also written "ue" ("Luest" beside "Lüst") are rewritten
the same way (`loaders.identity.umlauts`).
"""

from __future__ import annotations

from collections.abc import Iterable

from loaders.identity.umlauts import UmlautSurnames, digraph_block, folded_block
from loaders.names import block_key, fold_ascii, name_parts, normalize_name


def joined_block(name: str) -> str | None:
    """The block of the compound reading of `name` ("A. González Ruiz" -> "gonzalezruiz a"),
    or None when its last given part is an initial or its surname has several parts."""
    given, surname = name_parts(name)
    if len(given) < 2 or len(given[-1]) < 2 or len(surname) != 1:
        return None
    return f"{given[-1]}{surname[0]} {given[0][0]}"


def split_block(name: str) -> str | None:
    """The block of the spaced reading of a hyphenated surname ("A. González-Ruiz" ->
    "ruiz a"), or None when the surname is one word."""
    given, surname = name_parts(name)
    if len(surname) < 2 or not given:
        return None
    return f"{surname[-1]} {given[0][0]}"


def neighbour_blocks(name: str) -> set[str]:
    """Blocks that may hold the same person under another spelling of a compound surname:
    the joined and the split reading, and for a one-word surname the blocks of its possible
    spaced forms ("P. Ramadevi" -> "devi p" for "P. Rama Devi", ...; both parts at least
    3 letters), and the blocks of its surname written with umlauts or with "ue" ("Lüst" /
    "Luest"). An incremental load reads them with the name's own block."""
    out = {b for b in (joined_block(name), split_block(name), digraph_block(name),
                       folded_block(name)) if b}  # fmt: skip
    given, surname = name_parts(name)
    if given and len(surname) == 1:
        word = surname[0]
        out |= {f"{word[k:]} {given[0][0]}" for k in range(3, len(word) - 2)}
    return out


def related(name: str, blocks: set[str]) -> bool:
    """True when `name` is in one of `blocks` or may be another spelling of a name there."""
    return block_key(name) in blocks or not neighbour_blocks(name).isdisjoint(blocks)


class CompoundSurnames:
    """The compound surnames spelled in a set of names, and the rewrite of spaced forms."""

    def __init__(self, names: Iterable[str]) -> None:
        names = set(names)
        self._umlauts = UmlautSurnames(names)
        # block -> some name there has a surname of several parts (hyphen, space, particle)
        self._hyphenated: dict[str, bool] = {}
        for n in names:
            b = block_key(n)
            if b:
                spaced = len(name_parts(n)[1]) > 1
                self._hyphenated[b] = self._hyphenated.get(b, False) or spaced

    def rewrite(self, name: str) -> str:
        """`name` in its compound form when the input spells that compound, with its surname's
        "ue" as "u" where the input writes the umlaut (`UmlautSurnames`), else unchanged."""
        name = self._umlauts.rewrite(name)
        target = joined_block(name)
        if target is None or target not in self._hyphenated or target == block_key(name):
            return name
        words = normalize_name(name).split()
        if len(words) < 3:
            return name
        given, surname = name_parts(name)
        last_two = [fold_ascii(w).lower().strip(".") for w in words[-2:]]
        if last_two != [given[-1], surname[0]]:
            return name  # a form this rewrite cannot place ("Odintsov, S. D.", particles)
        joiner = "-" if self._hyphenated[target] else ""
        second = words[-1] if joiner else words[-1].lower()
        return " ".join([*words[:-2], words[-2] + joiner + second])
