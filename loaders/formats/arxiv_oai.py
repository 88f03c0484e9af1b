"""arXiv OAI-PMH: `arXiv` and `arXivRaw` records from recorded responses, and a live harvester.

Files may be raw OAI-PMH XML, or JSON recordings (a list of `{"path", "status", "response"}`
objects, as nock records them). `harvest` fetches ListRecords pages from a live endpoint,
following resumptionTokens and honouring `503 Retry-After`.
"""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx

from graphsvc.errors import LoadError
from loaders.formats._common import (
    arxiv_id,
    clean,
    date_from_iso,
    date_from_rfc2822,
    dedupe,
    normalize_doi,
    parse_xml,
    person_name,
    text_of,
    to_work,
    year_of,
)
from loaders.model import Rejected, Work
from loaders.names import split_author_list
from loaders.sources import InputFile, parse_files

SOURCE = "arxiv-oai"
OAI = "http://www.openarchives.org/OAI/2.0/"
FORMAT_NS = {"arXiv": "http://arxiv.org/OAI/arXiv/", "arXivRaw": "http://arxiv.org/OAI/arXivRaw/"}
MAX_RETRIES = 5
MAX_RETRY_AFTER = 300


def _q(tag: str, ns: str = OAI) -> str:
    return f"{{{ns}}}{tag}"


def iter_arxiv_oai(paths: Iterable[str | Path]) -> Iterator[Work | Rejected]:
    """Parse recorded OAI-PMH responses (XML or JSON recordings) into Works."""
    return parse_files(paths, _iter_file)


