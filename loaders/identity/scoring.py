"""Evidence that two groups of author mentions are one person: a score and its reasons.

The score adds a name prior (how well the given names agree, and whether the shorter
form is ambiguous inside its name block) to evidence: shared co-authors, a shared e-mail
address, similar affiliations, shared topics, and penalties for clearly different
affiliations, far-apart years or different source ids. Two clusters merge when the score
reaches `Weights.threshold`. Hard constraints (name conflict, same paper, different ORCIDs,
must-split) make a pair unmergeable (`None`).
"""

from __future__ import annotations

import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TypeVar

from loaders.identity.features import (
    EXACT,
    FULL_FIRST,
    INITIALS,
    SURNAME_ONLY,
    TYPO,
    VARIANT,
    ParsedName,
    affiliation_similarity,
    close_first_names,
    compare_given,
)


@dataclass(frozen=True)
class Weights:
    """Tunable weights of the identity score (defaults tuned on S2AND Qian, checked on hep-th)."""

    threshold: float = 1.0
    strong: float = 4.0  # score that merges in the indexed first pass (see resolver)
    name_prior: dict[str, float] = field(
        default_factory=lambda: {
            EXACT: 2.0,
            FULL_FIRST: 1.5,
            VARIANT: 1.25,
            INITIALS: 1.0,
            SURNAME_ONLY: 0.5,
            TYPO: 0.0,  # a shared co-author or affiliation must say it is one person
        }
    )
    ambiguous_prior: float = 0.0  # prior for a short form that fits two different people
    coauthor: float = 3.0  # per shared co-author
    coauthor_cap: float = 9.0
    affiliation_same: float = 3.0  # similarity >= affiliation_hi
    affiliation_close: float = 1.0  # similarity >= affiliation_mid
    affiliation_differs: float = -3.0  # both known, similarity < affiliation_lo
    affiliation_differs_rare: float = -1.0  # the same, for a rare surname (people move)
    affiliation_differs_same_field: float = -0.5  # the same, when topics overlap >= 0.5
    rare_surname: int = 2  # at most this many distinct first names with the surname: rare
    affiliation_hi: float = 90.0
    affiliation_mid: float = 75.0
    affiliation_lo: float = 70.0
    topics: float = 0.5  # times the Jaccard overlap of topics
    year_gap: int = 12  # years between activity spans that count against a merge
    year_gap_penalty: float = -1.0
    source_id_differs: float = -4.0
    same_email: float = 3.0  # the two share an e-mail address (hep-th: as submitters)
    dominance: float = 0.4  # bare mentions join an author holding this share (0: greedy)
    size_bonus: float = 0.1  # times log(1 + size of the larger cluster): ties go to the bigger


T = TypeVar("T")
Evidence = set[str] | frozenset[str]  # a singleton's sets are shared frozensets until it grows


@dataclass(slots=True)
class Cluster:
    """A group of mentions believed to be one person, with the evidence it has gathered.

    A cluster of one mention holds frozensets (often the shared empty one, or one shared by
    every mention with the same topics); the first merge gives the survivor sets of its own,
    which later merges then grow in place."""

    key: int  # smallest member index: a stable name for the cluster
    members: list[int]
    names: frozenset[ParsedName]
    coauthors: Evidence
    affiliations: frozenset[str]
    topics: Evidence
    years: tuple[int, int] | None
    papers: Evidence
    orcids: Evidence
    source_ids: Evidence
    emails: Evidence  # digests of the mentions' e-mail addresses
    forbidden: set[int] | frozenset[int]  # mention indices this cluster must never hold
    merges: list = field(default_factory=list)

    def absorb(self, other: Cluster) -> None:
        """Take over `other`'s members and evidence."""
        self.key = min(self.key, other.key)
        self.members += other.members
        self.names = self.names | other.names
        self.coauthors = _grown(self.coauthors, other.coauthors)
        self.affiliations = self.affiliations | other.affiliations
        self.topics = _grown(self.topics, other.topics)
        if other.years:
            lo, hi = self.years or other.years
            self.years = (min(lo, other.years[0]), max(hi, other.years[1]))
        self.papers = _grown(self.papers, other.papers)
        self.orcids = _grown(self.orcids, other.orcids)
        self.source_ids = _grown(self.source_ids, other.source_ids)
        self.emails = _grown(self.emails, other.emails)
        self.forbidden = _grown(self.forbidden, other.forbidden)
        self.merges += other.merges


