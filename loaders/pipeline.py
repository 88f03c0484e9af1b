"""One entry point for every load: pick the parser for a format, resolve, write, report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from graphsvc.errors import LoadError
from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.model import Rejected, Work
from loaders.names import name_key
from loaders.rejects import RejectsFile
from loaders.writer import GraphWriter, LoadReport, name_key_assigner

Parser = Callable[[Iterable[Path]], Iterator[Work | Rejected]]


def parsers() -> dict[str, Parser]:
    """Every input format by its CLI name."""
    from loaders.hepth import iter_hepth

    found: dict[str, Parser] = {"hepth": iter_hepth}
    try:
        from loaders.formats import FORMATS
    except ImportError:
        FORMATS = {}  # noqa: N806
    found.update(FORMATS)
    return found


def load_paths(
    store: GraphStore,
    settings: Settings,
    fmt: str,
    paths: Iterable[Path],
    on_progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Load every record of `paths` in format `fmt`; bad records go to a rejects file."""
    available = parsers()
    if fmt not in available:
        raise LoadError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(available))}")
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
    run_name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{fmt}"
    rejects = RejectsFile(settings.rejects_path, run_name)
    writer = GraphWriter(store, name_key_assigner(name_key), batch_size=settings.batch_size)
    try:
        report = writer.load(available[fmt](paths), rejects=rejects, on_progress=on_progress)
    finally:
        rejects.close()
    store.checkpoint()
    return report
