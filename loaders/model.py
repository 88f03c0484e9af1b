"""The canonical record every loader produces: one Work with its authors (works-jsonl)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SITE_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"  # an institution key such as `harvard.edu`
SITE_MAX_LENGTH = 253  # the longest DNS name


class AuthorRef(BaseModel):
    """One author as a record names them. `id` and `orcid` are strong identity evidence;
    `email` (hep-th: the submitter's `From:` address, given to the author it names) is
    evidence between compatible names only (the graph keeps a digest of it, not the address)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    id: str | None = None
    orcid: str | None = None
    email: str | None = Field(None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    affiliations: list[str] = Field(default_factory=list)

    _collapse_name = field_validator("name")(lambda v: not_blank(v, "name"))

    @field_validator("affiliations")
    @classmethod
    def _collapse_affiliations(cls, v: list[str]) -> list[str]:
        return [a for a in map(collapse_blanks, v) if a]


def collapse_blanks(text: str) -> str:
    """Runs of whitespace and control characters (\\x1c-\\x1f among them) as one space, trimmed.
    Graph queries use those control characters as separators, so text never holds them."""
    return " ".join(_CONTROL.sub(" ", text).split())


def not_blank(text: str, what: str) -> str:
    """`text` with its blanks collapsed; ValueError when nothing is left."""
    text = collapse_blanks(text)
    if not text:
        raise ValueError(f"{what} is blank")
    return text


class Award(BaseModel):
    """A grant that funded a work (Crossref funder records)."""

    funder: str
    funder_id: str | None = None
    number: str | None = None


class Work(BaseModel):
    """One scholarly work. `id` is `<source>:<source id>`, e.g. `arxiv:hep-th/9201001`.

    `site` is the institution key of the paper's submitter (hep-th: the domain of the `From:`
    e-mail, e.g. `harvard.edu`): lower case and host-like, at most 253 characters."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=3, max_length=300, pattern=r"^[A-Za-z0-9_.-]+:\S+$")
    title: str = Field(min_length=1, max_length=5000)
    abstract: str | None = Field(None, max_length=100_000)
    year: int | None = Field(None, ge=1500, le=2100)
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    venue: str | None = Field(None, max_length=1000)
    issn: str | None = None
    doi: str | None = None
    topics: list[str] = Field(default_factory=list)
    authors: list[AuthorRef] = Field(default_factory=list)
    source: str | None = None
    journal_ref: str | None = None
    comments: str | None = None
    awards: list[Award] = Field(default_factory=list)
    site: str | None = Field(
        None,
        max_length=SITE_MAX_LENGTH,
        pattern=SITE_PATTERN,
        description="institution key of the paper's submitter (hep-th: the domain of the "
        "`From:` e-mail, e.g. `harvard.edu`)",
    )

    _collapse_title = field_validator("title")(lambda v: not_blank(v, "title"))


@dataclass(frozen=True)
class Rejected:
    """A record that could not be read: where it was, which field, and why."""

    location: str  # file and line or record id, e.g. "cit-HepTh-abstracts/1992/9201001.abs"
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: field {self.field!r}: {self.reason}"


ParsedRecord = Work | Rejected
