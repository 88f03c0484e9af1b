"""Plain work records `(paper_id, year, [author_key, ...], [topics])` from any source."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

KeyFn = Callable[[str, str | None], str]
"""Maps (author name, author id or None) to an author key."""


class Record(NamedTuple):
    """One paper reduced to what link prediction needs."""

    paper_id: str
    year: int
    authors: tuple[str, ...]
    topics: tuple[str, ...] = ()
    text: str = ""
    """Title and abstract (for the authors' text vectors); empty when unknown."""
    site: str = ""
    """Institution key of the submitter (hep-th: the `From:` e-mail's domain); empty if unknown."""


def _fallback_name_key(name: str) -> str:
    """Surname plus first initial, accent- and case-folded (used if loaders.names is absent)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    tokens = [t for t in re.split(r"[\s.]+", text.lower()) if t]
    if not tokens:
        return name.strip().lower()
    surname = re.sub(r"[^a-z-]", "", tokens[-1])
    return f"{surname} {tokens[0][0]}" if len(tokens) > 1 else surname


def default_name_key() -> Callable[[str], str]:
    """`loaders.names.name_key` when available, else a simple surname+initial key."""
    try:
        from loaders.names import name_key  # type: ignore[import-not-found]
    except ImportError:
        return _fallback_name_key
    return name_key


def raw_key(name: str, author_id: str | None = None) -> str:
    """Identity without resolution: the raw name string (whitespace collapsed)."""
    return " ".join(name.split())


def id_or_name_key(name: str, author_id: str | None = None) -> str:
    """Author id when given, else the normalised name key."""
    return author_id if author_id else default_name_key()(name)


def _dedup(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in keys if k))


def records_from_works(works: Iterable[Any], key: KeyFn = id_or_name_key) -> Iterator[Record]:
    """Convert `loaders.model.Work` objects (anything with id/year/authors/topics); skip others."""
    for work in works:
        year = getattr(work, "year", None)
        if not hasattr(work, "authors"):  # e.g. loaders.model.Rejected
            continue
        if year is None:
            log.warning("%s: field 'year': missing, record skipped", getattr(work, "id", "?"))
            continue
        authors = _dedup(key(a.name, getattr(a, "id", None)) for a in work.authors)
        text = _text(getattr(work, "title", None), getattr(work, "abstract", None))
        topics = tuple(getattr(work, "topics", ()) or ())
        site = getattr(work, "site", None) or ""
        yield Record(str(work.id), int(year), authors, topics, text, site)


def _text(title: object, abstract: object) -> str:
    return " ".join(t for t in (title, abstract) if isinstance(t, str) and t)


def record_from_dict(obj: dict[str, Any], key: KeyFn = id_or_name_key) -> Record:
    """One works-jsonl object to a Record; raises ValueError naming the bad field."""
    pid = obj.get("id")
    if not isinstance(pid, str) or not pid:
        raise ValueError("field 'id': missing or not a string")
    year = obj.get("year")
    if not isinstance(year, int):
        raise ValueError(f"{pid}: field 'year': missing or not an integer ({year!r})")
    authors = obj.get("authors") or []
    if not isinstance(authors, list):
        raise ValueError(f"{pid}: field 'authors': not a list")
    keys = []
    for i, a in enumerate(authors):
        if not isinstance(a, dict) or not isinstance(a.get("name"), str) or not a["name"].strip():
            raise ValueError(f"{pid}: field 'authors[{i}].name': missing or blank")
        keys.append(key(a["name"], a.get("id")))
    topics = obj.get("topics") or []
    if not isinstance(topics, list):
        raise ValueError(f"{pid}: field 'topics': not a list")
    text = _text(obj.get("title"), obj.get("abstract"))
    site = obj.get("site") or ""
    if not isinstance(site, str):
        raise ValueError(f"{pid}: field 'site': not a string ({site!r})")
    return Record(pid, year, _dedup(keys), tuple(str(t) for t in topics), text, site)


def read_works_jsonl(path: str | Path, key: KeyFn = id_or_name_key) -> Iterator[Record]:
    """Read a works-jsonl file; a bad line is logged with its line number and skipped."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield record_from_dict(json.loads(line), key)
            except (ValueError, json.JSONDecodeError) as exc:
                log.warning("%s:%d: %s; record skipped", path, lineno, exc)
