"""Canonical names and stable author ids ("author:odintsov-sergei-d", homonyms "-2", "-3")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from loaders.identity.features import parse_name
from loaders.names import GIVEN_ABBREVIATIONS, normalize_name


def canonical_name(raw_names: Iterable[str], own_names: Iterable[str] = ()) -> str:
    """The most complete variant: a first name spelled out (not cut short with a period or a
    known abbreviation: "Philippe Brax" before "Ph. Brax" or "Ph Brax", "Vadim Zeitlin" before
    "Vad. Yu. Zeitlin"), then any full first name, then most given parts and most of them
    spelled out (a hyphen joins two: "Yang-Hui" is as complete as "Yang Hui"); among equals
    the first name the author wrote as the paper's submitter (`own_names`: "Hubert", not the
    co-authors' "Herbert Saleur"), then the most used, then a-z."""
    counts = Counter(normalize_name(n) for n in raw_names)
    own = {p.given[0] for p in map(parse_name, own_names) if p.has_full_first}

    def rank(name: str) -> tuple:
        p = parse_name(name)
        full_parts = sum(len(piece) > 1 for g in p.given for piece in g.split("-"))
        first = name.split(maxsplit=1)[0]
        spelled = p.has_full_first and not (
            first.endswith(".") or first.lower() in GIVEN_ABBREVIATIONS)  # "Ph Spindel" too
        written = p.has_full_first and p.given[0] in own
        return (-spelled, -p.has_full_first, -len(p.initials), -full_parts, -written,
                -counts[name], name)  # fmt: skip

    return min(counts, key=rank)


def slug(name: str) -> str:
    """Surname first, then given parts: "Sergei D. Odintsov" -> "odintsov-sergei-d"."""
    p = parse_name(name)
    text = " ".join([p.surname, *p.given])
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


def assign_ids(clusters: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Map cluster key -> id from (canonical name, tie-break); homonyms get -2, -3 in tie order."""
    by_slug: dict[str, list[tuple[str, int]]] = {}
    for key, (name, tie) in clusters.items():
        by_slug.setdefault(slug(name), []).append((tie, key))
    out: dict[int, str] = {}
    for s, members in by_slug.items():
        for n, (_, key) in enumerate(sorted(members), 1):
            out[key] = f"author:{s}" if n == 1 else f"author:{s}-{n}"
    return out
