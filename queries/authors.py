"""Author reads: the profile basics and close collaborators."""

from __future__ import annotations

from typing import Any

from graphsvc.errors import NotFound
from graphsvc.store import GraphStore


def author_profile(store: GraphStore, author_id: str) -> dict[str, Any]:
    """Name, variants, counts and affiliations of one author; NotFound for an unknown id."""
    rows = store.run("author_profile", {"id": author_id}).rows
    if not rows:
        raise NotFound(f"no author with id {author_id!r}")
    return rows[0]


def collaborators(
    store: GraphStore, author_id: str, offset: int = 0, limit: int = 20
) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of an author's co-authors, strongest ties first."""
    author_profile(store, author_id)  # 404 before an empty list
    total = store.run("author_collaborator_count", {"id": author_id}).rows[0]["count"]
    rows = store.run("author_collaborators", {"id": author_id, "skip": offset, "limit": limit}).rows
    return total, rows
