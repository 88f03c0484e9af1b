"""Author reads: the profile basics and close collaborators."""

from __future__ import annotations

from typing import Any

from graphsvc.errors import NotFound
from graphsvc.store import GraphStore
from queries.ties import YEAR_DECAY


def author_profile(store: GraphStore, author_id: str) -> dict[str, Any]:
    """Name, variants, counts and affiliations of one author; NotFound for an unknown id."""
    rows = store.run("author_profile", {"id": author_id}).rows
    if not rows:
        raise NotFound(f"no author with id {author_id!r}")
    return rows[0]


def collaborators(
    store: GraphStore, author_id: str, offset: int = 0, limit: int = 20
) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of an author's co-authors, strongest ties first (queries.ties), each with
    the topics both work in."""
    head = store.run("author_ties_head", {"id": author_id}).rows
    if not head:
        raise NotFound(f"no author with id {author_id!r}")
    total, ref = head[0]["count"], head[0]["ref"]
    if offset >= total:
        return total, []
    params = {"id": author_id, "skip": offset, "limit": limit, "year_decay": YEAR_DECAY, "ref": ref}
    rows = store.run("author_collaborators", params).rows
    ids = sorted({t for r in rows for t in r["shared_topics"]})
    names = {r["id"]: r["name"] for r in store.run("topic_names", {"ids": ids}).rows} if ids else {}
    for r in rows:
        r["shared_topics"] = [{"id": t, "name": names.get(t, t)} for t in r["shared_topics"]]
    return total, rows
