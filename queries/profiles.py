"""Profile pages: authors (with trust), their works, papers, topics, institutions; and the social
actions stored in the graph (follow, open to collaborate, claims).

Social data model: (:User {id: API-key fingerprint})-[:FOLLOWS {since}]->(:Author),
(:User)-[:FILED]->(:Claim {id, status, user, orcid, requested_at, decided_at, decided_by})
-[:CLAIMS]->(:Author); Author.open_to_collaborate, Author.claimed_by, Author.orcid.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

from graphsvc.cypher_files import statements
from graphsvc.errors import Conflict, Forbidden, InvalidParameter, NotFound, QueryError
from graphsvc.store import GraphStore
from loaders.topics import as_topic_id
from queries.ties import YEAR_DECAY
from queries.trust import Evidence, trust_snapshot

CLOSE_MIN_JOINT_PAPERS = 2  # a close collaborator shares at least this many papers
TOP_TOPICS = 5
FIRST_CLOSE = 5
ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_schema_lock = threading.Lock()
_schema_ready: set[int] = set()


def ensure_social_schema(store: GraphStore) -> None:
    """Create the User/Claim indexes of cypher/<dialect>/schema_social.cypher once per store."""
    if id(store) in _schema_ready:
        return
    with _schema_lock:
        if id(store) in _schema_ready:
            return
        for statement in statements("schema_social", store.dialect):
            try:
                store.write(statement)
            except QueryError as exc:
                if "already" not in str(exc).lower():
                    raise
        _schema_ready.add(id(store))


# Reads ---------------------------------------------------------------------------------------


def author_page(store: GraphStore, author_id: str, user: str | None = None) -> dict[str, Any]:
    """Everything the profile page shows about one author; NotFound for an unknown id."""
    a = _require_author(store, author_id)
    counts = a["profile_counts"]
    c = json.loads(counts) if counts else _counts(store, author_id)
    topics, close = c.pop("topics"), c.pop("close")
    a = {**a, **c}
    claims = store.run("profile_claims", {"id": author_id}).rows
    status = claim_status(claims)
    sources = sorted(s for s in a["sources"] if s)
    affiliations = a["affiliations"]
    latest = max(affiliations, key=lambda x: (x["last_year"] or 0, x["id"]), default=None)
    trust = trust_snapshot(
        Evidence(
            works=a["works"],
            sources=sources,
            affiliation_known=bool(affiliations),
            orcid=a["orcid"],
            merge_score=a["merge_score"],
            claim_status=status,
        )
    )
    page = {
        "id": a["id"],
        "name": a["name"],
        "name_variants": a["name_variants"] or [],
        "works": a["works"],
        "first_year": a["first_year"],
        "last_year": a["last_year"],
        "coauthors": a["coauthors"],
        "affiliations": affiliations,
        "affiliation": {
            "status": "imported" if affiliations else "not imported",
            "current": latest,
        },
        "counts": {
            "works": a["works"],
            "topics": len(topics),
            "coauthors": a["coauthors"],
            "close_collaborators": a["close_collaborators"],
            "followers": a["followers"],
        },
        "close_collaborator_rule": f"at least {CLOSE_MIN_JOINT_PAPERS} joint papers",
        "top_topics": topics[:TOP_TOPICS],
        "close_collaborators": close,
        "open_to_collaborate": bool(a["open_to_collaborate"]),
        "claim": {
            "status": status or "unclaimed",
            "claimed": status == "approved",
            "pending": sum(1 for c in claims if c["status"] == "pending"),
        },
        "external_ids": {"orcid": a["orcid"]} if a["orcid"] else {},
        "sources": sources,
        "trust": trust,
    }
    if user is not None:
        following = store.run("social_is_following", {"id": author_id, "user": user}).rows
        page["following"] = bool(following and following[0]["following"])
    return page


def profile_counts(store: GraphStore, author_id: str) -> str | None:
    """An author's profile counters (works, years, sources, co-authors, close collaborators, all
    topics, first close collaborators) as JSON text; refresh_hubs stores the same text
    (profile_counts_many) on busy authors so their profile never aggregates over thousands of
    edges. None for an unknown author."""
    try:
        return json.dumps(_counts(store, author_id), sort_keys=True)
    except NotFound:
        return None


def _counts(store: GraphStore, author_id: str) -> dict[str, Any]:
    rows = store.run(
        "profile_author_counts", {"id": author_id, "close_min": CLOSE_MIN_JOINT_PAPERS}
    ).rows
    if not rows:
        raise NotFound(f"no author with id {author_id!r}")
    row = rows[0]
    topics = store.run("profile_topics", {"id": author_id}).rows
    close = store.run(
        "profile_close_collaborators",
        {"id": author_id, "limit": FIRST_CLOSE, "close_min": CLOSE_MIN_JOINT_PAPERS,
         "year_decay": YEAR_DECAY},
    ).rows
    return {**row, "topics": topics, "close": close}


def profile_counts_many(store: GraphStore, author_ids: list[str]) -> dict[str, str | None]:
    """profile_counts of many authors, three round trips in all (refresh_hubs)."""
    params = {"ids": author_ids, "close_min": CLOSE_MIN_JOINT_PAPERS}
    counts = {r.pop("author"): r for r in store.run("profile_hub_counts", params).rows}
    topics = _by_author(store.run("profile_hub_topics", params).rows)
    close_params = {**params, "limit": FIRST_CLOSE, "year_decay": YEAR_DECAY}
    close = _by_author(store.run("profile_hub_close", close_params).rows)
    return {
        a: json.dumps({**counts[a], "topics": topics.get(a, []), "close": close.get(a, [])},
                      sort_keys=True) if a in counts else None
        for a in author_ids
    }  # fmt: skip


def _by_author(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows grouped by their `author` column (dropped), in order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r.pop("author"), []).append(r)
    return out


def claim_status(claims: list[dict[str, Any]]) -> str | None:
    """approved beats pending beats rejected; None when no claim was ever filed."""
    found = {c["status"] for c in claims}
    return next((s for s in ("approved", "pending", "rejected") if s in found), None)


def venue_key(venue: str) -> str:
    """A venue as the works filter compares it: lower case, without spaces, dots, commas and
    dashes (so "Nucl. Phys. B" finds "Nucl.Phys. B463"); as `profile_works.cypher` does."""
    return re.sub(r"[ .,\-]", "", venue.lower())


def author_works(
    store: GraphStore,
    author_id: str,
    offset: int = 0,
    limit: int = 20,
    *,
    type: str | None = None,  # noqa: A002
    year: int | None = None,
    venue: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of an author's works, newest first, filtered by type, year and venue."""
    if not store.run("node_by_id", {"id": author_id}).rows or not author_id.startswith("author:"):
        raise NotFound(f"no author with id {author_id!r}")
    params = {
        "id": author_id,
        "type": type,
        "year": year,
        "venue": venue_key(venue) if venue else None,
    }
    total = store.run("profile_works_count", params).rows[0]["count"]
    rows = store.run("profile_works", {**params, "skip": offset, "limit": limit}).rows
    return total, rows


