"""Typo-tolerant search and autocomplete over authors (every name variant), papers, topics and
institutions.

Candidates come from the store's full-text indexes (cypher/<dialect>/schema_search.cypher):
nodes with every query word first (exactly or as a prefix), then, only when that finds less
than a page, any word, then any word within one edit (typos). They are
then re-ranked here: match quality (rapidfuzz WRatio of the query against the label and every
variant or alias, 0-1, plus a prefix bonus), plus a coverage bonus of at most 0.1 (the share of
the matched name's letters in words the query typed, so "Witten" puts Edward Witten above a
title that merely holds the word), plus a prominence bonus of at most 0.1 from the node's
degree (works, co-authors, papers of a topic). The store keeps the indexes current as
the graph changes, so there is no in-memory copy to refresh after a reload.
"""

from __future__ import annotations

import math
import re
import threading
import time
from typing import Any

from rapidfuzz import fuzz, utils

from graphsvc.cypher_files import statements
from graphsvc.errors import InvalidParameter, QueryError
from graphsvc.store import GraphStore
from loaders.names import SUFFIXES

LABELS = ("Author", "Paper", "Topic", "Institution")
NEO4J_INDEX = {label: f"search_{label.lower()}" for label in LABELS}
MAX_QUERY = 200
CANDIDATES_MAX = 200
BUILD_WAIT_S = 15.0  # the first search waits this long at most for new indexes to fill
READY_STATES = {"OPERATIONAL", "ONLINE"}
PROMINENCE_WEIGHT = 0.1
PREFIX_BONUS = 0.05
COVERAGE_WEIGHT = 0.1
_WORD = re.compile(r"\w+", re.UNICODE)
_lock = threading.Lock()
_ready: set[int] = set()


def ensure_search_schema(store: GraphStore) -> None:
    """Create the full-text indexes once per store (creating an existing one is ignored)."""
    if id(store) in _ready:
        return
    with _lock:
        if id(store) in _ready:
            return
        for statement in statements("schema_search", store.dialect):
            try:
                store.write(statement)
            except QueryError as exc:
                if "already" not in str(exc).lower():
                    raise
        deadline = time.monotonic() + BUILD_WAIT_S
        while time.monotonic() < deadline:
            states = {r["status"] for r in store.run("search_index_status").rows}
            if states <= READY_STATES:
                break
            time.sleep(0.05)
        _ready.add(id(store))


def check_type(type_: str | None) -> list[str]:
    if type_ is None:
        return list(LABELS)
    by_lower = {label.lower(): label for label in LABELS}
    label = by_lower.get(type_.strip().lower().rstrip("s"))
    if label is None:
        raise InvalidParameter(f"type must be one of {', '.join(LABELS)}, not {type_!r}")
    return [label]


def words(q: str) -> list[str]:
    """The searchable words of a query: letters and digits, lowercased, at least 2 characters."""
    return [w for w in _WORD.findall(q.lower().replace("_", " ")) if len(w) >= 2]


def fulltext_query(tokens: list[str], dialect: str, fuzzy: bool = True, every: bool = False) -> str:
    """Any word (`every`: every word), exact, as a prefix, or (fuzzy) within one edit for words
    of 4+ characters."""
    parts = []
    for t in tokens:
        typo = fuzzy and len(t) >= 4
        if dialect == "neo4j":
            alts = [t, f"{t}*"] + ([f"{t}~1"] if typo else [])
            parts.append("(" + " OR ".join(alts) + ")")
        else:
            alts = [t, f"{t}*"] + ([f"%{t}%"] if typo else [])
            parts.append("(" + "|".join(alts) + ")")
    if every:
        return (" AND " if dialect == "neo4j" else " ").join(parts)
    return (" OR " if dialect == "neo4j" else "|").join(parts)


