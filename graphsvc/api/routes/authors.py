"""Authors: the profile page (counts, top topics, close collaborators, trust) and co-authors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from graphsvc.api.deps import StoreDep
from graphsvc.api.models import Collaborator, Page, page_response
from graphsvc.api.security import ReaderDep
from queries.authors import collaborators
from queries.paging import decode_cursor, next_cursor
from queries.profiles import author_page

router = APIRouter(prefix="/authors", tags=["authors"])
AuthorId = Annotated[str, Path(max_length=300, description="e.g. author:s-d-odintsov")]
COLLABORATORS = TypeAdapter(Page[Collaborator])


@router.get("/{author_id}", summary="An author's profile: counts, topics, collaborators, trust")
def get_author(author_id: AuthorId, store: StoreDep, who: ReaderDep) -> JSONResponse:
    return JSONResponse(author_page(store, author_id, user=who.key_id))  # plain JSON types


@router.get(
    "/{author_id}/collaborators",
    response_model=Page[Collaborator],
    summary="Existing co-authors, strongest ties first",
)
async def get_collaborators(
    author_id: AuthorId,
    store: StoreDep,
    per_page: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    offset = decode_cursor(cursor)

    def answer() -> Response:  # the store read and the response check: one thread-pool hop
        total, rows = collaborators(store, author_id, offset, per_page)
        return page_response(COLLABORATORS, total, next_cursor(offset, len(rows), total), rows)

    return await run_in_threadpool(answer)
