"""Close-collaborator order, evaluated: which of their co-authors does an author write with again?

For every author with at least `min_coauthors` co-authors in the papers up to the `until`
year, the co-authors are ranked by an order; the relevant ones are those the author writes a
paper with in the test years. Reported over the authors with at least one such repeat: mean
reciprocal rank of the first repeat, precision among the first 3, and nDCG. The served order
(queries.ties: strength, then topic overlap, then id) is compared with simpler ones.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphsvc.errors import InvalidParameter
from loaders.topics import MAIN_TOPICS
from queries.linkpred.records import Record
from queries.ties import tie_strength, topic_overlap


@dataclass(frozen=True)
class Tie:
    """One co-author of an author, as the collaborator list sees it."""

    other: str
    joint_papers: int
    last_year: int
    ref_year: int
    """The author's latest joint year (what the served strength discounts from)."""
    topic_overlap: float


SortKey = Callable[[Tie], tuple]

ORDERS: dict[str, SortKey] = {
    "served: strength, topic overlap, id": lambda t: (
        -tie_strength(t.joint_papers, t.last_year, t.ref_year), -t.topic_overlap, t.other),
    "strength, id (no topics)": lambda t: (
        -tie_strength(t.joint_papers, t.last_year, t.ref_year), t.other),
    "joint papers, last year, id": lambda t: (-t.joint_papers, -t.last_year, t.other),
    "last year, joint papers, id": lambda t: (-t.last_year, -t.joint_papers, t.other),
}  # fmt: skip
"""Orders compared; the first is what the API serves."""


def _pairs(authors: Sequence[str]) -> list[tuple[str, str]]:
    a = sorted(set(authors))
    return [(a[i], a[j]) for i in range(len(a)) for j in range(i + 1, len(a))]


def tie_lists(records: Sequence[Record], until: int) -> dict[str, list[Tie]]:
    """Each author's co-authors in the papers up to `until` (dated papers only), with the
    overlap of their main topics (loaders.topics.MAIN_TOPICS) in those papers."""
    weight: dict[tuple[str, str], int] = defaultdict(int)
    last: dict[tuple[str, str], int] = {}
    works: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        if r.year > until:
            continue
        for a in r.authors:
            works[a].update(set(r.topics))
        for pair in _pairs(r.authors):
            weight[pair] += 1
            last[pair] = max(last.get(pair, r.year), r.year)
    others: dict[str, list[tuple[str, tuple[str, str]]]] = defaultdict(list)
    for pair in weight:
        others[pair[0]].append((pair[1], pair))
        others[pair[1]].append((pair[0], pair))
    topics = {a: main_topics(c) for a, c in works.items()}
    ties = {}
    for a, found in others.items():
        ref = max(last[pair] for _, pair in found)
        ties[a] = [Tie(b, weight[pair], last[pair], ref, topic_overlap(topics[a], topics[b]))
                   for b, pair in found]  # fmt: skip
    return ties


def main_topics(works: Counter[str]) -> set[str]:
    """An author's main topics from their papers per topic, as Author.topics holds them."""
    return {t for t, _ in sorted(works.items(), key=lambda kv: (-kv[1], kv[0]))[:MAIN_TOPICS]}


def repeat_pairs(records: Sequence[Record], years: tuple[int, int]) -> set[tuple[str, str]]:
    """Pairs (sorted) who write a paper together in `years`."""
    return {p for r in records if years[0] <= r.year <= years[1] for p in _pairs(r.authors)}


def _scores(ranked: list[bool]) -> tuple[float, float, float]:
    first = ranked.index(True)
    top = min(3, len(ranked))
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(ranked) if hit)
    ideal = sum(1 / math.log2(i + 2) for i in range(sum(ranked)))
    return 1 / (first + 1), sum(ranked[:top]) / top, dcg / ideal


def evaluate_ties(
    records: Sequence[Record], until: int, test: tuple[int, int], min_coauthors: int = 2
) -> dict[str, Any]:
    """MRR, P@3 and nDCG of every order in ORDERS (see the module docstring)."""
    if test[0] <= until:
        raise InvalidParameter(f"--test {test[0]}-{test[1]} must start after --until {until}")
    ties, repeats = tie_lists(records, until), repeat_pairs(records, test)
    lists = []
    for a, ts in ties.items():
        if len(ts) < min_coauthors:
            continue
        relevant = {t.other for t in ts if tuple(sorted((a, t.other))) in repeats}
        if relevant:
            lists.append((ts, relevant))
    if not lists:
        wide = sum(1 for ts in ties.values() if len(ts) >= min_coauthors)
        raise InvalidParameter(
            f"no author to evaluate: {wide} of {len(ties)} authors with co-authors up to "
            f"{until} have at least {min_coauthors} (--min-coauthors), and 0 of them write "
            f"again with one of those in {test[0]}-{test[1]}; choose --until and --test "
            "within the data's years"
        )
    out: dict[str, Any] = {"until": until, "test": list(test), "min_coauthors": min_coauthors,
                           "authors": len(lists), "orders": {}}  # fmt: skip
    for name, key in ORDERS.items():
        sums = [0.0, 0.0, 0.0]
        for ts, relevant in lists:
            ranked = [t.other in relevant for t in sorted(ts, key=key)]
            sums = [s + v for s, v in zip(sums, _scores(ranked), strict=True)]
        n = max(1, len(lists))
        out["orders"][name] = dict(zip(("mrr", "p_at_3", "ndcg"), (s / n for s in sums),
                                       strict=True))  # fmt: skip
    return out


def ties_table(result: dict[str, Any]) -> str:
    """The evaluation as a plain-text table."""
    head = (f"Repeat collaboration: ties up to {result['until']}, repeats in "
            f"{result['test'][0]}-{result['test'][1]}; {result['authors']} authors with "
            f">= {result['min_coauthors']} co-authors and >= 1 repeat")  # fmt: skip
    lines = [head, f"{'order':40s} {'MRR':>7s} {'P@3':>7s} {'nDCG':>7s}"]
    for name, m in result["orders"].items():
        lines.append(f"{name:40s} {m['mrr']:7.4f} {m['p_at_3']:7.4f} {m['ndcg']:7.4f}")
    return "\n".join(lines)
