"""Crossref REST API works: JSON responses (`work`, `work-list`), citeproc JSON, or VCR cassettes.

Responses of other types (funders, members, journals, ...) hold no works and are reported.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from loaders.formats._cassettes import is_cassette, iter_responses
from loaders.formats._common import (
    clean,
    dedupe,
    iter_json_lines,
    load_json,
    normalize_doi,
    normalize_orcid,
    person_name,
    to_work,
)
from loaders.model import Rejected, Work
from loaders.sources import InputFile, iter_input_files

SOURCE = "crossref"
SUFFIXES = (".json", ".jsonl", ".yaml", ".yml")
_DATE_KEYS = ("published-print", "published-online", "published", "issued", "created")


def iter_crossref(paths: Iterable[str | Path]) -> Iterator[Work | Rejected]:
    """Parse Crossref work records from JSON files, JSON lines or VCR cassettes into Works."""
    for item in iter_input_files(paths, SUFFIXES):
        if isinstance(item, Rejected):
            yield item
        elif is_cassette(item):
            yield from _iter_cassette(item)
        elif item.name.lower().removesuffix(".gz").endswith(".jsonl"):
            for entry in iter_json_lines(item):
                if isinstance(entry, Rejected):
                    yield entry
                else:
                    yield from from_response(*entry)
        else:
            value = load_json(item)
            if isinstance(value, Rejected):
                yield value
            else:
                yield from from_response(item.name, value)


def _iter_cassette(file: InputFile) -> Iterator[Work | Rejected]:
    for entry in iter_responses(file):
        if isinstance(entry, Rejected):
            yield entry
            continue
        location, status, value = entry
        if status != 200:
            yield Rejected(location, "status", f"HTTP {status}: {_error_text(value)}")
            continue
        yield from from_response(location, value)


def _error_text(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("message"), list):
        return "; ".join(str(m.get("message", m)) for m in value["message"] if m)[:300]
    return str(value)[:300]


def from_response(location: str, value: Any) -> Iterator[Work | Rejected]:
    """Works in one Crossref response: `{"message-type": "work"|"work-list", "message": ...}`,
    a bare work (citeproc JSON) or `{"items": [...]}`."""
    if isinstance(value, dict) and "message-type" in value:
        kind, message = value["message-type"], value.get("message")
        if kind == "work":
            yield work_to_work(location, message)
            return
        if kind == "work-list" and isinstance(message, dict):
            items = message.get("items") or []
            if not items:
                yield Rejected(location, "items", "the work-list is empty")
            for index, item in enumerate(items):
                yield work_to_work(f"{location} item {index}", item)
            return
        yield Rejected(location, "message-type", f"a {kind!r} response holds no works")
        return
    if isinstance(value, dict) and "DOI" in value:
        yield work_to_work(location, value)
    elif isinstance(value, dict) and isinstance(value.get("items"), list):
        for index, item in enumerate(value["items"]):
            yield work_to_work(f"{location} item {index}", item)
    else:
        yield Rejected(location, "file", "not a Crossref works response")


def work_to_work(location: str, item: Any) -> Work | Rejected:
    """One Crossref work object -> Work."""
    if not isinstance(item, dict):
        return Rejected(location, "record", f"expected a JSON object, got {type(item).__name__}")
    doi = normalize_doi(item.get("DOI"))
    if not doi:
        return Rejected(location, "DOI", "work has no DOI")
    location = f"{location} [doi:{doi}]"
    date, year = _date(item)
    authors = [a for a in (_author(a) for a in _list(item.get("author"))) if a]
    return to_work(
        location,
        {
            "id": f"doi:{doi}",
            "title": _first(item.get("title")),
            "abstract": _strip_jats(item.get("abstract")),
            "year": year,
            "date": date,
            "venue": _first(item.get("container-title")),
            "issn": _first(item.get("ISSN")),
            "doi": doi,
            "topics": dedupe([clean(s) or "" for s in _list(item.get("subject"))]),
            "authors": authors,
            "source": SOURCE,
            "awards": _awards(item.get("funder")),
        },
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _first(value: Any) -> str | None:
    """First non-blank string of a Crossref list field, HTML entities (`&amp;`) decoded."""
    values = [value] if isinstance(value, str) else _list(value)
    found = next((c for c in (clean(v) for v in values) if c), None)
    return html.unescape(found) if found else None


def _date(item: dict[str, Any]) -> tuple[str | None, int | None]:
    """Earliest full date and its year from Crossref's `date-parts` fields."""
    best: tuple[int, int, int] | None = None
    year: int | None = None
    for key in _DATE_KEYS:
        parts = (item.get(key) or {}).get("date-parts") if isinstance(item.get(key), dict) else None
        if not parts or not isinstance(parts[0], list) or not parts[0] or parts[0][0] is None:
            continue
        numbers = [p for p in parts[0] if isinstance(p, int)]
        if not numbers:
            continue
        if year is None:
            year = numbers[0]
        if len(numbers) >= 3 and (best is None or tuple(numbers[:3]) < best):
            best = (numbers[0], numbers[1], numbers[2])
        if key in ("published-print", "published-online", "published", "issued"):
            year = min(year, numbers[0])
    date = f"{best[0]:04d}-{best[1]:02d}-{best[2]:02d}" if best else None
    return date, year


def _author(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        return None
    name = person_name(raw.get("given"), raw.get("family"), raw.get("suffix"))
    name = name or person_name(raw.get("name"))
    if not name:
        return None
    affiliations = [
        clean(a.get("name")) or "" for a in _list(raw.get("affiliation")) if isinstance(a, dict)
    ]
    return {
        "name": name,
        "orcid": normalize_orcid(raw.get("ORCID")),
        "affiliations": dedupe(affiliations),
    }


def _awards(funders: Any) -> list[dict[str, Any]]:
    awards = []
    for funder in _list(funders):
        if not isinstance(funder, dict) or not clean(funder.get("name")):
            continue
        base = {"funder": clean(funder["name"]), "funder_id": normalize_doi(funder.get("DOI"))}
        numbers = dedupe([clean(n) or "" for n in _list(funder.get("award"))])
        awards += [{**base, "number": n} for n in numbers] or [{**base, "number": None}]
    return awards


def _strip_jats(value: Any) -> str | None:
    """Crossref abstracts are JATS XML fragments: keep the text."""
    if not isinstance(value, str):
        return None
    return clean(re.sub(r"<[^>]+>", " ", value))
