"""Author identity for a load: resolve the new mentions together with the graph's own.

Only the name blocks (surname + first initial) the load touches are resolved again, with
the blocks of the other spelling of a compound surname ("ruiz a" for "A. González-Ruiz" and
"gonzalezruiz a" for "A. González Ruiz"): the mentions already in the graph for those
blocks are read back (name as written, co-authors,
affiliations, topics, years, source ids), resolved together with the new ones, and every
cluster keeps the id most of its earlier mentions had, so URLs stay stable. Mentions of earlier
papers that now belong to another author are moved; the rerun of an interrupted load resolves
the same input to the same result.

Whether a surname is rare is judged from all its names in the graph: where the resolver asks
(`resolve`'s `known_names`), the names of the surname's other blocks (every first initial)
are read too, names only.
"""

from __future__ import annotations

import math
import string
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from graphsvc.store import GraphStore
from loaders.identity import Mention, Overrides, Resolution, resolve
from loaders.identity.compound import neighbour_blocks, related
from loaders.identity.resolver import Corpus, email_key
from loaders.identity_groups import (
    BATCH_MENTIONS,
    block_batches,
    mention_batches,
    override_references,
)
from loaders.model import Work
from loaders.names import block_key, name_key
from loaders.packed_rows import PACKING, items, packed_records
from loaders.run_on import Cut
from loaders.run_on_mentions import CutPaper, cut_run_on_mentions
from loaders.writer import AuthorAssignment, slug

MAX_REASONS = 20
INITIALS = string.ascii_lowercase + string.digits  # what a block key's first initial can be


@dataclass
class IdentityPlan:
    """What identity resolution decided for one load."""

    assignments: dict[str, AuthorAssignment]  # mention id -> author
    moves: list[dict] = field(default_factory=list)  # earlier mentions now of another author
    resolution: Resolution | None = None
    graph_ids: dict[str, str] = field(default_factory=dict)  # resolver id -> graph id
    rewrites: list[dict] = field(default_factory=list)  # author lists cut anew (whole graph)
    names_cut: list[str] = field(default_factory=list)  # one line per paper in `rewrites`

    def authors(self) -> list[AuthorAssignment]:
        """Every author the resolution holds, under its graph id."""
        if self.resolution is None:
            return []
        return [_assignment(self.graph_ids[a.id], a) for a in self.resolution.authors]

    def assign(self, work: Work) -> list[AuthorAssignment]:
        """The writer's AuthorAssigner: the author of each of a work's mentions, in order."""
        return [self.assignments[mention_id(work.id, pos)]
                for pos in range(1, len(work.authors) + 1)]  # fmt: skip


def mention_id(work_id: str, position: int) -> str:
    return f"{work_id}#{position}"


def new_mentions(works: Iterable[Work]) -> list[Mention]:
    out = []
    for w in works:
        names = [a.name for a in w.authors]
        for pos, a in enumerate(w.authors, start=1):
            out.append(Mention(
                id=mention_id(w.id, pos), name=a.name, paper_id=w.id, position=pos,
                year=w.year, coauthors=tuple(n for j, n in enumerate(names, 1) if j != pos),
                affiliations=tuple(a.affiliations), topics=tuple(w.topics),
                source_id=a.id, orcid=a.orcid, email_key=email_key(a.email),
            ))  # fmt: skip
    return out


def plan_mentions(
    store: GraphStore,
    fresh: list[Mention],
    loading: set[str],
    overrides: Overrides | None = None,
    batch_size: int = 500,
    claimed: set[str] | None = None,
    corpus: Corpus | None = None,
) -> IdentityPlan:
    """Resolve `fresh`, the author mentions (`new_mentions`) of the works `loading` (their
    ids), against the graph; see the module docstring. Mentions, not works, so that a load
    need not hold its works. New authors' ids are not those in `claimed` (which grows);
    `corpus`: that of a larger load `fresh` is a part of (`resolve`)."""
    names = {m.name for m in fresh}
    own = {block_key(n) for n in names} | _override_blocks(overrides)
    others = {b for n in names for b in neighbour_blocks(n)} - own  # compound spellings
    return _plan(store, fresh, loading, own, others, overrides, batch_size,
                 set() if claimed is None else claimed, corpus=corpus)  # fmt: skip


