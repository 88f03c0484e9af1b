"""The submitter among a paper's authors: the one author a `From:` name can only be."""

from __future__ import annotations

from loaders.identity.features import compare_given, parse_name
from loaders.model import AuthorRef


def submitter_position(authors: list[AuthorRef], submitter: str) -> int | None:
    """Index of the one author whose name fits `submitter` (the same surname, given names
    that do not conflict); None when no author or several fit (two authors of one surname
    that the submitter's name does not tell apart)."""
    wanted = parse_name(submitter)
    if not wanted.surname:
        return None
    fits = [i for i, a in enumerate(authors)
            if (p := parse_name(a.name)).surname == wanted.surname
            and compare_given(p, wanted) is not None]  # fmt: skip
    return fits[0] if len(fits) == 1 else None


def with_submitter_email(authors: list[AuthorRef], submitter: str, email: str) -> list[AuthorRef]:
    """`authors` with `email` given to the author `submitter` names (unchanged when none is,
    or when that author already has an address)."""
    i = submitter_position(authors, submitter)
    if i is None or authors[i].email:
        return authors
    out = list(authors)
    out[i] = authors[i].model_copy(update={"email": email})
    return out
