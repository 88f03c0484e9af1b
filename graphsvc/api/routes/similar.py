"""Similar papers (SIMILAR_TO by TF-IDF cosine over title and abstract)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from graphsvc.api.deps import StoreDep
from graphsvc.errors import NotFound
from queries.paging import decode_cursor, next_cursor

router = APIRouter(tags=["papers"])


@router.get("/papers/{paper_id:path}/similar", summary="The most similar papers, best first")
def get_similar(
    paper_id: Annotated[str, Path(max_length=300, description="e.g. paper:arxiv:hep-th/9201001")],
    store: StoreDep,
    per_page: Annotated[int, Query(ge=1, le=100)] = 10,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> dict:
    offset = decode_cursor(cursor)
    found = store.run("paper_similar_count", {"id": paper_id}).rows
    if not found:
        raise NotFound(f"no paper with id {paper_id!r}")
    total = found[0]["count"]
    rows = store.run("paper_similar", {"id": paper_id, "skip": offset, "limit": per_page}).rows
    return {"meta": {"count": total, "next_cursor": next_cursor(offset, len(rows), total)},
            "results": rows}  # fmt: skip
