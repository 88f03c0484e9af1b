"""Response models shared by the routes (OpenAlex-style lists and errors)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import Response
from pydantic import BaseModel, Field, TypeAdapter

T = TypeVar("T")


class Meta(BaseModel):
    count: int = Field(description="Total number of results across all pages.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class Page(BaseModel, Generic[T]):
    meta: Meta
    results: list[T]


def page_response(
    adapter: TypeAdapter, count: int, next_cursor: str | None, results: list
) -> Response:
    """A list response checked against its model and serialised by pydantic, for routes that
    answer from the thread pool: FastAPI's own response validation would take another hop."""
    body = adapter.validate_python({"meta": {"count": count, "next_cursor": next_cursor},
                                    "results": results})  # fmt: skip
    return Response(adapter.dump_json(body), media_type="application/json")


class ErrorBody(BaseModel):
    error: str = Field(description="Machine-readable error code.")
    message: str = Field(description="What went wrong, for a person.")


class TopicRef(BaseModel):
    id: str
    name: str


class Collaborator(BaseModel):
    id: str
    name: str
    joint_papers: int
    first_year: int | None = None
    last_year: int | None = None
    strength: float = Field(
        description="Joint papers, divided by e for each year the tie is older than the"
        " author's latest joint paper (the list's order)"
    )
    topic_overlap: float = Field(
        description="Jaccard of the two authors' main topics (orders equal strengths)"
    )
    shared_topics: list[TopicRef] = Field(
        description="The author's main topics that are also the co-author's, main ones first"
    )


class Affiliation(BaseModel):
    id: str
    name: str
    first_year: int | None = None
    last_year: int | None = None


class AuthorProfile(BaseModel):
    id: str
    name: str
    name_variants: list[str] = []
    works: int
    first_year: int | None = None
    last_year: int | None = None
    coauthors: int
    affiliations: list[Affiliation] = []


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherResponse(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    elapsed_ms: float