def plan_new_graph(
    store: GraphStore,
    fresh: list[Mention],
    loading: set[str],
    overrides: Overrides | None = None,
    batch_size: int = 500,
    max_mentions: int = BATCH_MENTIONS,
) -> IdentityPlan:
    """`plan_mentions` for a first load into an empty graph (the bulk path), a batch of
    independent mention groups at a time (`identity_groups.mention_batches`), so that the
    resolver holds one batch's evidence at a time. The plan holds the assignments only."""
    groups = mention_batches(fresh, overrides, max_mentions)
    claimed: set[str] = set()
    out = IdentityPlan({})
    for n, batch in enumerate(groups.batches):
        mine = overrides if n == groups.overrides_batch else None
        part = plan_mentions(store, batch, loading, mine, batch_size, claimed, groups.corpus)
        out.assignments.update(part.assignments)
    return out


def plan_whole_graph(
    store: GraphStore,
    overrides: Overrides | None = None,
    batch_size: int = 500,
    max_mentions: int = BATCH_MENTIONS,
) -> Iterator[IdentityPlan]:
    """Every mention in the graph resolved again, as one load of everything would
    (`graphsvc upgrade --identity`), a batch of independent block groups at a time
    (`identity_groups`; about `max_mentions` mentions each): each plan's `moves` says which
    mentions now belong to another author, and `rewrites` the papers whose author list a
    run-on name is now cut in (`run_on_mentions`). Apply each plan before asking for the next."""
    groups = block_batches(store, overrides, max_mentions, batch_size)
    claimed: set[str] = set()
    for n, blocks in enumerate(groups.batches):
        mine = overrides if n == groups.overrides_batch else None
        yield _plan(store, [], set(), set(blocks), set(), mine, batch_size, claimed,
                    WholeGraph(groups.cuts, groups.author_ids), groups.corpus)  # fmt: skip


@dataclass
class WholeGraph:
    """What a batch of the whole-graph pass shares with the others."""

    cuts: dict[str, Cut]  # run-on names decided with every name of the graph
    author_ids: set[str]  # every author id the graph's mentions have