def paper_page(store: GraphStore, paper_id: str, similar: int = 5) -> dict[str, Any]:
    rows = store.run("explore_paper", {"id": paper_id}).rows
    if not rows:
        raise NotFound(f"no paper with id {paper_id!r}")
    page = rows[0]
    page["authors"] = sorted(page["authors"], key=lambda a: a["position"] or 0)
    page["similar"] = store.run("explore_paper_similar", {"id": paper_id, "limit": similar}).rows
    return page


def topic_page(store: GraphStore, topic_id: str, recent: int = 10) -> dict[str, Any]:
    """A topic's page; `hep-th` is read as a load reads it (`topic:hep-th`)."""
    topic_id = as_topic_id(topic_id)
    rows = store.run("explore_topic", {"id": topic_id}).rows
    if not rows:
        raise NotFound(f"no topic with id {topic_id!r}")
    page = rows[0]
    page["recent_works"] = store.run("explore_topic_recent", {"id": topic_id, "limit": recent}).rows
    return page


def institution_page(store: GraphStore, inst_id: str, members: int = 20) -> dict[str, Any]:
    rows = store.run("explore_institution", {"id": inst_id, "limit": members}).rows
    if not rows:
        raise NotFound(f"no institution with id {inst_id!r}")
    return rows[0]