def _grown(mine: AbstractSet[T], theirs: AbstractSet[T]) -> AbstractSet[T]:
    """`mine | theirs`, in place once `mine` is a set of this cluster's own."""
    if not theirs:
        return mine
    if type(mine) is not set:
        mine = set(mine)
    mine |= theirs
    return mine


class NameContext:
    """The name variants of one block, to tell whether a short form is ambiguous."""

    def __init__(
        self,
        names: set[ParsedName],
        rare: bool = False,
        joined: AbstractSet[frozenset[ParsedName]] = frozenset(),
    ) -> None:
        self.names = sorted(names, key=lambda n: (n.surname, n.given))
        self.rare = rare  # the surname is rare in the input: a name match says more
        self.joined = frozenset(joined)  # pairs of conflicting variants known as one person's
        self._cache: dict[frozenset[ParsedName], bool] = {}

    def ambiguous(self, names: frozenset[ParsedName]) -> bool:
        """True when two block variants that conflict with each other both fit all `names`
        (so "S. Odintsov" is ambiguous in a block with "Sergei" and "Stefan" Odintsov), unless
        the evidence already joined those two (`joined`: "Herbert" and "Hubert Saleur")."""
        hit = self._cache.get(names)
        if hit is None:
            fits = [w for w in self.names if all(compare_given(w, v) for v in names)]
            hit = any(compare_given(x, y) is None and frozenset((x, y)) not in self.joined
                      for x, y in combinations(fits, 2))  # fmt: skip
            self._cache[names] = hit
        return hit


def conflicting_pairs(names: AbstractSet[ParsedName]) -> set[frozenset[ParsedName]]:
    """The pairs of `names` (one cluster's) whose given names conflict: a cluster holds such a
    pair only when evidence joined a slip of the pen (or a curator's override did)."""
    ordered = sorted(names, key=lambda n: (n.surname, n.given))
    return {frozenset((x, y)) for x, y in combinations(ordered, 2) if compare_given(x, y) is None}


_LEVEL_ORDER = (EXACT, FULL_FIRST, VARIANT, INITIALS, SURNAME_ONLY, TYPO)


@lru_cache(maxsize=200_000)
def _name_agreement(a: frozenset[ParsedName], b: frozenset[ParsedName]) -> tuple[str, str] | None:
    """Strongest agreement between a variant of `a` and one of `b`; None if any pair conflicts."""
    best, reason = SURNAME_ONLY, ""
    for x in sorted(a, key=lambda n: n.given):
        for y in sorted(b, key=lambda n: n.given):
            m = compare_given(x, y)
            if m is None:
                return None
            if not reason or _LEVEL_ORDER.index(m.level) < _LEVEL_ORDER.index(best):
                best, reason = m.level, m.reason
    return best, reason


@lru_cache(maxsize=200_000)
def _slip_agreement(
    a: frozenset[ParsedName],
    b: frozenset[ParsedName],
    joined: AbstractSet[frozenset[ParsedName]],
    rare: bool,
) -> tuple[str, str] | None:
    """The agreement of `a` and `b` when some of their variants conflict: None unless each
    conflicting pair is either already joined as one person's (`joined`) or, under a rare
    surname, close spelled-out first names (`close_first_names`: "Herbert" / "Hubert").
    Such a slip makes it TYPO (evidence must join them); otherwise the best agreeing pair."""
    best, reason, slip = "", "", ""
    for x in sorted(a, key=lambda n: n.given):
        for y in sorted(b, key=lambda n: n.given):
            m = compare_given(x, y)
            if m is not None:
                if not best or _LEVEL_ORDER.index(m.level) < _LEVEL_ORDER.index(best):
                    best, reason = m.level, m.reason
            elif frozenset((x, y)) in joined:
                continue
            elif rare and close_first_names(x, y):
                slip = slip or f"{x.given[0]!r} ~ {y.given[0]!r}"
            else:
                return None
    if slip:
        return TYPO, f"first names {slip} may be one by a slip of the pen (rare surname)"
    return (best, reason) if best else (TYPO, "spellings already joined as one person's")


@lru_cache(maxsize=200_000)
def _affiliation_similarity(a: frozenset[str], b: frozenset[str]) -> tuple[float, str, str]:
    if len(a) > len(b) or (len(a) == len(b) and sorted(a) > sorted(b)):
        sim, y, x = _affiliation_similarity(b, a)
        return sim, x, y
    return affiliation_similarity(tuple(sorted(a)), tuple(sorted(b)))