def search(
    store: GraphStore, q: str, type_: str | None = None, offset: int = 0, limit: int = 10
) -> tuple[int, list[dict[str, Any]]]:
    """(count, page) of nodes matching `q`, best first."""
    if len(q) > MAX_QUERY:
        raise InvalidParameter(f"q must be at most {MAX_QUERY} characters, not {len(q)}")
    labels = check_type(type_)
    tokens = words(q)
    if not q.strip():
        raise InvalidParameter("q must contain something to search for")
    if not tokens:
        return 0, []
    ensure_search_schema(store)
    every = fulltext_query(tokens, store.dialect, fuzzy=False, every=True)
    exact = fulltext_query(tokens, store.dialect, fuzzy=False)
    fuzzy = fulltext_query(tokens, store.dialect)
    want = min(CANDIDATES_MAX, max(20, 2 * (offset + limit)))
    # Widest matches cost most on a large vocabulary (a common title word matches 100k papers):
    # first nodes with every word (as typed or as a prefix), then any word, then typos, each
    # only when the narrower one finds less than a page over every asked label.
    ranked = _candidates(store, labels, every, want, q, tokens)
    for wider in (exact, fuzzy):
        if len(ranked) >= offset + limit:
            break
        if wider != every:
            ranked = _candidates(store, labels, wider, want, q, tokens)
    ranked.sort(key=lambda r: (-r["score"], r["label"], r["id"]))
    return len(ranked), ranked[offset : offset + limit]


def _candidates(
    store: GraphStore, labels: list[str], query: str, want: int, q: str, tokens: list[str]
) -> list[dict[str, Any]]:
    out = []
    for label in labels:
        params = {"label": label, "index": NEO4J_INDEX[label], "query": query, "limit": want}
        out += [_scored(label, row, q, tokens) for row in store.run("search_nodes", params).rows]
    return out


def _scored(label: str, row: dict[str, Any], q: str, tokens: list[str]) -> dict[str, Any]:
    names = [row["label"], *(row["variants"] or []), *(row["aliases"] or [])]
    if label == "Topic":  # the code in the id (topic:hep-th) is what people type
        names.append(row["id"].partition(":")[2])
    query = utils.default_process(q)
    best, matched = 0.0, row["label"]
    person = label == "Author"
    for name in dict.fromkeys(n for n in names if n):
        typed = " ".join(_person_words(name, tokens)) if person else name
        s = fuzz.WRatio(query, typed, processor=utils.default_process) / 100
        if _starts_word(name, tokens[-1]):
            s += PREFIX_BONUS
        if s > best:
            best, matched = s, name
    degree = row["degree"] or 0
    if row.get("packed_degree"):  # a hub: its stored per-label degree (see search_nodes)
        degree = sum(int(part.rpartition(":")[2]) for part in row["packed_degree"].split(","))
    prominence = PROMINENCE_WEIGHT * min(1.0, math.log10(1 + degree) / 4)
    coverage = COVERAGE_WEIGHT * _coverage(matched, tokens, person=person)
    out = {
        "id": row["id"],
        "type": label,
        "label": row["label"],
        "score": round(best + coverage + prominence, 4),
        "match": round(best, 4),
        "matched": matched,
        "degree": degree,
    }
    if label == "Paper" and row.get("year") is not None:
        out["year"] = row["year"]
    return out


def _starts_word(name: str, token: str) -> bool:
    return any(w.startswith(token) for w in _WORD.findall(name.lower()))


def _person_words(name: str, tokens: list[str]) -> list[str]:
    """A person's name as the query reads it: the surname (last word) and the given names the
    query typed, without suffixes. Match and coverage both read it, so "Maharana" matches
    "Jnanadeva Maharana" as well as "J. Maharana" (the whole name's WRatio had put the
    shorter name 0.1 ahead, more than prominence gives) and the busier person comes first."""
    words = [w for w in _WORD.findall(name.lower()) if w not in SUFFIXES]
    return [w for k, w in enumerate(words)
            if k == len(words) - 1 or any(w.startswith(t) for t in tokens)]  # fmt: skip


def _coverage(name: str, tokens: list[str], person: bool = False) -> float:
    """Share of the name's letters typed in the query: for each word of the name, the longest
    query word it starts with counts (0-1; "Witten" covers half of a title "Edward Witten").
    A person's given names count only when typed: "Saleur" covers "Hubert Saleur" as fully
    as "H. Saleur" (else the shorter name always won, and a surname query listed every
    initials-only namesake before the person with 36 papers); prominence then decides."""
    name_words = _person_words(name, tokens) if person else _WORD.findall(name.lower())
    total = sum(map(len, name_words))
    typed = sum(max((len(t) for t in tokens if w.startswith(t)), default=0) for w in name_words)
    return typed / total if total else 0.0
