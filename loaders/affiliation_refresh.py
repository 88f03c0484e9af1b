"""AFFILIATED_WITH rebuilt from an author's own mentions, after mentions moved between authors.

A load writes an author's institutions from the affiliations of the mentions it writes, and
only ever adds to them. When identity moves an earlier mention to another author (a merge, a
split, `graphsvc upgrade --identity`), the institutions that mention gave must move with it:
the author who lost it keeps none it no longer has a mention for, and the author who gained it
gets them (before this, a merged author lost the institutions of the author merged into it).
Institutions left with no author are removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graphsvc.store import GraphStore
from loaders.touched import Touched

if TYPE_CHECKING:
    from loaders.writer import InstitutionAssigner


def refresh_affiliations(
    store: GraphStore,
    author_ids: Iterable[str],
    assign_institution: InstitutionAssigner,
    changed: Touched | None = None,
    batch_size: int = 2000,
) -> int:
    """Make each author's AFFILIATED_WITH edges (and their first and last years) exactly what
    the affiliations of its AUTHORED edges give; returns how many edges were removed."""
    changed = changed if changed is not None else Touched()
    ids = sorted(set(author_ids))
    step = max(1, batch_size // 4)
    removed_total = 0
    for i in range(0, len(ids), step):
        chunk = ids[i : i + step]
        rows = []
        for r in store.run("author_mention_affiliations", {"ids": chunk}).rows:
            rows += affiliation_rows(r["author"], r["affiliations"] or [], r["year"],
                                     assign_institution)  # fmt: skip
        wanted = merge_affiliations(rows)
        changed.nodes(store.write_batches("set_author_affiliations", wanted, batch_size).rows)
        changed.edges(wanted, "author", "institution")
        keep: dict[str, list[str]] = {a: [] for a in chunk}
        for w in wanted:
            keep[w["author"]].append(w["institution"])
        stale = [{"author": a, "keep": k} for a, k in keep.items()]
        removed = store.write_batches("delete_stale_affiliations", stale, batch_size).rows
        changed.removed(removed, "author", "institution")
        removed_total += len(removed)
        gone = sorted({r["institution"] for r in removed})
        if gone:
            store.run_write("delete_orphan_institutions", {"ids": gone})
    return removed_total


def affiliation_rows(
    author_id: str, texts: Iterable[str], year: int | None, assign: InstitutionAssigner
) -> list[dict]:
    """One row per institution the affiliation `texts` of one mention name (as
    `merge_affiliations` and the affiliation statements take them)."""
    return [{"author": author_id, "institution": inst.id, "name": inst.name,
             "aliases": list(inst.aliases), "year": year}
            for text in texts for inst in assign(text)]  # fmt: skip


def merge_affiliations(rows: list[dict]) -> list[dict]:
    """One row per (author, institution) with the first and last year and every alias."""
    merged: dict[tuple[str, str], dict] = {}
    for r in rows:
        m = merged.setdefault((r["author"], r["institution"]), {
            "author": r["author"], "institution": r["institution"], "name": r["name"],
            "aliases": [], "first_year": r["year"], "last_year": r["year"]})  # fmt: skip
        m["aliases"] += [a for a in r["aliases"] if a not in m["aliases"]]
        years = [y for y in (m["first_year"], m["last_year"], r["year"]) if y is not None]
        m["first_year"], m["last_year"] = (min(years), max(years)) if years else (None, None)
    return list(merged.values())
