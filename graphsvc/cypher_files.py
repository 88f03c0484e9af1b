"""Find Cypher statements by name.

`cypher/<dialect>/<name>.cypher` wins over `cypher/<name>.cypher`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from graphsvc.errors import ConfigError

DIALECTS = ("falkordb", "neo4j")


@lru_cache(maxsize=512)
def cypher(name: str, dialect: str) -> str:
    """The text of statement `name` for `dialect` (comment lines starting with // removed)."""
    if dialect not in DIALECTS:
        raise ConfigError(f"unknown Cypher dialect {dialect!r}; expected one of {DIALECTS}")
    root = files("cypher")
    for candidate in (root / dialect / f"{name}.cypher", root / f"{name}.cypher"):
        if candidate.is_file():
            return _strip_comments(candidate.read_text(encoding="utf-8"))
    raise ConfigError(f"no Cypher statement named {name!r} for dialect {dialect!r}")


def statements(name: str, dialect: str) -> list[str]:
    """A file that holds several statements, split on lines that end with `;`."""
    text = cypher(name, dialect)
    parts, current = [], []
    for line in text.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip().rstrip(";").strip())
            current = []
    tail = "\n".join(current).strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def _strip_comments(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return "\n".join(lines).strip()
