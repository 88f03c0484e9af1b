"""Which text terms a recommendation's `shared_terms` may name.

The text similarity is computed over every term of the two authors' vectors (the ranker was
fitted so), but a reason names subject words only: not TeX commands taken for words
("\\nd{S}" gave "nd", shown to John Ellis on the demo sample; "\\rightarrow", "\\frac"), nor
words about the manuscript rather than its subject ("revised version", "typos corrected",
"talk presented at"). Terms left out here still count in `text_similarity`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np

COMMAND_SHARE = 1 / 3
"""A term is a TeX command when at least this share of the texts holding it write it as
`\\term`. On full hep-th: 258 terms at a half, 320 at a third ("nd" is 3 of 8: the others are
accents such as "Backl\\"{u}nd" read as "u nd")."""

EDITORIAL = frozenset({
    "abstract", "added", "appear", "appeared", "appendix", "article", "comment", "comments",
    "conference", "contribution", "discussion", "discussions", "erratum", "figure",
    "figures", "file", "files", "journal", "latex", "lecture", "lectures", "letter",
    "macros", "manuscript", "minor", "misprints", "note", "notes", "pages", "paper",
    "papers", "postscript", "preprint", "presented", "proceedings", "ps", "published",
    "reference", "references", "replaced", "report", "review", "revised", "revtex",
    "section", "sections", "submitted", "talk", "talks", "tex", "text", "typos",
    "updated", "uuencoded", "version", "versions", "withdrawn", "workshop",
    "anti", "multi", "new", "non", "pre", "quasi", "semi",
})  # fmt: skip
"""Words about the manuscript, its versions and where it was given, not about its subject; and
prefixes a hyphen cut off that say nothing alone (the "non" of "non-perturbative": 172 of the
terms shown to 400 random hep-th authors' first pages)."""

_COMMAND = re.compile(r"\\([A-Za-z]+)")


def command_terms(texts: Iterable[str], held: Mapping[str, int]) -> set[str]:
    """The terms (`held`: term -> number of `texts` holding it, as the vectoriser counts it)
    that at least COMMAND_SHARE of the texts holding them write as a TeX command, case
    folded. Only texts with a backslash are searched."""
    as_command: Counter[str] = Counter()
    for text in texts:
        if "\\" in text:  # a text's few commands looked up in `held`, never `held` scanned
            as_command.update({t for t in map(str.lower, _COMMAND.findall(text)) if t in held})
    return {t for t, n in as_command.items() if n >= COMMAND_SHARE * held[t]}


def unnamed_terms(terms: list[str], papers: np.ndarray, texts: Iterable[str]) -> np.ndarray:
    """Per term (`papers`: how many of `texts` hold each): True when a reason must not name
    it, a TeX command or an editorial word."""
    commands = command_terms(texts, dict(zip(terms, papers.tolist(), strict=True)))
    return np.array([t in commands or t in EDITORIAL for t in terms], dtype=bool)
