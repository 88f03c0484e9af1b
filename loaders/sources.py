"""Read input files for loaders: plain files, folders, `.gz` files and tar archives alike.

`iter_input_files` yields one `InputFile` per matching file, in a deterministic order
(paths as given; folders walked in sorted order; archive members in archive order).
A path that does not exist raises `LoadError` before anything is read. A file or member
that cannot be read (empty, truncated gzip or tar, too large) is yielded as a `Rejected`
naming it, and the remaining files are still read. Line-oriented formats ask for
`stream_large=True`: a plain or `.gz` file over MAX_FILE_BYTES is then not read into memory
but handed over with an `opener`, and `InputFile.lines()` streams it.
"""

from __future__ import annotations

import gzip
import tarfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from graphsvc.errors import LoadError
from loaders.model import Rejected

T = TypeVar("T")

TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LINE_BYTES = 32 * 1024 * 1024  # a longer line is reported and skipped, never read whole
_READ_ERRORS = (OSError, EOFError, tarfile.TarError, zlib.error)


@dataclass(frozen=True)
class InputFile:
    """One input file's name and raw bytes. Archive members are named `archive!member`.

    A large file read as a stream has empty `data` and an `opener`; read it with `lines()`.
    """

    name: str
    data: bytes = b""
    opener: Callable[[], IO[bytes]] | None = None

    @property
    def streamed(self) -> bool:
        return self.opener is not None

    def head(self, size: int = 4096) -> bytes:
        """The first `size` bytes (without reading a streamed file whole)."""
        if self.opener is None:
            return self.data[:size]
        with self.opener() as fh:
            return fh.read(size)

    def lines(self) -> Iterator[bytes | None]:
        """Each line without its newline; None stands for a line over MAX_LINE_BYTES (skipped).

        Read errors of a streamed file (e.g. a truncated gzip) propagate as OSError/EOFError.
        """
        if self.opener is None:
            for raw in self.data.split(b"\n"):
                yield None if len(raw) > MAX_LINE_BYTES else raw
            return
        with self.opener() as fh:
            while True:
                raw = fh.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                        raw = fh.readline(1024 * 1024)
                    yield None
                    continue
                yield raw[:-1] if raw.endswith(b"\n") else raw

    def text(self, encoding: str = "utf-8") -> str:
        """The bytes as text; undecodable bytes fall back to Latin-1 (never fails)."""
        try:
            return self.data.decode(encoding)
        except UnicodeDecodeError:
            return self.data.decode("latin-1")


InputItem = InputFile | Rejected


def _is_tar(name: str) -> bool:
    return name.lower().endswith(TAR_SUFFIXES)


def _matches(name: str, suffixes: tuple[str, ...]) -> bool:
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    return not suffixes or low.endswith(tuple(s.lower() for s in suffixes))


def _checked(name: str, data: bytes) -> InputItem:
    """Decompress a `.gz` payload and turn empty or unreadable data into a Rejected."""
    if name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except _READ_ERRORS as exc:
            reason = str(exc) or type(exc).__name__
            return Rejected(name, "file", f"cannot decompress gzip data: {reason}")
    if not data.strip():
        return Rejected(name, "file", "file is empty")
    return InputFile(name, data)


def _iter_tar(path: Path, suffixes: tuple[str, ...]) -> Iterator[InputItem]:
    """Members of one tar archive, streamed; a truncated archive ends with a Rejected."""
    member_name = "(archive header)"
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for member in tar:
                member_name = member.name
                if not member.isfile() or not _matches(member.name, suffixes):
                    continue
                name = f"{path}!{member.name}"
                if member.size > MAX_FILE_BYTES:
                    yield Rejected(name, "file", f"member is larger than {MAX_FILE_BYTES} bytes")
                    continue
                fh = tar.extractfile(member)
                data = fh.read() if fh is not None else b""
                if len(data) != member.size:
                    raise EOFError(f"member truncated ({len(data)} of {member.size} bytes)")
                yield _checked(name, data)
    except _READ_ERRORS as exc:
        reason = str(exc) or type(exc).__name__
        yield Rejected(
            f"{path}!{member_name}", "file", f"archive is truncated or corrupt: {reason}"
        )


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    if path.name.lower().endswith(".gz"):
        return lambda: gzip.open(path, "rb")
    return lambda: path.open("rb")


def _iter_path(
    path: Path, suffixes: tuple[str, ...], explicit: bool, stream_large: bool = False
) -> Iterator[InputItem]:
    if path.is_dir():
        for child in sorted(path.iterdir(), key=lambda p: p.name):
            yield from _iter_path(child, suffixes, explicit=False, stream_large=stream_large)
        return
    if _is_tar(path.name):
        yield from _iter_tar(path, suffixes)
        return
    if not explicit and not _matches(path.name, suffixes):
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and stream_large:
            yield InputFile(str(path), opener=_opener(path))
            return
        if size > MAX_FILE_BYTES:
            yield Rejected(str(path), "file", f"file is larger than {MAX_FILE_BYTES} bytes")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(str(path), "file", f"cannot read file: {exc.strerror or exc}")
        return
    yield _checked(str(path), data)


def iter_input_files(
    paths: Iterable[str | Path], suffixes: tuple[str, ...] = (), stream_large: bool = False
) -> Iterator[InputItem]:
    """Yield every file under `paths` whose name ends with one of `suffixes` (all if empty).

    Files named explicitly are read whatever their suffix; folders are walked recursively;
    `.gz` files are decompressed; tar archives (optionally compressed) are read member by
    member. Raises `LoadError` if a path does not exist (checked before reading anything).
    With `stream_large`, plain and `.gz` files over MAX_FILE_BYTES come as streamed InputFiles.
    """
    resolved = [Path(p) for p in paths]
    missing = [str(p) for p in resolved if not p.exists()]
    if missing:
        raise LoadError(f"input path does not exist: {', '.join(missing)}")
    for path in resolved:
        yield from _iter_path(path, suffixes, explicit=True, stream_large=stream_large)


def parse_files(
    paths: Iterable[str | Path],
    parse: Callable[[InputFile], Iterable[T]],
    suffixes: tuple[str, ...] = (),
    stream_large: bool = False,
) -> Iterator[T | Rejected]:
    """`parse` every readable file under `paths`; unreadable files come out as Rejected."""
    for item in iter_input_files(paths, suffixes, stream_large=stream_large):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from parse(item)