def _plan(
    store: GraphStore,
    fresh: list[Mention],
    loading: set[str],
    own: set[str],
    others: set[str],
    overrides: Overrides | None,
    batch_size: int,
    claimed: set[str],
    whole: WholeGraph | None = None,
    corpus: Corpus | None = None,
) -> IdentityPlan:
    """Resolve `fresh` (the mentions of the works `loading`) with the graph's mentions in the
    blocks `own` and the related ones in `others`, giving new authors ids not in `claimed`
    (which grows); `whole`: `own` is a batch of the whole graph's block groups; `corpus`: that
    of the whole input `fresh` or `own` is a part of (`resolve`)."""
    earlier: dict[str, str] = {}  # mention id -> current author id
    old: list[Mention] = []
    for r in chain(_rows_of(store, own, batch_size), _rows_of(store, others, batch_size, own)):
        work_id = r["paper"].removeprefix("paper:")
        mid = mention_id(work_id, r["position"])
        earlier[mid] = r["author"]  # votes for keeping ids, also for papers loaded again
        if work_id in loading:
            continue  # the load's own record of this paper stands for it
        old.append(Mention(
            id=mid, name=r["name"], paper_id=work_id, position=r["position"],
            year=r["year"], coauthors=tuple(r["coauthors"] or ()),
            affiliations=tuple(r["affiliations"] or ()),
            topics=tuple(t.removeprefix("topic:") for t in r["topics"] or ()),
            source_id=r["source_id"], orcid=r["orcid"], email_key=r.get("email_key"),
        ))  # fmt: skip

    recut: list[CutPaper] = []
    if whole:
        old, recut = cut_run_on_mentions(old, whole.cuts)
        for paper in recut:  # the kept mentions vote under their new positions, no other
            votes = {new.id: earlier[was] for new, was in paper.mentions if was}
            for was in paper.old_ids:
                del earlier[was]
            earlier.update(votes)

    def known_names(surnames: set[str]) -> set[str]:
        blocks = {f"{s} {c}" for s in surnames for c in INITIALS} - own
        return names_in_blocks(store, blocks, batch_size)

    resolution = resolve(old + fresh, overrides=overrides,
                         known_names=None if whole else known_names,
                         corpus=corpus)  # fmt: skip
    ids = _stable_ids(store, resolution, earlier, claimed,
                      whole.author_ids if whole else set(earlier.values()))  # fmt: skip
    by_id = resolution.by_id()
    made: dict[str, AuthorAssignment] = {}  # one assignment per author, shared by its mentions

    def assignment_of(resolver_id: str) -> AuthorAssignment:
        if resolver_id not in made:
            made[resolver_id] = _assignment(ids[resolver_id], by_id[resolver_id])
        return made[resolver_id]

    assignments: dict[str, AuthorAssignment] = {}
    for m in fresh:
        if m.id in resolution.author_of:
            assignments[m.id] = assignment_of(resolution.author_of[m.id])
        else:  # a name the resolver cannot parse stays an author of its own
            key = name_key(m.name)
            assignments[m.id] = AuthorAssignment(f"author:{slug(key)}", m.name, key,
                                                 block_key(m.name))  # fmt: skip
    rewritten = {paper.paper_id for paper in recut}
    moves = []
    for mid, current in earlier.items():
        paper_id = mid.rpartition("#")[0]
        if paper_id in loading or paper_id in rewritten or mid not in resolution.author_of:
            continue  # rewritten by the load itself, or left as it is
        target = ids[resolution.author_of[mid]]
        if target != current:
            work_id, _, _ = mid.rpartition("#")
            moves.append({"paper": f"paper:{work_id}", "from": current, "to": target,
                          "author": assignment_of(resolution.author_of[mid])})  # fmt: skip

    def author_of(m: Mention) -> str:  # a name the resolver cannot parse keeps its author
        return ids[resolution.author_of[m.id]] if m.id in resolution.author_of else earlier[m.id]

    rewrites = [{"paper": f"paper:{paper.paper_id}",
                 "rows": [_authored_row(m, author_of(m)) for m, _ in paper.mentions]}
                for paper in recut]  # fmt: skip
    return IdentityPlan(assignments, moves, resolution, ids, rewrites,
                        [paper.line for paper in recut])  # fmt: skip


def _authored_row(m: Mention, author_id: str) -> dict[str, Any]:
    """The AUTHORED edge of a mention, as `upsert_authored` writes it."""
    return {"author": author_id, "paper": f"paper:{m.paper_id}", "position": m.position,
            "name": m.name, "affiliations": list(m.affiliations), "source_author_id": m.source_id,
            "orcid": m.orcid, "email_key": m.email_key}  # fmt: skip


def _rows_of(
    store: GraphStore, blocks: set[str], batch_size: int, related_to: set[str] | None = None
) -> Iterator[dict[str, Any]]:
    """The graph's mentions in `blocks`, read a batch of blocks at a time; with `related_to`,
    only the authors with a mention that is another spelling of a name in those blocks
    (`compound.related`)."""
    ordered = sorted(blocks)
    for i in range(0, len(ordered), batch_size):
        rows = block_mentions(store, ordered[i : i + batch_size])
        if related_to is not None:
            keep = {r["author"] for r in rows if related(r["name"], related_to)}
            rows = [r for r in rows if r["author"] in keep]
        yield from rows


