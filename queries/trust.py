"""The trust snapshot of an author record: a documented 0-100 score, never magic (docs/trust.md).

Points (they add up to 100 at most):
- sources: 10 per distinct source the works come from, at most 2 sources (20)
- record: 5 when the author has at least 3 works (5)
- affiliation known: 10 when at least one institution is linked (10)
- external id: 15 when an ORCID is known (15)
- identity confidence: round(15 * merge_score) when the identity resolver set one (15)
- claim: 35 when a curator approved a claim on the record (35)

Label: 0-29 "Unverified", 30-59 "Corroborated", 60-100 "Verified".
Verification level: L1 public record only; L2 external id or a pending claim;
L3 claim approved by a curator; L4 claim approved and an ORCID known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SOURCE_POINTS, MAX_SOURCES = 10, 2
RECORD_POINTS, RECORD_MIN_WORKS = 5, 3
AFFILIATION_POINTS = 10
EXTERNAL_ID_POINTS = 15
MERGE_POINTS = 15
CLAIM_POINTS = 35
LABELS = ((60, "Verified"), (30, "Corroborated"), (0, "Unverified"))


@dataclass(frozen=True)
class Evidence:
    """What the graph knows about an author record that bears on trusting it."""

    works: int
    sources: list[str]
    affiliation_known: bool
    orcid: str | None = None
    merge_score: float | None = None
    claim_status: str | None = None  # None, "pending", "approved" or "rejected"


def trust_snapshot(ev: Evidence) -> dict[str, Any]:
    """{score, label, verification_level, claimed, evidence, points} for one author record."""
    merge = None if ev.merge_score is None else min(1.0, max(0.0, float(ev.merge_score)))
    approved = ev.claim_status == "approved"
    points = {
        "sources": SOURCE_POINTS * min(len(ev.sources), MAX_SOURCES),
        "record": RECORD_POINTS if ev.works >= RECORD_MIN_WORKS else 0,
        "affiliation": AFFILIATION_POINTS if ev.affiliation_known else 0,
        "external_id": EXTERNAL_ID_POINTS if ev.orcid else 0,
        "identity_merge": round(MERGE_POINTS * merge) if merge is not None else 0,
        "claim": CLAIM_POINTS if approved else 0,
    }
    score = sum(points.values())
    label = next(name for floor, name in LABELS if score >= floor)
    if approved:
        level = 4 if ev.orcid else 3
    elif ev.orcid or ev.claim_status == "pending":
        level = 2
    else:
        level = 1
    return {
        "score": score,
        "label": label,
        "verification_level": f"L{level}",
        "claimed": approved,
        "claim_status": ev.claim_status or "unclaimed",
        "evidence": {
            "claimed": approved,
            "claim_status": ev.claim_status or "unclaimed",
            "external_ids": {"orcid": ev.orcid} if ev.orcid else {},
            "affiliation_known": ev.affiliation_known,
            "identity_merge_confidence": merge,
            "sources": sorted(ev.sources),
            "source_count": len(ev.sources),
            "works": ev.works,
        },
        "points": points,
    }