# Social writes -------------------------------------------------------------------------------


def follow(store: GraphStore, author_id: str, user: str) -> dict[str, Any]:
    ensure_social_schema(store)
    if not store.run_write("social_follow", _p(id=author_id, user=user)).rows:
        raise NotFound(f"no author with id {author_id!r}")
    return _follow_state(store, author_id, user)


def unfollow(store: GraphStore, author_id: str, user: str) -> dict[str, Any]:
    ensure_social_schema(store)
    _require_author(store, author_id)
    store.run_write("social_unfollow", _p(id=author_id, user=user))
    return _follow_state(store, author_id, user)


def set_open_to_collaborate(
    store: GraphStore, author_id: str, user: str, role: str, value: bool
) -> dict[str, Any]:
    """Only the approved claimant of the record, or a curator, may change the flag."""
    a = _require_author(store, author_id)
    if a["claimed_by"] != user and role not in ("curator", "admin"):
        raise Forbidden(
            f"only the approved claimant of {author_id!r} or a curator may set open_to_collaborate"
        )
    rows = store.run_write("social_open", _p(id=author_id, value=value)).rows
    return rows[0]


def file_claim(
    store: GraphStore, author_id: str, user: str, orcid: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """A pending claim by `user`; the same user's open claim is returned rather than doubled."""
    ensure_social_schema(store)
    if orcid is not None and not ORCID.match(orcid):
        raise InvalidParameter(f"orcid {orcid!r} is not an ORCID iD like 0000-0002-1825-0097")
    a = _require_author(store, author_id)
    claims = store.run("profile_claims", {"id": author_id}).rows
    if a["claimed_by"] is not None:
        raise Conflict(f"author {author_id!r} is already claimed")
    for c in claims:
        if c["status"] == "pending" and c["user"] == user:
            return c
    params = _p(id=author_id, user=user, claim=f"claim:{uuid.uuid4().hex}", orcid=orcid, note=note)
    return store.run_write("social_claim", params).rows[0]


def decide_claim(
    store: GraphStore, author_id: str, curator: str, status: str, claim_id: str | None = None
) -> dict[str, Any]:
    """Approve or reject a pending claim (the oldest pending one when no id is given)."""
    _require_author(store, author_id)
    pending = [
        c for c in store.run("profile_claims", {"id": author_id}).rows if c["status"] == "pending"
    ]
    if claim_id is not None:
        pending = [c for c in pending if c["id"] == claim_id]
    if not pending:
        which = f"claim {claim_id!r}" if claim_id else "any claim"
        raise NotFound(f"author {author_id!r} has no pending {which}")
    target = min(pending, key=lambda c: (c["requested_at"] or "", c["id"]))
    if status == "approved":
        current = _require_author(store, author_id)["claimed_by"]
        if current is not None:
            raise Conflict(f"author {author_id!r} is already claimed")
    params = _p(id=author_id, claim=target["id"], status=status, curator=curator)
    return store.run_write("social_claim_decide", params).rows[0]


def _require_author(store: GraphStore, author_id: str) -> dict[str, Any]:
    rows = store.run("profile_author_facts", {"id": author_id}).rows
    if not rows:
        raise NotFound(f"no author with id {author_id!r}")
    return rows[0]


def _follow_state(store: GraphStore, author_id: str, user: str) -> dict[str, Any]:
    following = store.run("social_is_following", {"id": author_id, "user": user}).rows
    followers = _require_author(store, author_id)["followers"]
    return {
        "id": author_id,
        "following": bool(following and following[0]["following"]),
        "followers": followers,
    }


def _p(**params: Any) -> dict[str, Any]:
    return {"now": datetime.now(UTC).isoformat(timespec="seconds"), **params}