def _same_two_part_name(a: frozenset[ParsedName], b: frozenset[ParsedName]) -> bool:
    """Both sides wrote one name alike with two or more given parts, spelled out or initials
    ("Robert G. Leigh", "S. L. Lyakhovich")."""
    return any(len(n.given) >= 2 for n in a & b)


def _ids_conflict(a: set[str], b: set[str]) -> bool:
    """Both sides carry ids of one source ("s2:1" vs "s2:2") and share none of them."""
    if not a.isdisjoint(b):
        return False
    ns_a = {x.split(":", 1)[0] for x in a}
    return any(x.split(":", 1)[0] in ns_a for x in b)


def pair_score(
    a: Cluster, b: Cluster, ctx: NameContext, w: Weights, explain: bool = False
) -> tuple[float, list[str]] | None:
    """Score for merging `a` and `b` (with reasons if `explain`); None: they must stay apart."""
    if not a.papers.isdisjoint(b.papers):
        return None  # two authors of one paper are two people
    if a.orcids and b.orcids and a.orcids.isdisjoint(b.orcids):
        return None
    if a.forbidden and not a.forbidden.isdisjoint(b.members):
        return None
    if b.forbidden and not b.forbidden.isdisjoint(a.members):
        return None
    agreement = _name_agreement(a.names, b.names)
    if agreement is None and (ctx.rare or ctx.joined):
        agreement = _slip_agreement(a.names, b.names, ctx.joined, ctx.rare)
    if agreement is None:
        return None
    level, why = agreement
    reasons: list[str] = []
    prior = w.name_prior[level]
    short = level in (FULL_FIRST, INITIALS, SURNAME_ONLY)
    if short and (ctx.ambiguous(a.names) or ctx.ambiguous(b.names)):
        prior, why = w.ambiguous_prior, why + "; short form is ambiguous in this block"
    score = prior
    if explain:
        reasons.append(f"name: {why} ({prior:+.2f})")

    if a.coauthors and b.coauthors:
        shared = a.coauthors & b.coauthors
        if shared:
            s = min(w.coauthor * len(shared), w.coauthor_cap)
            score += s
            if explain:
                names = sorted(shared)
                shown = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
                reasons.append(f"co-authors: {len(names)} shared ({shown}) ({s:+.2f})")

    jac = 0.0
    if a.topics and b.topics:
        jac = len(a.topics & b.topics) / len(a.topics | b.topics)
        if jac:
            score += w.topics * jac
            if explain:
                reasons.append(f"topics: overlap {jac:.2f} ({w.topics * jac:+.2f})")

    if a.affiliations and b.affiliations:
        sim, x, y = _affiliation_similarity(a.affiliations, b.affiliations)
        add, mover = 0.0, False
        if sim >= w.affiliation_hi:
            add = w.affiliation_same
        elif sim >= w.affiliation_mid:
            add = w.affiliation_close
        elif sim < w.affiliation_lo:
            add = w.affiliation_differs
            if ctx.rare:
                add = max(add, w.affiliation_differs_rare)
                mover = _same_two_part_name(a.names, b.names)
                add = 0.0 if mover else add
            if jac >= 0.5:
                add = max(add, w.affiliation_differs_same_field)
        score += add
        if explain and (add or mover):
            what = "affiliation" if add > 0 else "affiliation differs: best"
            why = "; the same two-part name under a rare surname: a move" if mover else ""
            reasons.append(f"{what}: {x!r} ~ {y!r} ({sim:.0f}){why} ({add:+.2f})")

    if a.years and b.years:
        gap = max(a.years[0], b.years[0]) - min(a.years[1], b.years[1])
        if gap > w.year_gap:
            score += w.year_gap_penalty
            if explain:
                reasons.append(f"years: {gap} years apart ({w.year_gap_penalty:+.2f})")

    if a.emails and b.emails and not a.emails.isdisjoint(b.emails):
        score += w.same_email
        if explain:
            reasons.append(f"the same e-mail address ({w.same_email:+.2f})")

    if a.source_ids and b.source_ids and _ids_conflict(a.source_ids, b.source_ids):
        score += w.source_id_differs
        if explain:
            reasons.append(f"source ids differ ({w.source_id_differs:+.2f})")

    score += w.size_bonus * math.log1p(max(len(a.members), len(b.members)))
    return round(score, 4), reasons
