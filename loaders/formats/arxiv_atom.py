"""arXiv API Atom feeds: raw `*.xml` responses, or JSON wrappers whose `body` holds the XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

from loaders.formats._common import (
    arxiv_id,
    clean,
    date_from_iso,
    dedupe,
    normalize_doi,
    parse_xml,
    person_name,
    text_of,
    to_work,
    year_of,
)
from loaders.model import Rejected, Work
from loaders.sources import InputFile, parse_files

SOURCE = "arxiv-atom"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_ERROR_ID = "arxiv.org/api/errors"


def iter_arxiv_atom(paths: Iterable[str | Path]) -> Iterator[Work | Rejected]:
    """Parse arXiv Atom responses (XML, or JSON `{"body": "<feed ...>"}` wrappers) into Works."""
    return parse_files(paths, _iter_file)


def _iter_file(file: InputFile) -> Iterator[Work | Rejected]:
    body: bytes | str = file.data
    if file.data.lstrip()[:1] == b"{":
        try:
            wrapper = json.loads(file.data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Rejected(file.name, "file", f"not a valid JSON wrapper: {exc}")
            return
        if not isinstance(wrapper, dict) or not isinstance(wrapper.get("body"), str):
            yield Rejected(file.name, "body", "JSON wrapper has no string 'body' holding the XML")
            return
        body = wrapper["body"]
    yield from parse_feed(file.name, body)


def parse_feed(location: str, body: bytes | str) -> Iterator[Work | Rejected]:
    """Every entry of one Atom feed; arXiv error entries become Rejected with their message."""
    root = parse_xml(location, body)
    if isinstance(root, Rejected):
        yield root
        return
    if root.tag != f"{{{NS['atom']}}}feed":
        yield Rejected(location, "file", f"not an Atom feed (root element {root.tag!r})")
        return
    for index, entry in enumerate(root.findall("atom:entry", NS)):
        yield parse_entry(f"{location} entry {index}", entry)


def parse_entry(location: str, entry: ET.Element) -> Work | Rejected:
    """One Atom `<entry>` -> Work."""
    raw_id = text_of(entry.find("atom:id", NS)) or ""
    if _ERROR_ID in raw_id:
        message = text_of(entry.find("atom:summary", NS)) or raw_id
        return Rejected(location, "id", f"arXiv API error: {message}")
    if not raw_id:
        return Rejected(location, "id", "entry has no <id>")
    ident = arxiv_id(raw_id)
    location = f"{location} [{ident}]"
    date = date_from_iso(text_of(entry.find("atom:published", NS)))
    primary = entry.find("arxiv:primary_category", NS)
    topics = [primary.get("term", "")] if primary is not None else []
    topics += [c.get("term", "") for c in entry.findall("atom:category", NS)]
    authors = []
    for author in entry.findall("atom:author", NS):
        name = person_name(text_of(author.find("atom:name", NS)))
        if name:
            affiliations = [text_of(a) or "" for a in author.findall("arxiv:affiliation", NS)]
            authors.append({"name": name, "affiliations": dedupe(affiliations)})
    return to_work(
        location,
        {
            "id": f"arxiv:{ident}",
            "title": text_of(entry.find("atom:title", NS)),
            "abstract": text_of(entry.find("atom:summary", NS)),
            "year": year_of(date),
            "date": date,
            "doi": normalize_doi(text_of(entry.find("arxiv:doi", NS))),
            "topics": dedupe([clean(t) or "" for t in topics]),
            "authors": authors,
            "source": SOURCE,
            "journal_ref": text_of(entry.find("arxiv:journal_ref", NS)),
            "comments": text_of(entry.find("arxiv:comment", NS)),
        },
    )
