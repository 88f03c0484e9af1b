"""Write canonical Work records into a GraphStore: batched, parameterised, idempotent.

A load is safe to repeat and to interrupt: papers, authors, topics and institutions are MERGEd
by id, AUTHORED edges of a paper are replaced by its current author list, and CO_AUTHOR edges
are recomputed from AUTHORED for every author the load touched (so weights never double and a
rerun after `kill -9` ends with the same graph as one uninterrupted load).
"""

from __future__ import annotations

import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from graphsvc.store.base import GraphStore
from loaders.affiliation_refresh import (
    affiliation_rows,
    merge_affiliations,
    refresh_affiliations,
)
from loaders.identity.resolver import email_key
from loaders.model import AuthorRef, Rejected, Work
from loaders.rejects import RejectsFile
from loaders.topics import MAIN_TOPICS, topic_id, topic_name
from loaders.touched import Touched, mark_hubs_pending


@dataclass(frozen=True)
class AuthorAssignment:
    """Which Author node one author mention of a work becomes."""

    id: str
    name: str
    name_key: str
    block_key: str | None = None
    orcid: str | None = None
    merge_score: float | None = None  # 0-1 confidence of the weakest merge behind this author
    merge_reasons: list[str] = field(default_factory=list, hash=False)


@dataclass(frozen=True)
class InstitutionAssignment:
    """Which Institution node an affiliation string becomes."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


AuthorAssigner = Callable[[Work], list[AuthorAssignment]]
InstitutionAssigner = Callable[[str], list[InstitutionAssignment]]


@dataclass
class LoadReport:
    """What one load did: counts, timings and every rejected record with its reason."""

    run: str
    read: int = 0
    written: int = 0
    new_papers: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    authors_touched: int = 0
    seconds: float = 0.0
    rejects_file: str | None = None
    identity_moves: int = 0
    names_cut: list[str] = field(default_factory=list)  # run-on author names cut in two
    similar_edges: int = 0
    hubs_refreshed: int | None = None  # hubs rebuilt after the load (None: not run)
    hubs_full_refresh: bool = False  # every hub rebuilt, not only the touched ones
    touched: Touched = field(default_factory=Touched)  # what the hub refresh must look at

    def as_dict(self) -> dict:
        return {
            "run": self.run,
            "records_read": self.read,
            "papers_written": self.written,
            "new_papers": self.new_papers,
            "rejected": len(self.rejected),
            "authors_touched": self.authors_touched,
            "identity_moves": self.identity_moves,
            "names_cut": self.names_cut[:50],
            "similar_edges": self.similar_edges,
            "hubs_refreshed": self.hubs_refreshed,
            "hubs_full_refresh": self.hubs_full_refresh,
            "seconds": round(self.seconds, 2),
            "rejects_file": self.rejects_file,
            "rejections": [str(r) for r in self.rejected[:50]],
        }


def slug(text: str) -> str:
    """Lowercase ASCII words joined by '-', safe inside a URL path segment."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


def name_key_assigner(name_key: Callable[[str], str]) -> AuthorAssigner:
    """One author per distinct name key: the plain rule, without identity resolution."""
    from loaders.names import block_key

    def assign(work: Work) -> list[AuthorAssignment]:
        out = []
        for ref in work.authors:
            key = name_key(ref.name)
            out.append(AuthorAssignment(f"author:{slug(key)}", ref.name, key,
                                        block_key(ref.name)))  # fmt: skip
        return out

    return assign


def slug_institutions(affiliation: str) -> list[InstitutionAssignment]:
    """The plain institution rule: one node per normalised affiliation string."""
    name = " ".join(affiliation.split()).strip(" ,;.")
    return [InstitutionAssignment(f"inst:{slug(name)[:80]}", name, (name,))] if name else []


