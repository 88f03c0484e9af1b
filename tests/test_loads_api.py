"""POST /loads: curators load records over HTTP; other roles cannot."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from tests.conftest import API_KEYS

LINES = [
    {"id": "lab:1", "title": "Graph slices", "year": 2020,
     "authors": [{"name": "Ada Lovelace"}, {"name": "Charles Babbage"}]},
    {"id": "lab:2", "title": "More graph slices", "year": 2021,
     "authors": [{"name": "Ada Lovelace"}]},
]  # fmt: skip


@pytest.fixture
def api_on_empty(empty_store: GraphStore, tmp_path: Path) -> Iterator[httpx.Client]:
    from graphsvc.api.app import create_app
    from tests.http_server import ServerThread

    settings = Settings(data_dir=tmp_path, _env_file=None, api_keys=API_KEYS, similar_k=0)
    server = ServerThread(create_app(settings, empty_store)).start()
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client
    server.stop()


def body(lines: list) -> bytes:
    return ("\n".join(json.dumps(x) for x in lines) + "\n").encode()


def test_curator_loads_and_reader_cannot(api_on_empty: httpx.Client) -> None:
    data = body(LINES) + b"{not json}\n"
    r = api_on_empty.post("/loads", content=data, headers={"X-API-Key": "test-reader-key"})
    assert r.status_code == 403
    assert api_on_empty.post("/loads", content=data).status_code == 401
    r = api_on_empty.post("/loads", params={"format": "works-jsonl"}, content=data,
                          headers={"X-API-Key": "test-curator-key"})  # fmt: skip
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["papers_written"] == 2 and report["rejected"] == 1
    line = len(LINES) + 1  # the bad line, named in the upload (not the server's temp file)
    assert report["rejections"][0].startswith(f"upload:{line}: field 'line': not valid JSON")
    paper = api_on_empty.get("/papers/paper:lab:1").json()
    assert paper["title"] == "Graph slices"


def test_gzip_body_and_bad_requests(api_on_empty: httpx.Client) -> None:
    curator = {"X-API-Key": "test-curator-key"}
    r = api_on_empty.post("/loads", content=gzip.compress(body(LINES)), headers=curator)
    assert r.status_code == 200 and r.json()["papers_written"] == 2
    assert api_on_empty.post("/loads", content=b"", headers=curator).status_code == 422
    r = api_on_empty.post("/loads", params={"format": "bibtex"}, content=b"x", headers=curator)
    assert r.status_code == 422 and "unknown format" in r.json()["message"]
