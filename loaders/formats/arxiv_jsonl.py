"""The Kaggle arXiv snapshot (`arxiv-metadata-oai-snapshot.json`): one JSON object per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from loaders.formats._common import (
    clean,
    date_from_rfc2822,
    dedupe,
    iter_json_lines,
    normalize_doi,
    person_name,
    to_work,
    year_of,
)
from loaders.model import Rejected, Work
from loaders.sources import InputFile, parse_files

SOURCE = "arxiv-jsonl"


def iter_arxiv_jsonl(paths: Iterable[str | Path]) -> Iterator[Work | Rejected]:
    """Parse Kaggle arXiv snapshot files (plain, `.gz` or inside tar archives) into Works."""
    return parse_files(paths, _iter_file, stream_large=True)


def _iter_file(file: InputFile) -> Iterator[Work | Rejected]:
    for entry in iter_json_lines(file):
        if isinstance(entry, Rejected):
            yield entry
            continue
        location, record = entry
        yield parse_record(location, record)


def parse_record(location: str, record: Any) -> Work | Rejected:
    """One snapshot record -> Work (or Rejected naming the bad field)."""
    if not isinstance(record, dict):
        return Rejected(location, "record", f"expected a JSON object, got {type(record).__name__}")
    arxiv_id = clean(record.get("id"))
    if not arxiv_id:
        return Rejected(location, "id", "missing arXiv id (is this a Kaggle arXiv snapshot file?)")
    location = f"{location} [{arxiv_id}]"
    authors = _authors(record.get("authors_parsed"))
    if isinstance(authors, str):
        return Rejected(location, "authors_parsed", authors)
    date = _first_version_date(record.get("versions"))
    categories = record.get("categories")
    topics = dedupe(categories.split()) if isinstance(categories, str) else []
    return to_work(
        location,
        {
            "id": f"arxiv:{arxiv_id}",
            "title": record.get("title"),
            "abstract": clean(record.get("abstract")),
            "year": year_of(date),
            "date": date,
            "doi": normalize_doi(record.get("doi")),
            "topics": topics,
            "authors": authors,
            "source": SOURCE,
            "journal_ref": clean(record.get("journal-ref")),
            "comments": clean(record.get("comments")),
        },
    )


def _authors(parsed: Any) -> list[dict[str, Any]] | str:
    """`[[last, first, suffix, affiliation...], ...]` -> AuthorRefs, or an error message."""
    if parsed is None:
        return []
    if not isinstance(parsed, list):
        return f"expected a list, got {type(parsed).__name__}"
    authors = []
    for index, parts in enumerate(parsed):
        if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
            return f"author {index} is not a list of strings"
        last, first, suffix = (parts + ["", "", ""])[:3]
        # The snapshot splits hyphenated initials: "C. -P." is "C.-P."
        name = person_name(first.replace(". -", ".-"), last, suffix)
        if not name:
            continue
        affiliations = dedupe([clean(a) or "" for a in parts[3:]])
        authors.append({"name": name, "affiliations": affiliations})
    return authors


def _first_version_date(versions: Any) -> str | None:
    if not isinstance(versions, list):
        return None
    dates = [date_from_rfc2822(v.get("created")) for v in versions if isinstance(v, dict)]
    dates = [d for d in dates if d]
    return min(dates) if dates else None
