"""Tie strength of two co-authors: how the collaborator lists are ordered.

strength = joint papers x YEAR_DECAY ^ (years from the tie's last joint paper to the author's
latest joint paper); equal strengths are ordered by topic overlap (Jaccard of the two authors'
main topics, Author.topics; stored on CO_AUTHOR as `topic_overlap`), then by id. The Cypher
statements (author_collaborators, profile_close_collaborators, profile_hub_close) compute the
same; this module holds the constant and the Python form the evaluation (`graphsvc eval ties`)
ranks with. YEAR_DECAY = 1/e was chosen on hep-th 1992-94 -> 1995-96 (docs/collaborators.md).
"""

from __future__ import annotations

import math

YEAR_DECAY = math.exp(-1.0)
"""A tie's strength falls by this factor for each year it is older than the author's latest."""


def tie_strength(joint_papers: int, last_year: int | None, ref_year: int | None) -> float:
    """Joint papers, discounted by YEAR_DECAY per year since the tie's last joint paper."""
    if last_year is None or ref_year is None:
        return float(joint_papers)
    return joint_papers * YEAR_DECAY ** (ref_year - last_year)


def topic_overlap(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Jaccard of two topic sets (0 when both are empty)."""
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if shared else 0.0
