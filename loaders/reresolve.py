"""Resolve author identity again over the whole graph with the current rules
(`graphsvc upgrade --identity`).

A graph keeps the people the identity rules of the graphsvc that loaded it decided: later
rules (compound surnames, a second surname's initial, ...) reach an author only when a load
touches their name block. This reads every mention in the graph back and resolves them as
one load of everything would (`identity_link.plan_whole_graph`), a batch of block groups at a
time that resolve independently of each other (`identity_groups`), so memory follows the
batch, not the graph. A run-on name such as "John Ellis N. E. Mavromatos" is cut in two as a
load would cut it, with every name of the graph known (`loaders.run_on_mentions`). Then:
every author is written again with its current name, keys and merge evidence (later loads
find authors by their block key), mentions that now belong to another author are moved and
cut author lists rewritten, batch by batch; after the last batch the institutions of the
authors on both ends are rebuilt from their mentions (`loaders.affiliation_refresh`), authors
left without papers are removed, and the co-author ties and stored hub data of what changed
are recomputed. Ids stay those most of an author's mentions had. The graph version is bumped
only when someone moved or was renamed; a second run changes nothing. The graph then records
the current identity rules (`identity_rules`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from graphsvc.store import GraphStore
from loaders.affiliation_refresh import refresh_affiliations
from loaders.identity import Overrides
from loaders.identity_groups import BATCH_MENTIONS
from loaders.identity_link import plan_whole_graph
from loaders.identity_rules import record_identity_rules
from loaders.institution_link import seeded_institutions
from loaders.touched import Touched, mark_hubs_pending
from loaders.writer import GraphWriter, refresh_coauthors
from queries.hub_refresh import hub_state, refresh_after_load
from queries.slice import HUB_MIN_DEGREE

log = logging.getLogger(__name__)


@dataclass
class ReresolveReport:
    """What one whole-graph identity pass did."""

    mentions: int  # mentions read and resolved
    authors_before: int
    authors_after: int
    mentions_moved: int
    authors_renamed: int
    hubs_refreshed: int
    seconds: float
    names_cut: list[str]  # one line per paper whose author list was cut (loaders.run_on)
    batches: int  # batches of block groups resolved one after another (`identity_groups`)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def reresolve_identity(
    store: GraphStore,
    overrides: Overrides | None = None,
    batch_size: int = 2000,
    *,
    hub_min_degree: int = HUB_MIN_DEGREE,
    max_mentions: int = BATCH_MENTIONS,
) -> ReresolveReport:
    """Resolve every mention of the graph again and apply the result, a batch of about
    `max_mentions` mentions at a time (`identity_groups`); see the module doc."""
    started = time.perf_counter()
    before_count = _authors(store)
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-identity"
    before = hub_state(store)
    mark_hubs_pending(store, run)
    changed = Touched()
    institutions = seeded_institutions(store)
    renamed: set[str] = set()
    touched: set[str] = set()
    mentions = moved = batches = 0
    names_cut: list[str] = []
    for plan in plan_whole_graph(store, overrides, max_mentions=max_mentions):
        writer = GraphWriter(store, plan.assign, institutions, batch_size=batch_size)
        renamed |= writer.write_authors(plan.authors(), run, changed)
        touched |= writer.move_authored(plan.moves, changed)  # every author is written above
        touched |= writer.rewrite_authored(plan.rewrites, changed)  # run-on names cut
        mentions += len(plan.resolution.author_of) if plan.resolution else 0
        moved += len(plan.moves)
        names_cut += plan.names_cut
        batches += 1
    refresh_affiliations(store, touched, institutions, changed, batch_size)
    refresh_coauthors(store, touched, run, changed, batch_size=batch_size)
    hubs = refresh_after_load(store, changed, before, min_degree=hub_min_degree).hubs
    if touched or renamed:
        store.run_write("bump_graph_version", {"run": run})
    record_identity_rules(store)
    store.checkpoint()
    seconds = round(time.perf_counter() - started, 2)
    report = ReresolveReport(mentions, before_count, _authors(store), moved, len(renamed),
                             hubs, seconds, names_cut, batches)  # fmt: skip
    log.info("identity resolved again: %s", report.as_dict())
    return report


def _authors(store: GraphStore) -> int:
    return store.run("count_authors").rows[0]["n"]