class GraphWriter:
    """Writes batches of works and keeps the derived CO_AUTHOR edges exact."""

    def __init__(
        self,
        store: GraphStore,
        assign_authors: AuthorAssigner,
        assign_institution: InstitutionAssigner = slug_institutions,
        batch_size: int = 2000,
    ) -> None:
        self.store = store
        self.assign_authors = assign_authors
        self.assign_institution = assign_institution
        self.batch_size = batch_size

    def load(
        self,
        records: Iterable[Work | Rejected],
        rejects: RejectsFile | None = None,
        on_progress: Callable[[int], None] | None = None,
        moves: list[dict] | None = None,
    ) -> LoadReport:
        """Write every Work; report (and keep going past) every Rejected; apply identity
        `moves` (earlier mentions that now belong to another author)."""
        report = LoadReport(run=uuid.uuid4().hex[:12])
        started = time.perf_counter()
        mark_hubs_pending(self.store, report.run)
        touched: set[str] = set()
        for batch in _batches(records, self.batch_size):
            works: dict[str, Work] = {}
            for rec in batch:
                report.read += 1
                if isinstance(rec, Rejected):
                    report.rejected.append(rec)
                    if rejects:
                        rejects.write(rec)
                else:
                    works[rec.id] = rec  # a later copy of the same id wins
            if works:
                new = self._new_ids(list(works))
                report.new_papers += len(new)
                touched |= self._write_works(list(works.values()), report.run, new,
                                             report.touched)  # fmt: skip
                report.written += len(works)
            if on_progress:
                on_progress(len(batch))
        touched |= self.move_mentions(moves or [], report.run, report.touched)
        refresh_coauthors(self.store, touched, report.run, report.touched,
                          batch_size=self.batch_size)  # fmt: skip
        self.store.run_write("bump_graph_version", {"run": report.run})
        report.authors_touched = len(touched)
        report.seconds = time.perf_counter() - started
        if rejects:
            report.rejects_file = str(rejects.path) if report.rejected else None
        return report

    def _new_ids(self, ids: list[str]) -> set[str]:
        """The paper ids (`paper:...`) of these works not in the graph yet."""
        paper_ids = [f"paper:{i}" for i in ids]
        found = {r["id"] for r in self.store.run("existing_paper_ids", {"ids": paper_ids}).rows}
        return set(paper_ids) - found

    def _write_works(
        self,
        works: list[Work],
        run: str,
        new: set[str] = frozenset(),
        changed: Touched | None = None,
    ) -> set[str]:
        """Write one batch. Papers in `new` are not in the graph yet: they are CREATEd with
        their AUTHORED and HAS_TOPIC edges (nothing of theirs to match or to remove); the others
        are MERGEd. A rerun after an interruption finds them and takes the MERGE path. What the
        batch changed for hub data goes to `changed`; returns the authors touched."""
        changed = changed if changed is not None else Touched()
        papers, authors, authored, current, topics, affiliations = [], {}, [], [], [], []
        venues: list[dict] = []
        funding: list[dict] = []
        for work in works:
            pid = f"paper:{work.id}"
            papers.append(_paper_row(pid, work))
            assigned = self.assign_authors(work)
            current.append({"paper": pid, "authors": [a.id for a in assigned]})
            for pos, (ref, a) in enumerate(zip(work.authors, assigned, strict=True), start=1):
                row = authors.setdefault(a.id, _author_row(a))
                if ref.name not in row["variants"]:
                    row["variants"].append(ref.name)
                authored.append({"author": a.id, "paper": pid, "position": pos,
                                 "name": ref.name, "affiliations": ref.affiliations,
                                 "source_author_id": ref.id, "orcid": ref.orcid,
                                 "email_key": email_key(ref.email)})  # fmt: skip
                affiliations += self._affiliation_rows(a.id, ref, work.year)
            venues += _venue_rows(pid, work)
            funding += _funding_rows(pid, work)
            for topic in dict.fromkeys(work.topics):
                topics.append({"paper": pid, "topic": topic_id(topic), "name": topic_name(topic)})
        s, bs = self.store, self.batch_size
        is_new = lambda row: row["paper"] in new  # noqa: E731
        s.write_batches("create_papers", [p for p in papers if p["id"] in new], bs, run=run)
        s.write_batches("upsert_papers", [p for p in papers if p["id"] not in new], bs, run=run)
        changed.nodes(p for p in papers if p["id"] not in new)  # title, year, source may differ
        changed.nodes(s.write_batches("upsert_authors", list(authors.values()), bs, run=run).rows)
        stale = [c for c in current if not is_new(c)]
        removed = s.write_batches("remove_stale_authored", stale, bs).rows
        changed.removed(removed, "author", "paper")
        created, merged = _split(_last_per_pair(authored, "author"), is_new)
        s.write_batches("create_authored", created, bs)
        s.write_batches("upsert_authored", merged, bs)
        changed.edges(created + merged, "author", "paper")
        created, merged = _split(_last_per_pair(topics, "topic"), is_new)
        renamed = s.write_batches("create_topic_edges", created, bs).rows
        renamed += s.write_batches("upsert_topics", merged, bs).rows
        changed.edges(created + merged, "paper", "topic")
        if renamed:  # shown in the profiles of every author of the topic's papers (2 hops)
            changed.everything(f"topic renamed: {renamed[0]['id']}")
        rows = merge_affiliations(affiliations)
        changed.nodes(s.write_batches("upsert_affiliations", rows, bs).rows)  # renamed
        changed.edges(rows, "author", "institution")
        # PUBLISHED_IN, FUNDED_BY, HAS_AWARD: not shown by the explorer, not counted for hubs
        s.write_batches("upsert_venues", venues, bs)
        s.write_batches("upsert_funding", funding, bs)
        return set(authors) | {r["author"] for r in removed}

    def _affiliation_rows(self, author_id: str, ref: AuthorRef, year: int | None) -> list[dict]:
        return affiliation_rows(author_id, ref.affiliations, year, self.assign_institution)

    def write_authors(
        self, authors: Iterable[AuthorAssignment], run: str, changed: Touched | None = None
    ) -> set[str]:
        """Create or update these authors (name, keys, merge evidence); returns the ids of
        those whose name changed, which also go to `changed`."""
        rows = list({a.id: _author_row(a) for a in authors}.values())
        renamed = self.store.write_batches("upsert_authors", rows, self.batch_size, run=run).rows
        if changed is not None:
            changed.nodes(renamed)
        return {r["id"] for r in renamed}

    def move_mentions(
        self, moves: list[dict], run: str, changed: Touched | None = None
    ) -> set[str]:
        """Write the authors identity now assigns to earlier papers' mentions, re-point those
        AUTHORED edges to them (`move_authored`) and rebuild both ends' institutions
        (`loaders.affiliation_refresh`); returns the authors on both ends."""
        if not moves:
            return set()
        changed = changed if changed is not None else Touched()
        self.write_authors((m["author"] for m in moves), run, changed)
        ends = self.move_authored(moves, changed)
        refresh_affiliations(self.store, ends, self.assign_institution, changed, self.batch_size)
        return ends

    def move_authored(self, moves: list[dict], changed: Touched | None = None) -> set[str]:
        """Re-point earlier papers' AUTHORED edges to authors already written; returns the
        authors on both ends."""
        changed = changed if changed is not None else Touched()
        rows = [{"paper": m["paper"], "from": m["from"], "to": m["to"]} for m in moves]
        self.store.write_batches("move_authored", rows, self.batch_size)
        changed.removed(rows, "from", "paper")
        changed.edges(rows, "to", "paper")
        return {m["from"] for m in moves} | {m["to"] for m in moves}

    def rewrite_authored(self, papers: list[dict], changed: Touched | None = None) -> set[str]:
        """Replace the author lists of earlier papers (`{paper, rows}`, rows as
        `upsert_authored` takes them, every author already written): authors no longer listed
        lose their AUTHORED edge, the others get their new position and name; returns the
        authors on both ends."""
        if not papers:
            return set()
        changed = changed if changed is not None else Touched()
        current = [{"paper": p["paper"], "authors": [r["author"] for r in p["rows"]]}
                   for p in papers]  # fmt: skip
        removed = self.store.write_batches("remove_stale_authored", current, self.batch_size).rows
        changed.removed(removed, "author", "paper")
        rows = _last_per_pair([r for p in papers for r in p["rows"]], "author")
        self.store.write_batches("upsert_authored", rows, self.batch_size)
        changed.edges(rows, "author", "paper")
        return {r["author"] for r in rows} | {r["author"] for r in removed}