def names_in_blocks(store: GraphStore, blocks: set[str], batch_size: int) -> set[str]:
    """The distinct names as written in `blocks` (identity_block_names)."""
    ordered = sorted(blocks)
    out: set[str] = set()
    for i in range(0, len(ordered), batch_size * 20):
        rows = store.run("identity_block_names", {"blocks": ordered[i : i + batch_size * 20]})
        out |= {r["name"] for r in rows.rows}
    return out


def block_mentions(store: GraphStore, blocks: list[str]) -> list[dict[str, Any]]:
    """Rows of identity_block_mentions for `blocks`; FalkorDB's variant comes packed in one string
    (`loaders.packed_rows`) and is decoded here into the same rows."""
    rows = store.run("identity_block_mentions", {"blocks": blocks, **PACKING}).rows
    if not rows or "packed" not in rows[0]:
        return rows
    out = []
    for record in packed_records(rows):
        author, name, pos, paper, year, co, topics, affs, source_id, orcid, mail = record
        out.append({
            "author": author, "name": name, "position": int(pos) if pos else None,
            "paper": paper, "year": int(year) if year else None, "coauthors": items(co),
            "topics": items(topics), "affiliations": items(affs),
            "source_id": source_id or None, "orcid": orcid or None, "email_key": mail or None,
        })  # fmt: skip
    return out


def _override_blocks(overrides: Overrides | None) -> set[str]:
    """Name blocks a curator's overrides name, so a reload applies them there too."""
    if overrides is None:
        return set()
    return {block_key(side) for side in override_references(overrides) if "#" not in side}


def _stable_ids(
    store: GraphStore,
    res: Resolution,
    earlier: dict[str, str],
    claimed: set[str],
    current: set[str],
) -> dict[str, str]:
    """Resolver id -> graph id: the id most earlier mentions had, else a fresh free one (not in
    `claimed`, which grows; an id of the graph is free only when some mention has it now:
    `current`)."""
    out: dict[str, str] = {}
    authors = sorted(res.authors, key=lambda a: (-len(a.mention_ids), a.id))
    for a in authors:
        votes = Counter(earlier[m] for m in a.mention_ids if m in earlier)
        for candidate, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if candidate not in claimed:
                out[a.id] = candidate
                claimed.add(candidate)
                break
    fresh = [a for a in authors if a.id not in out]
    taken = {r["id"] for r in store.run("existing_author_ids",
                                         {"ids": [a.id for a in fresh]}).rows}  # fmt: skip
    for a in fresh:
        candidate, n = a.id, 1
        while candidate in claimed or (candidate in taken and candidate not in current):
            n += 1
            candidate = f"{a.id}-x{n}"
        out[a.id] = candidate
        claimed.add(candidate)
    return out


def merge_confidence(author) -> float | None:
    """0-1 confidence of an author's weakest merge: 0.5 at the resolver's threshold (score 1),
    0.82 at score 2, 0.98 at 4; 1.0 when only certain links (ORCID, source id, curator)
    joined it; None for an author built from a single mention."""
    if author.min_merge_score is not None:
        return 1 - 0.5 * math.exp(-(author.min_merge_score - 1.0))
    return 1.0 if author.merges else None


def _assignment(author_id: str, author) -> AuthorAssignment:
    score = merge_confidence(author)
    reasons = [f"{m.left} ~ {m.right}: "
               + (f"{m.score:.2f}" if math.isfinite(m.score) else "certain")
               + (f" ({'; '.join(m.reasons)})" if m.reasons else "")
               for m in author.merges[:MAX_REASONS]]  # fmt: skip
    return AuthorAssignment(
        id=author_id,
        name=author.name,
        name_key=name_key(author.name),
        block_key=block_key(author.name),
        orcid=author.orcid,
        merge_score=round(score, 4) if score is not None else None,
        merge_reasons=reasons,
    )
