"""Evidence that two groups of author mentions are one person: a score and its reasons.

The score adds a name prior (how well the given names agree, and whether the shorter
form is ambiguous inside its name block) to evidence: shared co-authors, similar
affiliations, shared topics, and penalties for clearly different affiliations, far-apart
years or different source ids. Two clusters merge when the score reaches
`Weights.threshold`. Hard constraints (name conflict, same paper, different ORCIDs,
must-split) make a pair unmergeable (`None`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

from loaders.identity.features import (
    EXACT,
    FULL_FIRST,
    INITIALS,
    SURNAME_ONLY,
    VARIANT,
    ParsedName,
    affiliation_similarity,
    compare_given,
)


@dataclass(frozen=True)
class Weights:
    """Tunable weights of the identity score (defaults tuned on S2AND Qian, checked on hep-th)."""

    threshold: float = 1.0
    name_prior: dict[str, float] = field(
        default_factory=lambda: {
            EXACT: 2.0,
            FULL_FIRST: 1.5,
            VARIANT: 1.25,
            INITIALS: 1.0,
            SURNAME_ONLY: 0.5,
        }
    )
    ambiguous_prior: float = 0.0  # prior for a short form that fits two different people
    coauthor: float = 2.5  # per shared co-author
    coauthor_cap: float = 7.5
    affiliation_same: float = 3.0  # similarity >= affiliation_hi
    affiliation_close: float = 1.0  # similarity >= affiliation_mid
    affiliation_differs: float = -3.0  # both known, similarity < affiliation_lo
    affiliation_hi: float = 90.0
    affiliation_mid: float = 75.0
    affiliation_lo: float = 60.0
    topics: float = 0.5  # times the Jaccard overlap of topics
    year_gap: int = 12  # years between activity spans that count against a merge
    year_gap_penalty: float = -1.0
    source_id_differs: float = -4.0
    size_bonus: float = 0.1  # times log(1 + size of the larger cluster): ties go to the bigger


@dataclass
class Cluster:
    """A group of mentions believed to be one person, with the evidence it has gathered."""

    key: int  # smallest member index: a stable name for the cluster
    members: list[int]
    names: set[ParsedName]
    coauthors: set[str]
    affiliations: set[str]
    topics: set[str]
    years: tuple[int, int] | None
    papers: set[str]
    orcids: set[str]
    source_ids: set[str]
    forbidden: set[int]  # mention indices this cluster must never hold
    merges: list = field(default_factory=list)

    def absorb(self, other: Cluster) -> None:
        """Take over `other`'s members and evidence."""
        self.key = min(self.key, other.key)
        self.members += other.members
        self.names |= other.names
        self.coauthors |= other.coauthors
        self.affiliations |= other.affiliations
        self.topics |= other.topics
        if other.years:
            lo, hi = self.years or other.years
            self.years = (min(lo, other.years[0]), max(hi, other.years[1]))
        self.papers |= other.papers
        self.orcids |= other.orcids
        self.source_ids |= other.source_ids
        self.forbidden |= other.forbidden
        self.merges += other.merges


class NameContext:
    """The name variants of one block, to tell whether a short form is ambiguous."""

    def __init__(self, names: set[ParsedName]) -> None:
        self.names = sorted(names, key=lambda n: (n.surname, n.given))
        self._cache: dict[frozenset[ParsedName], bool] = {}

    def ambiguous(self, names: frozenset[ParsedName]) -> bool:
        """True when two block variants that conflict with each other both fit all `names`."""
        hit = self._cache.get(names)
        if hit is None:
            fits = [w for w in self.names if all(compare_given(w, v) for v in names)]
            hit = any(compare_given(x, y) is None for x, y in combinations(fits, 2))
            self._cache[names] = hit
        return hit


_LEVEL_ORDER = (EXACT, FULL_FIRST, VARIANT, INITIALS, SURNAME_ONLY)


def name_agreement(a: Cluster, b: Cluster) -> tuple[str, str] | None:
    """Weakest agreement over all cross pairs of name variants, or None if any conflict."""
    worst, reason = EXACT, ""
    for x in sorted(a.names, key=lambda n: n.given):
        for y in sorted(b.names, key=lambda n: n.given):
            m = compare_given(x, y)
            if m is None:
                return None
            if _LEVEL_ORDER.index(m.level) >= _LEVEL_ORDER.index(worst):
                worst, reason = m.level, m.reason
    return worst, reason


def pair_score(
    a: Cluster, b: Cluster, ctx: NameContext, w: Weights
) -> tuple[float, list[str]] | None:
    """Score and reasons for merging `a` and `b`; None when they must stay apart."""
    if a.papers & b.papers:
        return None  # two authors of one paper are two people
    if a.orcids and b.orcids and not (a.orcids & b.orcids):
        return None
    if a.forbidden.intersection(b.members) or b.forbidden.intersection(a.members):
        return None
    agreement = name_agreement(a, b)
    if agreement is None:
        return None
    level, why = agreement
    prior = w.name_prior[level]
    short = level in (FULL_FIRST, INITIALS, SURNAME_ONLY)
    if short and ctx.ambiguous(frozenset(a.names | b.names)):
        prior, why = w.ambiguous_prior, why + "; short form is ambiguous in this block"
    score = prior
    reasons = [f"name: {why} ({prior:+.2f})"]

    shared = sorted(a.coauthors & b.coauthors)
    if shared:
        s = min(w.coauthor * len(shared), w.coauthor_cap)
        score += s
        shown = ", ".join(shared[:5]) + (" ..." if len(shared) > 5 else "")
        reasons.append(f"co-authors: {len(shared)} shared ({shown}) ({s:+.2f})")

    if a.affiliations and b.affiliations:
        sim, x, y = affiliation_similarity(tuple(a.affiliations), tuple(b.affiliations))
        if sim >= w.affiliation_hi:
            score += w.affiliation_same
            reasons.append(f"affiliation: {x!r} ~ {y!r} ({sim:.0f}) ({w.affiliation_same:+.2f})")
        elif sim >= w.affiliation_mid:
            score += w.affiliation_close
            reasons.append(f"affiliation: {x!r} ~ {y!r} ({sim:.0f}) ({w.affiliation_close:+.2f})")
        elif sim < w.affiliation_lo:
            score += w.affiliation_differs
            pen = w.affiliation_differs
            reasons.append(f"affiliation differs: best {x!r} vs {y!r} ({sim:.0f}) ({pen:+.2f})")

    if a.topics and b.topics:
        jac = len(a.topics & b.topics) / len(a.topics | b.topics)
        if jac:
            score += w.topics * jac
            reasons.append(f"topics: overlap {jac:.2f} ({w.topics * jac:+.2f})")

    if a.years and b.years:
        gap = max(a.years[0], b.years[0]) - min(a.years[1], b.years[1])
        if gap > w.year_gap:
            score += w.year_gap_penalty
            reasons.append(f"years: {gap} years apart ({w.year_gap_penalty:+.2f})")

    if a.source_ids and b.source_ids and not (a.source_ids & b.source_ids):
        score += w.source_id_differs
        reasons.append(f"source ids differ ({w.source_id_differs:+.2f})")

    bonus = w.size_bonus * math.log1p(max(len(a.members), len(b.members)))
    score += bonus
    return round(score, 4), reasons
