"""The rejects file: one JSON line per bad record, with where it was, the field and the reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from loaders.model import Rejected


class RejectsFile:
    """Appends rejected records to `<dir>/rejects-<run>.jsonl`; the file exists only if needed."""

    def __init__(self, directory: Path, run_name: str) -> None:
        self.path = Path(directory) / f"rejects-{run_name}.jsonl"
        self._fh: TextIO | None = None

    def write(self, rec: Rejected) -> None:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a", encoding="utf-8")
        line = {"location": rec.location, "field": rec.field, "reason": rec.reason,
                "at": datetime.now(UTC).isoformat(timespec="seconds")}  # fmt: skip
        self._fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
