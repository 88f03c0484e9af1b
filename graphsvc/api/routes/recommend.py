"""Recommendations: people an author has not yet written with, ranked, with reasons."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field, TypeAdapter

from graphsvc.api.deps import StoreDep
from graphsvc.api.models import Page, page_response
from graphsvc.errors import InvalidParameter
from queries.paging import decode_cursor, next_cursor
from queries.recommend import IndexHolder, RecommendIndex, recommend

router = APIRouter(prefix="/authors", tags=["recommendations"])
AuthorId = Annotated[str, Path(max_length=300, description="e.g. author:s-d-odintsov")]
MAX_EXCLUDE = 200


class Ref(BaseModel):
    id: str
    name: str


class Reasons(BaseModel):
    shared_coauthors: list[Ref]
    n_shared_coauthors: int
    shared_topics: list[Ref]
    same_institution: list[Ref]
    shared_sites: list[str] = Field(
        description="Submitting sites (e.g. the e-mail domain of hep-th submitters, "
        "`harvard.edu`) both authors have papers from, the most shared first"
    )
    topic_similarity: float = Field(description="cosine of the two authors' topic counts")
    text_similarity: float | None = Field(
        description="cosine of the two authors' title+abstract TF-IDF vectors (their 32 "
        "heaviest terms each), the similarity the ranker scores; null when papers have no text"
    )
    shared_terms: list[str] = Field(
        description="up to 5 terms both text vectors hold, by their share of text_similarity "
        "times their rarity among authors (specific terms before `theory`)"
    )


class Recommendation(BaseModel):
    id: str
    name: str
    score: float = Field(
        description="estimated probability of a joint paper in the next year or two, from "
        "the candidate's tier's model (one scale for all tiers; the list is ordered by tier "
        "first)"
    )
    open_to_collaborate: bool
    tier: Literal["network", "site", "text"] = Field(
        description="`network`: reached within 3 hops over the strongest co-author ties "
        "(always listed first); `site`: beyond them, shares a submitting site; `text`: "
        "fills a list shorter than 100 with the authors whose titles and abstracts are "
        "closest (for authors with few or no co-authors)"
    )
    reasons: Reasons


PAGE = TypeAdapter(Page[Recommendation])


def _holder(request: Request, store: StoreDep) -> IndexHolder:
    holder = getattr(request.app.state, "recommend_index", None)
    if holder is None or holder.store is not store:
        settings = request.app.state.settings
        disk_dir = settings.data_dir / "recommend-index" / settings.graph_name
        if store.dialect != "falkordb":  # a Neo4j server has no data directory here
            disk_dir = None
        holder = request.app.state.recommend_index = IndexHolder(store, disk_dir=disk_dir)
    return holder


def _exclude(text: str | None) -> frozenset[str]:
    ids = [x.strip() for x in (text or "").split(",") if x.strip()]
    if len(ids) > MAX_EXCLUDE:
        raise InvalidParameter(f"exclude: at most {MAX_EXCLUDE} ids, got {len(ids)}")
    return frozenset(ids)


@router.get(
    "/{author_id}/recommendations",
    response_model=Page[Recommendation],
    summary="People to work with next: not yet co-authors, ranked, with reasons",
)
async def get_recommendations(
    author_id: AuthorId,
    request: Request,
    store: StoreDep,
    topic: Annotated[str | None, Query(max_length=200, description="topic id, e.g. hep-th")] = None,
    institution: Annotated[str | None, Query(max_length=300, description="inst:... id")] = None,
    since: Annotated[int | None, Query(ge=1000, le=3000, description="active since year")] = None,
    exclude: Annotated[str | None, Query(max_length=20_000, description="ids, a,b,c")] = None,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    # async: parameters are checked here; the version check, the ranking and the response's
    # validation run together, the version read overlapping the ranking: on the event loop
    # when the page is cheap to make, else in the thread pool in one hop
    # (IndexHolder.serve).
    offset, excluded = decode_cursor(cursor), _exclude(exclude)
    holder = _holder(request, store)

    def answer(idx: RecommendIndex) -> Response:
        total, rows = recommend(idx, author_id, topic=topic, institution=institution,
                                since=since, exclude=excluded, offset=offset, limit=per_page,
                                open_flags=holder.open_flags(idx))  # fmt: skip
        return page_response(PAGE, total, next_cursor(offset, len(rows), total), rows)

    return await holder.serve(answer, quick=lambda idx: idx.quick(author_id))
