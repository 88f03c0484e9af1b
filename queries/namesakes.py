"""Authors whose name fits another's: possibly one person, so never recommended to each other.

Identity resolution keeps two spellings apart when no evidence joins them: on the demo sample
"H. Saleur" is five authors (papers with different co-authors, in a block that also holds
"Hubert" and "Herbert" Saleur), and each was recommended to the others and to Hubert Saleur.
Such a pair is not a collaboration to suggest: on hep-th's validation splits (1992-94 ->
1995-96 and 1993-95 -> 1996, names as written and `name_key`), 0 of the 249 candidate pairs
whose names fit went on to write together, and the ranker had put 2-5 of them among its top n
in each. The names fit when they share an identity block (surname and first initial) and
their given names do not conflict (`loaders.identity.features.compare_given`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from loaders.identity.features import compare_given, parse_name
from loaders.names import block_key


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

    def mask(self, i: int, nodes: np.ndarray) -> np.ndarray:
        """Per node of `nodes`: True for i's namesakes (another author of i's block whose given
        names do not conflict with i's). Only the nodes of i's block are compared by name, so
        a request pays for the few candidates that share the block, not for the block."""
        out = (self.block[nodes] == self.block[i]) & (nodes != i)
        if out.any():
            mine = parse_name(self.names[i])
            at = np.flatnonzero(out)
            fits = [compare_given(mine, parse_name(self.names[j])) is not None
                    for j in nodes[at].tolist()]  # fmt: skip
            out[at] = fits
        return out

    def of(self, i: int) -> np.ndarray:
        """Every namesake of i (the whole block compared)."""
        lo, hi = np.searchsorted(self._sorted, self.block[i], side="left"), np.searchsorted(
            self._sorted, self.block[i], side="right")  # fmt: skip
        group = np.sort(self.order[lo:hi])
        return group[self.mask(i, group)]
