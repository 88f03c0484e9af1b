"""Semantic Scholar: dataset JSON lines (papers, abstracts, authors) and Graph API responses.

Dataset files (`.jsonl`, gzipped or not) are recognised by their keys: papers become Works;
abstracts (`corpusid` + `abstract`) and authors (`authorid`) given alongside are joined in
(abstract text; author affiliations). Graph API responses may be JSON files or VCR cassettes:
a paper, a list of papers, `{"data": [...]}` pages (search, references, citations), an author
with `papers` (the author is added to each paper that lists no authors) or recommendations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from loaders.formats._cassettes import is_cassette, iter_responses
from loaders.formats._common import (
    clean,
    date_from_iso,
    dedupe,
    iter_json_lines,
    load_json,
    normalize_doi,
    person_name,
    to_work,
)
from loaders.model import Rejected, Work
from loaders.sources import InputFile, iter_input_files

SOURCE = "s2"
SUFFIXES = (".jsonl", ".json", ".yaml", ".yml")
_PAPER_KEYS = ("citingPaper", "citedPaper", "paper")


class _Joins:
    """Abstracts by corpus id and affiliations by author id, from companion dataset files."""

    def __init__(self) -> None:
        self.abstracts: dict[str, str] = {}
        self.affiliations: dict[str, list[str]] = {}


def iter_s2(paths: Iterable[str | Path]) -> Iterator[Work | Rejected]:
    """Parse Semantic Scholar dataset files and Graph API responses into Works."""
    paths = list(paths)
    joins = _Joins()
    for item in iter_input_files(paths, SUFFIXES):  # pass 1: companion abstracts / authors files
        if isinstance(item, InputFile) and _dataset_kind(item) in ("abstracts", "authors"):
            _load_companion(item, joins)
    for item in iter_input_files(paths, SUFFIXES):  # pass 2: papers
        if isinstance(item, Rejected):
            yield item
        elif is_cassette(item):
            yield from _iter_cassette(item, joins)
        else:
            kind = _dataset_kind(item)
            if kind == "papers":
                yield from _iter_dataset_papers(item, joins)
            elif kind == "other":
                reason = "not an S2AG papers, abstracts or authors dataset; skipped"
                yield Rejected(item.name, "file", reason)
            elif kind is None:
                yield from _iter_api_json(item, joins)


def _dataset_kind(file: InputFile) -> str | None:
    """The S2AG dataset a JSON-lines file holds, from its first record's keys.

    `papers`, `abstracts`, `authors`, `other` (tldrs, citations, ...), or None when the file
    is not S2AG JSON lines (a Graph API response).
    """
    first = file.data.lstrip()[:1_000_000].split(b"\n", 1)
    if len(first) < 2 or not first[0].startswith(b"{"):
        return None
    try:
        keys = set(json.loads(first[0]))
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError):
        return None
    if "authorid" in keys:
        return "authors"
    if "corpusid" in keys and "title" in keys:
        return "papers"
    if "corpusid" in keys and "abstract" in keys:
        return "abstracts"
    return "other" if keys and all(k.islower() for k in keys) else None


def _load_companion(file: InputFile, joins: _Joins) -> None:
    for entry in iter_json_lines(file):
        if isinstance(entry, Rejected) or not isinstance(entry[1], dict):
            continue  # reported nowhere else: the join simply lacks this row
        record = entry[1]
        if "corpusid" in record and isinstance(record.get("abstract"), str):
            joins.abstracts[str(record["corpusid"])] = record["abstract"]
        elif "authorid" in record and isinstance(record.get("affiliations"), list):
            affiliations = [a for a in record["affiliations"] if isinstance(a, str)]
            joins.affiliations[str(record["authorid"])] = affiliations


def _iter_dataset_papers(file: InputFile, joins: _Joins) -> Iterator[Work | Rejected]:
    for entry in iter_json_lines(file):
        if isinstance(entry, Rejected):
            yield entry
        else:
            yield paper_to_work(entry[0], entry[1], joins)


def _iter_api_json(file: InputFile, joins: _Joins) -> Iterator[Work | Rejected]:
    value = load_json(file)
    if isinstance(value, Rejected):
        yield value
        return
    yield from _iter_response(file.name, value, joins)


def _iter_cassette(file: InputFile, joins: _Joins) -> Iterator[Work | Rejected]:
    for entry in iter_responses(file):
        if isinstance(entry, Rejected):
            yield entry
            continue
        location, status, value = entry
        if status != 200:
            message = value.get("error") or value.get("message") if isinstance(value, dict) else ""
            yield Rejected(location, "status", f"HTTP {status}: {message or 'error response'}")
            continue
        yield from _iter_response(location, value, joins)


def _iter_response(location: str, value: Any, joins: _Joins) -> Iterator[Work | Rejected]:
    """Works in one Graph API response body, whatever endpoint it came from."""
    papers = list(_papers_in(value))
    if not papers:
        keys = ", ".join(list(value)[:6]) if isinstance(value, dict) else type(value).__name__
        yield Rejected(location, "file", f"no Semantic Scholar papers in this response ({keys})")
        return
    for index, (paper, author) in enumerate(papers):
        if paper is None:
            yield Rejected(f"{location} item {index}", "paperId", "paper not found (null)")
            continue
        if author and not paper.get("authors"):
            paper = {**paper, "authors": [author]}
        yield paper_to_work(f"{location} item {index}", paper, joins)


def _papers_in(value: Any) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """(paper, author-of-the-page) pairs found in a response body."""
    if isinstance(value, list):
        if value and all(v is None or (isinstance(v, dict) and "paperId" in v) for v in value):
            yield from ((v, None) for v in value)
        else:
            for v in value:
                if isinstance(v, dict) and "authorId" in v:
                    yield from _papers_in(v)
        return
    if not isinstance(value, dict):
        return
    if "paperId" in value:
        yield value, None
    elif "authorId" in value and isinstance(value.get("papers"), list):
        author = {"authorId": value["authorId"], "name": value.get("name")}
        yield from ((p, author) for p in value["papers"] if isinstance(p, dict))
    for key in ("data", "recommendedPapers"):
        for item in value.get(key) or []:
            if isinstance(item, dict) and "paperId" in item:
                yield item, None
            elif isinstance(item, dict):
                inner = next((item[k] for k in _PAPER_KEYS if isinstance(item.get(k), dict)), None)
                if inner is not None:
                    yield inner, None
    for key in _PAPER_KEYS:
        if isinstance(value.get(key), dict):
            yield value[key], None


def paper_to_work(location: str, paper: Any, joins: _Joins | None = None) -> Work | Rejected:
    """One S2 paper (dataset or API spelling of the keys) -> Work."""
    if not isinstance(paper, dict):
        return Rejected(location, "record", f"expected a JSON object, got {type(paper).__name__}")
    joins = joins or _Joins()
    ids = paper.get("externalids") or paper.get("externalIds") or {}
    corpus = paper.get("corpusid") or paper.get("corpusId") or ids.get("CorpusId")
    key = str(corpus) if corpus else clean(paper.get("paperId"))
    if not key:
        return Rejected(location, "paperId", "paper has no corpusid or paperId (unresolved)")
    location = f"{location} [s2:{key}]"
    authors = _authors(paper.get("authors"), joins)
    if isinstance(authors, str):
        return Rejected(location, "authors", authors)
    date = date_from_iso(paper.get("publicationdate") or paper.get("publicationDate"))
    year = paper.get("year")
    abstract = paper.get("abstract") or (joins.abstracts.get(str(corpus)) if corpus else None)
    return to_work(
        location,
        {
            "id": f"s2:{key}",
            "title": paper.get("title"),
            "abstract": clean(abstract),
            "year": year if year is not None else (int(date[:4]) if date else None),
            "date": date,
            "venue": _venue(paper),
            "doi": normalize_doi(ids.get("DOI") if isinstance(ids, dict) else None),
            "topics": _topics(paper),
            "authors": authors,
            "source": SOURCE,
        },
    )


def _authors(raw: Any, joins: _Joins) -> list[dict[str, Any]] | str:
    if raw is None:
        return []
    if not isinstance(raw, list):
        return f"expected a list, got {type(raw).__name__}"
    authors = []
    for author in raw:
        if isinstance(author, str):  # snippet search lists bare names
            author = {"name": author}
        if not isinstance(author, dict):
            return f"an author is a {type(author).__name__}, not an object or name"
        name = person_name(author.get("name"))
        if not name:
            continue
        author_id = clean(str(author.get("authorId") or "")) or None
        own = [a for a in author.get("affiliations") or [] if isinstance(a, str)]
        joined = joins.affiliations.get(author_id or "", [])
        authors.append(
            {
                "name": name,
                "id": f"s2:{author_id}" if author_id else None,
                "affiliations": dedupe([clean(a) or "" for a in own + joined]),
            }
        )
    return authors


def _venue(paper: dict[str, Any]) -> str | None:
    venue = clean(paper.get("venue"))
    if venue:
        return venue
    for key in ("publicationVenue", "journal"):
        value = paper.get(key)
        if isinstance(value, dict) and clean(value.get("name")):
            return clean(value["name"])
    return None


def _topics(paper: dict[str, Any]) -> list[str]:
    topics = [t for t in paper.get("fieldsOfStudy") or [] if isinstance(t, str)]
    for key in ("s2fieldsofstudy", "s2FieldsOfStudy"):
        for field in paper.get(key) or []:
            if isinstance(field, dict) and isinstance(field.get("category"), str):
                topics.append(field["category"])
    return dedupe(topics)
