"""Authors whose name fits another's: possibly one person, so never recommended to each other.

Identity resolution keeps two spellings apart when no evidence joins them: on the demo sample
"H. Saleur" is five authors (papers with different co-authors, in a block that also holds
"Hubert" and "Herbert" Saleur), and each was recommended to the others and to Hubert Saleur.
Such a pair is not a collaboration to suggest: on hep-th's validation splits (1992-94 ->
1995-96 and 1993-95 -> 1996, names as written and `name_key`), 0 of the 249 candidate pairs
whose names fit went on to write together, and the ranker had put 2-5 of them among its top n
in each. The names fit when they share an identity block (surname and first initial) and
their given names do not conflict (`loaders.identity.features.compare_given`).

Under a rare surname, given names that conflict by a slip of the pen count too: "Herbert" and
"Hubert Saleur" (the demo's "Herbert Saleur" was Hubert Saleur's first suggestion), "O. N."
and "O. M. Khudaverdian". Identity cannot join those without evidence (under a common surname
such names are different people: "J. D." and "J. H. Kim"), but a list of people to work with
can leave them out at little cost. A surname is rare when its authors (every block of it)
write at most two spelled-out first names and two sets of initials (`RARE_FORMS`); two names
are close (`loaders.identity.features.close_given`) at a rapidfuzz ratio of at least 75
(Herbert / Hubert 77, Christian / Christiane 95, Alexander / Alexei 67) or when one starts the
other and has at least four letters ("Jnan" / "Jnanadeva Maharana"); two sets of initials when
they differ in one letter. Identity resolution joins close first names only with evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from loaders.identity.features import close_given, compare_given, parse_name
from loaders.names import block_key

RARE_FORMS = 2  # a rare surname: at most this many first names, as many sets of initials


class Namesakes:
    """Who shares an identity block with whom, to find an author's namesakes quickly."""

    def __init__(self, names: Sequence[str], blocks: Sequence[str | None]) -> None:
        """`blocks`: each author's stored block key (`Author.block_key`), None when the graph
        has none (then it is derived from the name)."""
        ids: dict[str, int] = {}
        self.names = names
        self.block = np.fromiter(
            (ids.setdefault(b or block_key(n), len(ids)) for n, b in zip(names, blocks,
                                                                         strict=True)),
            dtype=np.int64, count=len(names),
        )  # fmt: skip
        self.order = np.argsort(self.block, kind="stable")
        self._sorted = self.block[self.order]
        surnames: dict[str, int] = {}  # a block key is the surname and a first initial
        of_block = np.array([surnames.setdefault(b.rpartition(" ")[0] or b, len(surnames))
                             for b in ids], dtype=np.int64)  # fmt: skip
        self.surname = of_block[self.block] if len(ids) else self.block
        self._by_surname = np.argsort(self.surname, kind="stable")
        self._surnames_sorted = self.surname[self._by_surname]
        self._rare: dict[int, bool] = {}  # surname -> rare, decided when first needed

    def mask(self, i: int, nodes: np.ndarray) -> np.ndarray:
        """Per node of `nodes`: True for i's namesakes (another author of i's block whose given
        names do not conflict with i's, or are close under a rare surname). Only the nodes of i's
        block are compared by name, so a request pays for the few candidates that share the
        block, not for the block (whether a surname is rare is read once)."""
        out = (self.block[nodes] == self.block[i]) & (nodes != i)
        if out.any():
            mine = parse_name(self.names[i])
            at = np.flatnonzero(out)
            fits = []
            for j in nodes[at].tolist():
                theirs = parse_name(self.names[j])
                fits.append(compare_given(mine, theirs) is not None
                            or (close_given(mine, theirs) and self._is_rare(i)))  # fmt: skip
            out[at] = fits
        return out

    def of(self, i: int) -> np.ndarray:
        """Every namesake of i (the whole block compared)."""
        group = self._members(i)
        return group[self.mask(i, group)]

    def _members(self, i: int) -> np.ndarray:
        """The authors of i's block, i included, in index order."""
        lo, hi = np.searchsorted(self._sorted, self.block[i], side="left"), np.searchsorted(
            self._sorted, self.block[i], side="right")  # fmt: skip
        return np.sort(self.order[lo:hi])

    def _is_rare(self, i: int) -> bool:
        """Whether i's surname is written with few given names (all its blocks)."""
        surname = int(self.surname[i])
        if surname not in self._rare:
            ordered = self._surnames_sorted
            lo, hi = np.searchsorted(ordered, surname), np.searchsorted(ordered, surname, "right")
            parsed = [parse_name(self.names[j]) for j in self._by_surname[lo:hi].tolist()]
            firsts = {p.given[0] for p in parsed if p.has_full_first}
            initials = {p.initials for p in parsed if not p.has_full_first}
            self._rare[surname] = len(firsts) <= RARE_FORMS and len(initials) <= RARE_FORMS
        return self._rare[surname]