def _iter_file(file: InputFile) -> Iterator[Work | Rejected]:
    if file.data.lstrip()[:1] not in (b"[", b"{"):
        yield from parse_response(file.name, file.data)
        return
    try:
        recorded = json.loads(file.data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield Rejected(file.name, "file", f"not a valid JSON recording: {exc}")
        return
    recorded = recorded if isinstance(recorded, list) else [recorded]
    if not recorded:
        yield Rejected(file.name, "file", "recording holds no responses")
    for index, response in enumerate(recorded):
        location = f"{file.name} response {index}"
        if not isinstance(response, dict) or not isinstance(response.get("response"), str):
            yield Rejected(location, "response", "no recorded response body")
            continue
        status = str(response.get("status", "200"))
        if status != "200":
            body = clean(re.sub(r"<[^>]+>", " ", response["response"])) or ""
            yield Rejected(location, "status", f"HTTP {status}: {body[:200]}")
            continue
        yield from parse_response(location, response["response"])


def parse_response(location: str, body: bytes | str) -> Iterator[Work | Rejected]:
    """One OAI-PMH response: its records as Works, an OAI error as one Rejected."""
    root = parse_xml(location, body)
    if isinstance(root, Rejected):
        yield root
        return
    if root.tag != _q("OAI-PMH"):
        yield Rejected(location, "file", f"not an OAI-PMH response (root element {root.tag!r})")
        return
    for error in root.findall(_q("error")):
        code = error.get("code", "unknown")
        yield Rejected(location, "error", f"OAI-PMH error {code}: {text_of(error) or ''}".strip())
    if root.find(_q("error")) is not None:
        return
    records = root.findall(f"{_q('ListRecords')}/{_q('record')}")
    records += root.findall(f"{_q('GetRecord')}/{_q('record')}")
    if not records:
        verb = next((c.tag.split("}")[-1] for c in root if c.tag not in _NON_VERB), "?")
        yield Rejected(location, "verb", f"the {verb} response holds no records")
    for record in records:
        yield parse_record(location, record)


_NON_VERB = {_q("responseDate"), _q("request")}


def parse_record(location: str, record: ET.Element) -> Work | Rejected:
    """One OAI `<record>` in the `arXiv` or `arXivRaw` metadata format -> Work."""
    header = record.find(_q("header"))
    ident = text_of(header.find(_q("identifier"))) if header is not None else None
    location = f"{location} [{ident or 'no identifier'}]"
    if header is not None and header.get("status") == "deleted":
        return Rejected(location, "header", "record is deleted in the repository")
    metadata = record.find(_q("metadata"))
    payload = next(iter(metadata), None) if metadata is not None else None
    if payload is None:
        return Rejected(location, "metadata", "record has no metadata")
    if payload.tag == _q("arXiv", FORMAT_NS["arXiv"]):
        return _from_arxiv(location, payload, FORMAT_NS["arXiv"])
    if payload.tag == _q("arXivRaw", FORMAT_NS["arXivRaw"]):
        return _from_arxiv_raw(location, payload, FORMAT_NS["arXivRaw"])
    return Rejected(location, "metadata", f"unsupported metadata format {payload.tag!r}")


def _common_fields(meta: ET.Element, ns: str) -> dict[str, Any]:
    categories = text_of(meta.find(_q("categories", ns))) or ""
    return {
        "title": text_of(meta.find(_q("title", ns))),
        "abstract": text_of(meta.find(_q("abstract", ns))),
        "doi": normalize_doi(text_of(meta.find(_q("doi", ns)))),
        "topics": dedupe(categories.split()),
        "source": SOURCE,
        "journal_ref": text_of(meta.find(_q("journal-ref", ns))),
        "comments": text_of(meta.find(_q("comments", ns))),
    }


def _from_arxiv(location: str, meta: ET.Element, ns: str) -> Work | Rejected:
    ident = text_of(meta.find(_q("id", ns)))
    if not ident:
        return Rejected(location, "id", "arXiv record has no <id>")
    date = date_from_iso(text_of(meta.find(_q("created", ns))))
    authors = []
    for author in meta.findall(f"{_q('authors', ns)}/{_q('author', ns)}"):
        name = person_name(
            text_of(author.find(_q("forenames", ns))),
            text_of(author.find(_q("keyname", ns))),
            text_of(author.find(_q("suffix", ns))),
        )
        if name:
            affiliations = [text_of(a) or "" for a in author.findall(_q("affiliation", ns))]
            authors.append({"name": name, "affiliations": dedupe(affiliations)})
    fields = _common_fields(meta, ns)
    work = {"id": f"arxiv:{arxiv_id(ident)}", "date": date, "year": year_of(date)}
    return to_work(location, {**fields, **work, "authors": authors})


def _from_arxiv_raw(location: str, meta: ET.Element, ns: str) -> Work | Rejected:
    ident = text_of(meta.find(_q("id", ns)))
    if not ident:
        return Rejected(location, "id", "arXivRaw record has no <id>")
    dates = [
        date_from_rfc2822(text_of(v.find(_q("date", ns)))) for v in meta.findall(_q("version", ns))
    ]
    dates = [d for d in dates if d]
    date = min(dates) if dates else None
    authors = [
        {"name": person_name(name), "affiliations": affiliations}
        for name, affiliations in split_author_list(text_of(meta.find(_q("authors", ns))) or "")
        if person_name(name)
    ]
    fields = _common_fields(meta, ns)
    work = {"id": f"arxiv:{arxiv_id(ident)}", "date": date, "year": year_of(date)}
    return to_work(location, {**fields, **work, "authors": authors})


def harvest(
    base_url: str,
    metadata_prefix: str = "arXiv",
    set: str | None = None,  # noqa: A002 - the OAI-PMH parameter name
    from_: str | None = None,
    until: str | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Work | Rejected]:
    """Yield every record of ListRecords from `base_url`, page by page via resumptionToken.

    A `503` with `Retry-After` is retried (up to MAX_RETRIES times); `noRecordsMatch` ends the
    harvest quietly; any other OAI error or HTTP failure raises LoadError.
    """
    own_client = client is None
    http = client or httpx.Client(timeout=60)
    params: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": metadata_prefix}
    for key, value in (("set", set), ("from", from_), ("until", until)):
        if value:
            params[key] = value
    try:
        page = 0
        while True:
            body = _fetch(http, base_url, params, sleep)
            root = parse_xml(f"{base_url} page {page}", body)
            if isinstance(root, Rejected):
                raise LoadError(str(root))
            error = root.find(_q("error"))
            if error is not None:
                if error.get("code") == "noRecordsMatch":
                    return
                code, message = error.get("code", "unknown"), text_of(error) or ""
                raise LoadError(f"{base_url}: OAI-PMH error {code}: {message}")
            yield from parse_response(f"{base_url} page {page}", body)
            token = root.find(f"{_q('ListRecords')}/{_q('resumptionToken')}")
            if token is None or not (token.text or "").strip():
                return
            params = {"verb": "ListRecords", "resumptionToken": token.text.strip()}
            page += 1
    finally:
        if own_client:
            http.close()


def _fetch(
    http: httpx.Client, url: str, params: dict[str, str], sleep: Callable[[float], None]
) -> bytes:
    for _attempt in range(MAX_RETRIES + 1):
        try:
            response = http.get(url, params=params)
        except httpx.HTTPError as exc:
            raise LoadError(f"{url}: request failed: {exc}") from exc
        if response.status_code == 503 and "retry-after" in response.headers:
            try:
                delay = float(response.headers["retry-after"])
            except ValueError:
                delay = 10.0
            sleep(min(delay, MAX_RETRY_AFTER))
            continue
        if response.status_code != 200:
            raise LoadError(f"{url}: HTTP {response.status_code} for {params}")
        return response.content
    raise LoadError(f"{url}: still unavailable after {MAX_RETRIES} retries (HTTP 503)")