def refresh_coauthors(
    store: GraphStore,
    author_ids: Iterable[str],
    run: str,
    changed: Touched | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    batch_size: int = 2000,
) -> None:
    """Recompute Author.topics and CO_AUTHOR (weight, first/last year, topic_overlap) of
    these authors from AUTHORED and HAS_TOPIC; the edges that changed or went, and every
    edge of a deleted author, go to `changed`. `on_progress(done, 2 x authors)` after each
    batch of the two passes (topics, then ties)."""
    changed = changed if changed is not None else Touched()
    ids = sorted(author_ids)
    step = max(1, batch_size // 4)
    for i in range(0, len(ids), step):  # every end's topics before any topic_overlap
        store.run_write("author_topics", {"ids": ids[i : i + step], "limit": MAIN_TOPICS})
        if on_progress:
            on_progress(min(i + step, len(ids)), 2 * len(ids))
    for i in range(0, len(ids), step):
        chunk = {"ids": ids[i : i + step], "run": run}
        store.run_write("mark_coauthor_edges", chunk)
        changed.edges(store.run_write("recompute_coauthor", chunk).rows, "a", "b")
        changed.removed(store.run_write("delete_stale_coauthor", chunk).rows, "a", "b")
        for gone in store.run_write("delete_orphan_authors", chunk).rows:
            rows = [{"a": gone["id"], "b": n} for n in gone["neighbours"] if n]
            changed.removed(rows, "a", "b")
        if on_progress:
            on_progress(len(ids) + min(i + step, len(ids)), 2 * len(ids))


def _last_per_pair(rows: list[dict], other: str) -> list[dict]:
    """One row per (row[other], paper), the last one winning, as MERGE + SET would leave it."""
    return list({(r[other], r["paper"]): r for r in rows}.values())


def _split(rows: list[dict], pred: Callable[[dict], bool]) -> tuple[list[dict], list[dict]]:
    yes = [r for r in rows if pred(r)]
    return yes, [r for r in rows if not pred(r)]


def _author_row(a: AuthorAssignment) -> dict:
    return {"id": a.id, "name": a.name, "name_key": a.name_key, "block_key": a.block_key,
            "orcid": a.orcid, "merge_score": a.merge_score, "merge_reasons": a.merge_reasons,
            "variants": []}  # fmt: skip


def _venue_rows(pid: str, work: Work) -> list[dict]:
    if not work.venue:
        return []
    key = f"issn:{work.issn}" if work.issn else slug(work.venue)[:80]
    return [{"paper": pid, "venue": f"venue:{key}", "name": work.venue, "issn": work.issn}]


def _funding_rows(pid: str, work: Work) -> list[dict]:
    rows = []
    for award in work.awards:
        funder = f"funder:{slug(award.funder_id or award.funder)[:80]}"
        rows.append({
            "paper": pid, "funder": funder, "funder_name": award.funder,
            "funder_source_id": award.funder_id, "number": award.number,
            "award": f"award:{funder[7:]}:{slug(award.number)}" if award.number else None,
        })  # fmt: skip
    return rows


def _paper_row(pid: str, work: Work) -> dict:
    source, _, source_id = work.id.partition(":")
    return {
        "id": pid,
        "title": work.title,
        "abstract": work.abstract,
        "year": work.year,
        "date": work.date,
        "doi": work.doi,
        "journal_ref": work.journal_ref,
        "comments": work.comments,
        "source": work.source or source,
        "source_id": source_id,
        "site": work.site,
    }


def _batches(records: Iterable[Work | Rejected], size: int) -> Iterator[list[Work | Rejected]]:
    it = iter(records)
    while batch := list(islice(it, size)):
        yield batch
