"""Hand-made identity decisions that win over the resolver: must-merge and must-split pairs.

File format (UTF-8 JSON), either one object::

    {"must_merge": [["S.D. Odintsov", "Sergei Odintsov"], ...],
     "must_split": [["arxiv:hep-th/9501001#2", "J. Wang"], ...]}

or JSON lines, each line one such object (lists are concatenated; blank lines and lines
starting with `#` are skipped). Each side of a pair is a *reference*: a mention id when
one matches exactly, otherwise a name string, which stands for every mention whose
`name_key` equals the string's (so "S. D. Odintsov" also covers "S.D.Odintsov").
`must_merge`: all mentions of both sides end in one author (even across name blocks).
`must_split`: no author holds mentions of both sides; this also beats ORCID and source ids.
A pair that is both merged and split is an error (`OverrideError`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from graphsvc.errors import ConfigError


class OverrideError(ConfigError):
    """The overrides file cannot be read or contradicts itself."""

    code = "identity_override_error"


Pair = tuple[str, str]


@dataclass(frozen=True)
class Overrides:
    """Must-merge and must-split pairs of references (mention ids or name strings)."""

    must_merge: tuple[Pair, ...] = ()
    must_split: tuple[Pair, ...] = ()
    source: str = "<memory>"

    @classmethod
    def from_dict(cls, data: object, source: str = "<memory>") -> Overrides:
        """Build from a parsed `{"must_merge": [...], "must_split": [...]}` object."""
        merged, split = _pairs(data, source)
        return cls(tuple(merged), tuple(split), source)


def load_overrides(path: str | Path) -> Overrides:
    """Read an overrides file (one JSON object or JSON lines); see the module docstring."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OverrideError(f"{p}: cannot read overrides file: {exc}") from exc
    try:
        return Overrides.from_dict(json.loads(text), str(p))
    except json.JSONDecodeError:
        pass
    merged: list[Pair] = []
    split: list[Pair] = []
    for no, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{p}:{no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise OverrideError(f"{where}: not JSON: {exc.msg}") from exc
        m, s = _pairs(obj, where)
        merged += m
        split += s
    return Overrides(tuple(merged), tuple(split), str(p))


def _pairs(data: object, where: str) -> tuple[list[Pair], list[Pair]]:
    if not isinstance(data, dict):
        raise OverrideError(f"{where}: expected a JSON object with must_merge / must_split")
    unknown = sorted(set(data) - {"must_merge", "must_split"})
    if unknown:
        raise OverrideError(f"{where}: unknown field(s) {unknown}")
    out: dict[str, list[Pair]] = {}
    for key in ("must_merge", "must_split"):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise OverrideError(f"{where}: field {key!r}: expected a list of pairs")
        pairs: list[Pair] = []
        for i, item in enumerate(items):
            ok = isinstance(item, list | tuple) and len(item) == 2
            if not ok or not all(isinstance(x, str) and x.strip() for x in item):
                raise OverrideError(
                    f"{where}: field {key!r} item {i}: expected two non-empty strings, got {item!r}"
                )
            pairs.append((item[0].strip(), item[1].strip()))
        out[key] = pairs
    return out["must_merge"], out["must_split"]


@dataclass
class ResolvedOverrides:
    """Overrides turned into mention-index links; `unmatched` lists references that hit nothing."""

    merges: list[tuple[list[int], list[int], str]] = field(default_factory=list)
    splits: list[tuple[list[int], list[int], str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
