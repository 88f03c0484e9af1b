"""Institutions for a load: the resolver, seeded with the graph's institutions so ids stay put."""

from __future__ import annotations

from graphsvc.store import GraphStore
from loaders.institutions import InstitutionResolver
from loaders.writer import InstitutionAssigner, InstitutionAssignment


def seeded_institutions(store: GraphStore) -> InstitutionAssigner:
    """An assigner that maps affiliation strings to institutions, known ones keeping their id."""
    resolver = InstitutionResolver()
    known: dict[str, tuple[str, str]] = {}  # resolver id -> (graph id, graph name)
    for row in store.run("institutions_all").rows:
        # the strings seen in the data, not the display name: a name can resolve to another
        # institution than its aliases do ("Institute of Mathematical Sciences, Chennai" is
        # the name of IMSc but resolves like "..., CHENNAI", a node of its own), and a rerun
        # after an interrupted load must give the nodes one clean load gives
        for alias in row["aliases"] or [row["name"]]:
            for ref in resolver.resolve_all(alias):
                known.setdefault(ref.id, (row["id"], row["name"]))

    def assign(affiliation: str) -> list[InstitutionAssignment]:
        out = []
        for ref in resolver.resolve_all(affiliation):
            inst_id, name = known.get(ref.id, (ref.id, ref.name))
            out.append(InstitutionAssignment(inst_id, name, (ref.alias,)))
        return out

    return assign
