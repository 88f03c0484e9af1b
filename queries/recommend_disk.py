"""The recommendation index on disk, so a restart does not rebuild it (minutes on 1M papers).

One pickle file in the data directory, written after each build (to a temporary file, then
renamed). It is read only when its header matches the graph it is for: the graph marker
(version counter and last load run) and the shipped ranker model's SHA-256; anything else, an
unreadable file included, means "build from the store", never a stale index. The file is
graphsvc's own, in the store's data directory, as trusted as the database files beside it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
FORMAT = 5  # 2: the co-author graph keeps its text terms (reasons' shared_terms); 3: and
# their paper counts, the rarity left 0 for terms a reason must not name, and namesakes;
# 4: namesakes know each author's surname (close given names under a rare surname); 5: and
# keep the surnames sorted
FILE_NAME = "recommend-index.pickle"


def model_digest(model_file: Path) -> str:
    return hashlib.sha256(model_file.read_bytes()).hexdigest()


def save(index: Any, folder: Path, marker: Any, digest: str) -> Path:
    """Write `index` for the graph `marker` (atomically: readers see the old file or the new)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FILE_NAME
    fd, tmp = tempfile.mkstemp(prefix=".recommend-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            header = {"format": FORMAT, "marker": marker, "model": digest}
            pickle.dump(header, fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def load(folder: Path, marker: Any, digest: str) -> Any | None:
    """The saved index when it was built for `marker` with the model `digest`, else None."""
    path = folder / FILE_NAME
    try:
        with path.open("rb") as fh:
            header = pickle.load(fh)
            wanted = {"format": FORMAT, "marker": marker, "model": digest}
            if header != wanted:
                return None
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged file only means "rebuild"
        log.warning("recommendation index file %s is unreadable (%s): rebuilding", path, exc)
        return None
