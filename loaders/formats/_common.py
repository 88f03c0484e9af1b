"""Helpers shared by the format parsers: reading lines, JSON, XML, dates, names, validation."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from pydantic import ValidationError

from loaders.model import Rejected, Work
from loaders.names import normalize_name
from loaders.sources import MAX_LINE_BYTES, InputFile

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def to_work(location: str, data: dict[str, Any]) -> Work | Rejected:
    """Validate `data` as a Work; a failure becomes a Rejected naming the first bad field."""
    try:
        return Work.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
        message = "is missing (null)" if first.get("input", "") is None else first["msg"]
        return Rejected(location, field, f"{message}{more}")


def iter_json_lines(file: InputFile) -> Iterator[tuple[str, Any] | Rejected]:
    """Yield `(file:line, value)` for each non-blank JSON line, or a Rejected for a bad line.

    A file whose first non-blank byte is `<` is XML, not JSON lines: one Rejected, nothing else.
    A streamed file that breaks off (truncated gzip) ends with a Rejected naming the line.
    """
    if file.head().lstrip()[:1] == b"<":
        yield Rejected(file.name, "file", "looks like XML, not JSON lines (wrong --format?)")
        return
    number = 0
    try:
        for number, raw in enumerate(file.lines(), start=1):
            location = f"{file.name}:{number}"
            if raw is None:
                yield Rejected(location, "line", f"line is over {MAX_LINE_BYTES} bytes")
                continue
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Rejected(location, "line", f"invalid UTF-8 at byte {exc.start}")
                continue
            try:
                yield location, json.loads(text)
            except json.JSONDecodeError as exc:
                yield Rejected(location, "line", f"not valid JSON: {exc.msg} at column {exc.colno}")
    except (OSError, EOFError, zlib.error) as exc:
        reason = str(exc) or type(exc).__name__
        where = f"{file.name}:{number + 1}"
        yield Rejected(where, "file", f"cannot read past line {number}: {reason}")


def load_json(file: InputFile) -> Any | Rejected:
    """Parse a whole file as one JSON document."""
    try:
        return json.loads(file.data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Rejected(file.name, "file", f"invalid UTF-8 at byte {exc.start}")
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        return Rejected(file.name, "file", f"not valid JSON: {exc.msg} at {where}")


def parse_xml(location: str, data: bytes | str) -> ET.Element | Rejected:
    """Parse an XML document; entity declarations are refused (entity-expansion attacks)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not raw.strip():
        return Rejected(location, "file", "document is empty")
    if b"<!ENTITY" in raw:
        return Rejected(location, "file", "XML entity declarations are not accepted")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        return Rejected(location, "xml", f"not well-formed XML: {exc}")


def text_of(element: ET.Element | None) -> str | None:
    """Whitespace-collapsed text of an element (None when missing or blank)."""
    if element is None:
        return None
    return clean(element.text)


def clean(value: Any) -> str | None:
    """Collapse whitespace in a string; None for missing or blank values."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def clean_block(value: Any) -> str | None:
    """Strip a multi-line text such as an abstract, joining its lines with single spaces."""
    return clean(value)


def date_from_rfc2822(value: Any) -> str | None:
    """`Mon, 2 Apr 2007 19:18:42 GMT` -> `2007-04-02` (None if unparsable)."""
    if not isinstance(value, str):
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def date_from_iso(value: Any) -> str | None:
    """`2012-01-23T21:15:02Z` or `2012-01-23` -> `2012-01-23` (None if not a real date)."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return datetime(*(int(g) for g in match.groups())).date().isoformat()
    except ValueError:
        return None


def year_of(date: str | None) -> int | None:
    """The year of an ISO date string."""
    return int(date[:4]) if date else None


def normalize_doi(value: Any) -> str | None:
    """Lower-cased bare DOI (`https://doi.org/` and `doi:` prefixes removed)."""
    doi = clean(value)
    if not doi:
        return None
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)
    return doi.lower() or None


def normalize_orcid(value: Any) -> str | None:
    """Bare ORCID iD (`0000-0002-1825-0097`) from a URL or bare form."""
    orcid = clean(value)
    if not orcid:
        return None
    match = re.search(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])", orcid)
    return match.group(1).upper() if match else None


_ARXIV_VERSION = re.compile(r"v\d+$")


def arxiv_id(value: str) -> str:
    """Bare arXiv id without URL or version: `http://arxiv.org/abs/1201.4869v1` -> `1201.4869`."""
    value = value.strip()
    value = re.sub(r"^(https?://(export\.)?arxiv\.org/abs/|oai:arXiv\.org:|arXiv:)", "", value)
    return _ARXIV_VERSION.sub("", value)


def dedupe(items: list[str]) -> list[str]:
    """Keep the first occurrence of each item, in order."""
    return list(dict.fromkeys(i for i in items if i))


def person_name(*parts: Any) -> str | None:
    """Join name parts (`"E. L."`, `"Berger"`, `"Jr"`) into one display name (LaTeX decoded)."""
    joined = " ".join(p for p in (clean(x) for x in parts) if p)
    return (normalize_name(joined) or None) if joined else None
