"""Which revision of the identity rules decided a graph's authors.

Loads only resolve the name blocks they touch, so a graph keeps the decisions of the rules it
was loaded with. A first load into an empty graph and `graphsvc upgrade --identity` (every
mention resolved again) record the current revision on the graph; `needs_identity_upgrade`
tells when the graph's authors may differ from what the current rules decide.
"""

from __future__ import annotations

from graphsvc.store import GraphStore

# Bump when a change to names or identity resolution decides existing graphs differently.
# 1: compound surnames spelled both ways (graphsvc of session 18); 2: a second surname's
# initial ("J. Torres A") and surname rarity judged from the whole graph; 3: hyphenated
# initials ("J-P"), two-letter abbreviations ("Ph.", "Yu.") and one-letter typos inside a
# long given name (session 24); 4: capitals as initials ("CM Hull"), transliterations
# ending in -ij / -yi and with "oe" / "ue", more short forms (Costas, Jurek, Nikos; Alex and
# Ed of two names each), surnames
# whose umlauts are written "ue" ("Luest" / "Lüst", session 25); 5: under a rare surname the
# same two-part name written with initials outweighs a change of affiliation ("S. L.
# Lyakhovich"), and a shared e-mail address is evidence (session 27; the addresses reach a
# graph loaded before when its sources are loaded again: the graph did not keep them); 6: under
# a rare surname first names that differ by a slip of the pen ("Herbert" / "Hubert Saleur")
# join with evidence, and once joined they no longer make "H. Saleur" ambiguous (session 28).
IDENTITY_RULES = 6


def record_identity_rules(store: GraphStore) -> None:
    """Mark the graph's authors as decided by the current rules."""
    store.run_write("identity_rules_set", {"rules": IDENTITY_RULES})


def needs_identity_upgrade(store: GraphStore) -> bool:
    """True when the graph holds authors decided by earlier identity rules (or by rules the
    graph did not record): `graphsvc upgrade --identity` resolves them again."""
    row = store.run("identity_rules").rows[0]
    return bool(row["has_authors"]) and (row["rules"] or 0) < IDENTITY_RULES
