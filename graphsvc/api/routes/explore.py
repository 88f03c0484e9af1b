"""The explorer's reads (works, papers, topics, institutions, search) and social actions
(follow, open to collaborate, claims). Ids contain ':' and '/', hence `{...:path}` parameters."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query
from pydantic import BaseModel, Field

from graphsvc.api.deps import StoreDep
from graphsvc.api.models import Meta
from graphsvc.api.openapi_errors import error_responses
from graphsvc.api.security import CuratorDep, Principal, ReaderDep
from graphsvc.errors import AuthError, InvalidParameter
from queries.paging import decode_cursor, next_cursor
from queries.profiles import (
    author_works,
    decide_claim,
    file_claim,
    follow,
    institution_page,
    paper_page,
    set_open_to_collaborate,
    topic_page,
    unfollow,
)
from queries.search import search

router = APIRouter(tags=["explore"])
AuthorId = Annotated[str, Path(max_length=300, description="e.g. author:g-w-gibbons")]
Cursor = Annotated[str | None, Query(max_length=200)]


def signed_in(who: ReaderDep) -> Principal:
    """Social actions need a real API key (reader or higher), even when reads are public."""
    if who.key_id is None:
        raise AuthError("this action needs an API key (role reader or higher)")
    return who


UserDep = Annotated[Principal, Depends(signed_in)]


def _page(offset: int, rows: list, total: int) -> dict:
    return {
        "meta": Meta(count=total, next_cursor=next_cursor(offset, len(rows), total)),
        "results": rows,
    }


@router.get("/authors/{author_id}/works", summary="An author's works, newest first, paged")
def get_works(
    author_id: AuthorId,
    store: StoreDep,
    per_page: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Cursor = None,
    type: Annotated[  # noqa: A002
        Literal["preprint", "article"] | None, Query(description="preprint or article")
    ] = None,
    year: Annotated[int | None, Query(ge=1000, le=3000)] = None,
    venue: Annotated[
        str | None,
        Query(max_length=200, description="part of the venue; any case, spaces and dots"),
    ] = None,
) -> dict:
    offset = decode_cursor(cursor)
    total, rows = author_works(
        store, author_id, offset, per_page, type=type, year=year, venue=venue
    )
    return _page(offset, rows, total)


@router.get("/papers/{paper_id:path}", summary="A paper with its authors, topics, similar papers")
def get_paper(paper_id: Annotated[str, Path(max_length=300)], store: StoreDep) -> dict:
    return paper_page(store, paper_id)


@router.get("/topics/{topic_id:path}", summary="A topic with its counts and recent works")
def get_topic(topic_id: Annotated[str, Path(max_length=300)], store: StoreDep) -> dict:
    return topic_page(store, topic_id)


@router.get("/institutions/{inst_id:path}", summary="An institution with its authors")
def get_institution(inst_id: Annotated[str, Path(max_length=300)], store: StoreDep) -> dict:
    return institution_page(store, inst_id)


@router.get("/search", summary="Typo-tolerant search and autocomplete, best match first")
def get_search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    type: Annotated[  # noqa: A002
        str | None, Query(max_length=20, description="Author, Paper, Topic or Institution")
    ] = None,
    per_page: Annotated[int | None, Query(ge=1, le=100, description="default 10")] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=100, description="the same as per_page (older name)")
    ] = None,
    cursor: Cursor = None,
) -> dict:
    if per_page is not None and limit is not None and per_page != limit:
        raise InvalidParameter("per_page and limit name the same page size; give one of them")
    offset = decode_cursor(cursor)
    total, rows = search(store, q, type, offset, per_page or limit or 10)
    return _page(offset, rows, total)


# Social actions ------------------------------------------------------------------------------


class OpenBody(BaseModel):
    value: bool = Field(True, description="true: open to collaborate; false: not")


class ClaimBody(BaseModel):
    orcid: str | None = Field(None, max_length=40, description="e.g. 0000-0002-1825-0097")
    note: str | None = Field(None, max_length=2000)


class DecisionBody(BaseModel):
    claim_id: str | None = Field(None, max_length=100, description="default: oldest pending")


@router.post("/authors/{author_id}/follow", summary="Follow an author (API key needed)")
def post_follow(author_id: AuthorId, store: StoreDep, who: UserDep) -> dict:
    return follow(store, author_id, who.key_id)


@router.post("/authors/{author_id}/unfollow", summary="Stop following an author")
def post_unfollow(author_id: AuthorId, store: StoreDep, who: UserDep) -> dict:
    return unfollow(store, author_id, who.key_id)


@router.post(
    "/authors/{author_id}/open-to-collaborate",
    summary="Mark open to collaborate (the approved claimant or a curator)",
)
def post_open(
    author_id: AuthorId, store: StoreDep, who: UserDep, body: Annotated[OpenBody, Body()] = None
) -> dict:
    value = True if body is None else body.value
    return set_open_to_collaborate(store, author_id, who.key_id, who.role, value)


@router.post(
    "/authors/{author_id}/claim",
    status_code=202,
    summary="Claim an author record; pending until a curator approves",
    responses=error_responses(409),
)
def post_claim(
    author_id: AuthorId, store: StoreDep, who: UserDep, body: Annotated[ClaimBody, Body()] = None
) -> dict:
    body = body or ClaimBody()
    return file_claim(store, author_id, who.key_id, body.orcid, body.note)


@router.post(
    "/authors/{author_id}/claim/{decision}",
    summary="Approve or reject a claim (curator)",
    responses=error_responses(409),
)
def post_claim_decision(
    author_id: AuthorId,
    decision: Literal["approve", "reject"],
    store: StoreDep,
    who: CuratorDep,
    body: Annotated[DecisionBody, Body()] = None,
) -> dict:
    status = "approved" if decision == "approve" else "rejected"
    claim_id = body.claim_id if body else None
    return decide_claim(store, author_id, who.key_id or "curator", status, claim_id)
