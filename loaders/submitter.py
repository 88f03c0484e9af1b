"""The submitter among a paper's authors: the one author a `From:` name can only be."""

from __future__ import annotations

import re

from loaders.identity.features import ParsedName, compare_given, parse_name
from loaders.identity.umlauts import fold_digraphs
from loaders.model import AuthorRef

_TITLE = re.compile(r"^(?:(?:dr|prof|professor|mr|mrs|ms)\b\.?\s+)+", re.IGNORECASE)


def readings(submitter: str) -> list[ParsedName]:
    """The ways a submitter's name may be read: as written without a title ("Dr. A. Toon"),
    and surname first ("Zhang Wei", "LI YOU-QUAN", "Harnad John")."""
    words = _TITLE.sub("", submitter.strip()).split()
    if len(words) < 2:
        return []
    forms = [" ".join(words), " ".join([*words[1:], words[0]])]
    return [p for p in map(parse_name, forms) if p.surname and p.given]


def _fits(author: ParsedName, submitter: ParsedName) -> bool:
    """The same surname (umlauts written "oe" or not) and given names that do not conflict."""
    same = fold_digraphs(author.surname) == fold_digraphs(submitter.surname)
    return same and compare_given(author, submitter) is not None


def submitter_position(authors: list[AuthorRef], submitter: str) -> int | None:
    """Index of the one author whose name fits `submitter` (the same surname, umlauts
    written "oe" or not, given names that do not conflict), read as written or, when no
    author fits that, surname first; None when no author or several fit (two authors of one
    surname that the submitter's name does not tell apart)."""
    names = [parse_name(a.name) for a in authors]
    for wanted in readings(submitter):
        fits = [i for i, p in enumerate(names) if _fits(p, wanted)]
        if fits:
            return fits[0] if len(fits) == 1 else None
    return None


def with_submitter_email(authors: list[AuthorRef], submitter: str, email: str) -> list[AuthorRef]:
    """`authors` with `email` given to the author `submitter` names (unchanged when none is,
    or when that author already has an address)."""
    i = submitter_position(authors, submitter)
    if i is None or authors[i].email:
        return authors
    out = list(authors)
    out[i] = authors[i].model_copy(update={"email": email})
    return out
