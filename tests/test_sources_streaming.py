"""Large line-oriented files are streamed, not read whole (and not rejected for their size)."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

import loaders.sources as sources
from loaders.formats.works_jsonl import iter_works_jsonl
from loaders.model import Rejected, Work


def _line(i: int) -> str:
    work = {"id": f"src:{i}", "title": f"Paper {i}", "year": 2000 + i % 20,
            "authors": [{"name": f"Ada Lovelace{i % 7}"}]}  # fmt: skip
    return json.dumps(work) + "\n"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend files over 2 kB are 'large' and lines over 300 bytes 'huge'."""
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 2_000)
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 300)


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_a_file_over_the_size_limit_streams_every_line(
    tmp_path: Path, small_limits: None, suffix: str
) -> None:
    text = "".join(_line(i) for i in range(200))
    text += json.dumps({"id": "src:huge", "title": "x" * 1000, "year": 2001,
                        "authors": [{"name": "A B"}]}) + "\n"  # fmt: skip
    text += _line(200)
    path = tmp_path / f"big{suffix}"
    data = text.encode()
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    assert len(data) > sources.MAX_FILE_BYTES
    items = list(iter_works_jsonl([path]))
    works = [x for x in items if isinstance(x, Work)]
    rejected = [x for x in items if isinstance(x, Rejected)]
    assert [w.id for w in works] == [f"src:{i}" for i in range(201)]
    assert len(rejected) == 1
    assert rejected[0].location == f"{path}:201" and rejected[0].field == "line"


def test_a_small_file_is_still_read_whole(tmp_path: Path, small_limits: None) -> None:
    path = tmp_path / "small.jsonl"
    path.write_text(_line(1))
    (item,) = list(sources.iter_input_files([path], stream_large=True))
    assert isinstance(item, sources.InputFile) and not item.streamed


def test_without_streaming_a_large_file_is_rejected_by_name(
    tmp_path: Path, small_limits: None
) -> None:
    path = tmp_path / "big.xml"
    path.write_text("<a>" + "x" * 3000 + "</a>")
    (item,) = list(sources.iter_input_files([path]))
    assert isinstance(item, Rejected) and "larger than" in item.reason


def test_a_truncated_streamed_gzip_keeps_the_lines_before_the_break(
    tmp_path: Path, small_limits: None
) -> None:
    rng = random.Random(1)  # incompressible titles: the gzip file itself is over the limit
    lines = [_line(i).replace(f"Paper {i}", f"{rng.getrandbits(256):x}") for i in range(300)]
    blob = gzip.compress("".join(lines).encode())
    assert len(blob) * 2 // 3 > sources.MAX_FILE_BYTES
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(blob[: len(blob) * 2 // 3])
    items = list(iter_works_jsonl([path]))
    works = [x for x in items if isinstance(x, Work)]
    assert 50 < len(works) < 300
    assert [w.id for w in works] == [f"src:{i}" for i in range(len(works))]
    last = items[-1]
    assert isinstance(last, Rejected) and last.field == "file"
    assert "cannot read past line" in last.reason
