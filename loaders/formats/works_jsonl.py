"""works-jsonl: graphsvc's own canonical format, one `loaders.model.Work` as JSON per line.

See docs/works-jsonl.md for the field table and the stability promise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from loaders.formats._common import iter_json_lines, to_work
from loaders.model import Rejected, Work
from loaders.sources import iter_input_files


def iter_works_jsonl(paths: Iterable[str | Path]) -> Iterator[Work | Rejected]:
    """Validate each line as a Work; a bad line is Rejected as `file:line` with the field."""
    for item in iter_input_files(paths, stream_large=True):
        if isinstance(item, Rejected):
            yield item
            continue
        for entry in iter_json_lines(item):
            if isinstance(entry, Rejected):
                yield entry
                continue
            location, record = entry
            if not isinstance(record, dict):
                kind = type(record).__name__
                yield Rejected(location, "record", f"expected a JSON object, got {kind}")
                continue
            yield to_work(location, record)


def dump_works_jsonl(works: Iterable[Work]) -> Iterator[str]:
    """The inverse: one JSON line per Work (unset and empty optional fields left out)."""
    for work in works:
        yield work.model_dump_json(exclude_none=True, exclude_defaults=True) + "\n"
