"""Collaborator recommendations: an in-memory index of the co-author graph, scored by the
evaluated ranker (`queries.linkpred`), with filters and reasons.

The index (CSR matrices over every Author, plus names, topics, institutions) is built from the
store on first use and rebuilt when the graph changes: every request compares the store's
version counter `(:Meta {id:'graph'}).version`, read while the answer is being computed
(`IndexHolder.serve`; an answer made on an outgrown index is dropped); a graph without it
falls back to a marker of paper count and load runs, checked at most every `recheck_seconds`.
Per author the ranked candidate list (the non-co-authors within 3 capped hops, then the site
mates beyond them, then text neighbours filling a list shorter than 100, scored with
`Ranker.score_matrix`'s features and models) and the reasons
shown so far are cached until the next rebuild, so filters and pages are cheap.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio
import numpy as np

from graphsvc.errors import NotFound, NotReady
from graphsvc.gcpause import paused_gc
from graphsvc.store import GraphStore
from queries import recommend_disk as disk
from queries.linkpred.evaluate import records_from_store
from queries.linkpred.fastpath import rank_author, score_text_targets, self_and_coauthors
from queries.linkpred.features import CAPS, static, strong_ties
from queries.linkpred.graph import CoauthorGraph, build_graph
from queries.linkpred.profiles import profiles
from queries.linkpred.ranker import Ranker, load_ranker
from queries.linkpred.sites import site_members
from queries.linkpred.text_tier import TEXT_FILL, text_candidates, text_postings
from queries.namesakes import Namesakes
from queries.reason_terms import unnamed_terms
from queries.reasons import page_reasons, word_forms
from queries.recommend_filters import Holders, check_filters, filter_mask

log = logging.getLogger(__name__)
T = TypeVar("T")
MODEL_FILE = Path(__file__).parent / "linkpred" / "model_hepth.json"
PRECOMPUTE_COST = 20_000
"""Authors whose 2-hop expansion (sum of their co-authors' degrees) exceeds this get their
ranked candidates computed during the index build (about 0.1% of authors on the 1M graph),
so hub requests never pay the 20-80 ms scoring."""
INLINE_COST = 10_000
"""Authors up to this 2-hop cost (99.7% on the 1M graph; a first request 1-7 ms in process) and
every author whose ranking is cached are answered on the event loop (`IndexHolder.serve`);
dearer first requests go to the thread pool."""
TIERS = ("network", "site", "text")
"""Tier names in list order (`Ranked`)."""
OPEN_BOOST = 0.5
"""Added to the linear score of authors with open_to_collaborate = true (x1.65 odds), when a
page is served: flags change without a reload (see IndexHolder.open_flags)."""


@dataclass
class Ranked:
    """One author's candidates, best first within each tier: graph node indices and linear
    scores (before the open-to-collaborate boost, which is added when a page is served). The
    first `n_pool` are the bounded 3-hop pool (ranker.model), the next `n_site` tier-2 site
    mates (ranker.outer), the rest tier-3 text neighbours (ranker.text)."""

    nodes: np.ndarray
    scores: np.ndarray
    n_pool: int
    n_site: int

    def tier_ends(self, keep: np.ndarray) -> tuple[int, int, int]:
        """Where each tier ends among the candidates `keep` leaves."""
        n_pool = int(keep[: self.n_pool].sum())
        n_site = int(keep[self.n_pool : self.n_pool + self.n_site].sum())
        return n_pool, n_pool + n_site, int(keep.sum())


@dataclass
class RecommendIndex:
    """The co-author graph of the whole store plus what filters and reasons need."""

    graph: CoauthorGraph
    names: list[str]
    open_flags: np.ndarray
    topic_names: dict[str, str]
    institutions: list[dict[str, str]]
    marker: Any
    ranker: Ranker
    term_rarity: np.ndarray | None = None
    """Per text term, log((1 + authors) / (1 + authors whose vector holds it)): which shared
    terms say most about a pair (`reasons.shared_columns`)."""
    namesakes: Namesakes | None = None
    """Who shares an identity block with whom: an author's namesakes are never suggested."""
    build_seconds: float = 0.0
    open_read: bool = False  # open_flags were refreshed by IndexHolder.open_flags
    cache_size: int = 4096
    reasons_cache_size: int = 1024
    pinned: dict[int, Ranked] = field(default_factory=dict)
    _cache: OrderedDict[int, Ranked] = field(default_factory=OrderedDict)
    _reasons: OrderedDict[int, dict[int, dict[str, Any]]] = field(default_factory=OrderedDict)
    _refills: OrderedDict[tuple, Any] = field(default_factory=OrderedDict)
    _holders: Holders | None = None
    _term_forms: np.ndarray | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its lock, per-request caches and what is quick to derive again (see
        queries.recommend_disk)."""
        state = dict(self.__dict__)
        state["_cache"], state["_reasons"] = OrderedDict(), OrderedDict()
        state["_refills"], state["_holders"], state["_term_forms"] = OrderedDict(), None, None
        state["_lock"], state["open_read"] = None, False
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("_reasons", OrderedDict())  # indexes saved before it existed
        self.__dict__.setdefault("_refills", OrderedDict())
        self._lock = threading.Lock()

    def holders(self) -> Holders:
        """Who holds each topic and institution, for the filters (made on first use, or when
        the index is built; not kept on disk)."""
        with self._lock:
            if self._holders is None:
                self._holders = Holders(self.graph.topics, self.institutions)
            return self._holders

    def term_forms(self) -> np.ndarray | None:
        """Per text term, the number of its word form (`reasons.word_forms`; made on first
        use); None without text."""
        if self.graph.text is None:
            return None
        with self._lock:
            if self._term_forms is None:
                self._term_forms = word_forms(self.graph.text_terms)
            return self._term_forms

    def reasons_of(self, i: int) -> dict[int, dict[str, Any]]:
        """The reasons already built for node i's candidates, by candidate (filled by
        `recommend`; they depend only on the index, so later pages and filters reuse them)."""
        with self._lock:
            memo = self._reasons.get(i)
            if memo is None:
                memo = self._reasons[i] = {}
                while len(self._reasons) > self.reasons_cache_size:
                    self._reasons.popitem(last=False)
            else:
                self._reasons.move_to_end(i)
            return memo

    def refill_of(self, key: tuple, make: Callable[[], T]) -> T:
        """`make()` remembered under `key` (a filtered request's text refill, so the next page
        of the same filtered list reuses it), at most reasons_cache_size of them."""
        with self._lock:
            if key in self._refills:
                self._refills.move_to_end(key)
                return self._refills[key]
        made = make()
        with self._lock:
            self._refills[key] = made
            while len(self._refills) > self.reasons_cache_size:
                self._refills.popitem(last=False)
        return made

    def precompute(self, min_cost: float = PRECOMPUTE_COST) -> int:
        """Rank, and keep for the index's lifetime, every author whose 2-hop cost exceeds
        `min_cost`; returns how many."""
        g = self.graph
        deg = static(g).deg
        cost = g.adj @ deg
        for i in np.nonzero(cost > min_cost)[0]:
            self.pinned[int(i)] = self._score(int(i))
        return len(self.pinned)

    def quick(self, author_id: str) -> bool:
        """Whether a page for this author is cheap to make: its ranking is kept (cached or
        pinned), or its 2-hop cost is at most INLINE_COST (unknown authors: a quick 404)."""
        g = self.graph
        i = g.index.get(author_id)
        if i is None or i in self.pinned or i in self._cache:
            return True
        lo, hi = g.adj.indptr[i], g.adj.indptr[i + 1]
        return float(static(g).deg[g.adj.indices[lo:hi]].sum()) <= INLINE_COST

    def ranked(self, i: int) -> Ranked:
        """Every candidate of node i (bounded 3-hop, not a co-author), best first (cached)."""
        hit = self.pinned.get(i)
        if hit is not None:
            return hit
        with self._lock:
            hit = self._cache.get(i)
            if hit is not None:
                self._cache.move_to_end(i)
                return hit
        out = self._score(i)
        with self._lock:
            self._cache[i] = out
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    def _score(self, i: int) -> Ranked:
        r = self.ranker
        return Ranked(*rank_author(self.graph, i, r.model, r.outer, r.text))


def build_index(store: GraphStore, ranker: Ranker | None = None) -> RecommendIndex:
    """Read the store into a RecommendIndex: the co-author graph is built from the papers
    exactly as `graphsvc eval collaborators` builds it (`records_from_store` + `build_graph`
    with the ranker's decay), so served scores equal evaluated ones; plus names, flags and
    institutions. The cyclic GC is paused meanwhile (`paused_gc`: about a third of the read)."""
    with paused_gc():
        return _build_index(store, ranker)


def _build_index(store: GraphStore, ranker: Ranker | None) -> RecommendIndex:
    t0 = time.perf_counter()
    ranker = ranker or load_ranker(MODEL_FILE)
    marker = graph_marker(store)
    span = store.run("paper_years").rows
    first, last = (span[0]["first"], span[0]["last"]) if span else (None, None)
    records = records_from_store(store, int(first), int(last)) if first is not None else []
    t_read = time.perf_counter()
    g = build_graph(records, (int(first or 0), int(last or 0)), decay=ranker.decay)
    rarity = term_rarity(g, (r.text for r in records))
    del records
    t_graph = time.perf_counter()
    names = [""] * g.n
    blocks: list[str | None] = [None] * g.n
    open_flags = np.zeros(g.n)
    for r in store.run("recommend_authors").rows:
        i = g.index.get(r["id"])
        if i is not None:
            names[i] = r["name"] or r["id"]
            blocks[i] = r["block"]
            open_flags[i] = 1.0 if r["open"] is True else 0.0
    topic_names = {r["id"]: r["name"] or r["id"] for r in store.run("recommend_topic_names").rows}
    insts: list[dict[str, str]] = [{} for _ in range(g.n)]
    for r in store.run("recommend_institutions").rows:
        i = g.index.get(r["author"])
        if i is not None:
            insts[i][r["id"]] = r["name"] or r["id"]
    for n in range(g.n):
        names[n] = names[n] or g.keys[n]
    static(g)  # per-graph feature vectors now, not on the first request
    for cap in CAPS:
        strong_ties(g, cap)
    log.info("recommendation index: %d authors; papers read in %.1f s, graph and text "
             "vectors %.1f s, total %.1f s", g.n, t_read - t0, t_graph - t_read,
             time.perf_counter() - t0)  # fmt: skip
    return RecommendIndex(
        graph=g,
        names=names,
        open_flags=open_flags,
        topic_names=topic_names,
        institutions=insts,
        marker=marker,
        ranker=ranker,
        term_rarity=rarity,
        namesakes=Namesakes(names, blocks),
        build_seconds=time.perf_counter() - t0,
    )


def term_rarity(g: CoauthorGraph, texts: Iterable[str] = ()) -> np.ndarray | None:
    """log((1 + n) / (1 + number of author text vectors holding each term)), and 0 for the
    terms a reason must not name (`reason_terms`: TeX commands in `texts`, the papers the
    graph's text vectors were made from, and editorial words); None: no text."""
    if g.text is None:
        return None
    holders = np.bincount(g.text.indices, minlength=g.text.shape[1])
    rarity = np.log((1.0 + g.n) / (1.0 + holders))
    if g.text_df is not None:
        rarity[unnamed_terms(g.text_terms, g.text_df, texts)] = 0.0
    return rarity


def graph_marker(store: GraphStore) -> Any:
    """The store's version counter, or (papers, load runs) when the graph has none."""
    return graph_versions(store)[0]


def graph_versions(store: GraphStore) -> tuple[Any, Any]:
    """(graph_marker, social version), read together: one round trip on versioned graphs."""
    rows = store.run("graph_version").rows
    versioned = _versioned(rows)
    if versioned is not None:
        return versioned
    social = rows[0]["social"] if rows else None
    row = store.run("graph_marker").rows[0]
    return ("marker", row["papers"], tuple(sorted(r for r in row["runs"] if r))), social


def _versioned(rows: list[dict[str, Any]]) -> tuple[Any, Any] | None:
    """(graph_marker, social version) from `graph_version`'s row; None without the counter."""
    if not rows or rows[0]["version"] is None:
        return None
    return ("version", rows[0]["version"], rows[0]["run"]), rows[0]["social"]


def _attempt(
    answer: Callable[[RecommendIndex], T], idx: RecommendIndex
) -> tuple[T | None, Exception | None]:
    """(answer, None) or (None, the error): an error is judged once the graph is known
    unchanged (`IndexHolder._accepts`)."""
    try:
        return answer(idx), None
    except Exception as exc:  # noqa: BLE001 - re-raised by the caller when the graph held
        return None, exc


class IndexHolder:
    """The current index of one store, built in a background thread.

    `get()` checks the graph marker first: when it differs from the index's (or there is no
    index), a build starts (one at a time) and `get()` waits up to `wait_seconds` for it, then
    raises NotReady (503). An index is never served once the graph has changed.
    """

    def __init__(
        self,
        store: GraphStore,
        recheck_seconds: float = 1.0,
        wait_seconds: float = 30.0,
        disk_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.disk_dir = disk_dir  # where the index is kept across restarts (None: nowhere)
        self.recheck_seconds = recheck_seconds
        self.wait_seconds = wait_seconds
        self._index: RecommendIndex | None = None
        self._marker: Any = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._started = 0.0
        self._error: BaseException | None = None
        self._social: Any = None  # social version the open flags were read at
        self._social_now: Any = None  # social version read with the graph marker by get()

    def open_flags(self, idx: RecommendIndex) -> np.ndarray:
        """`idx`'s open-to-collaborate flags as the graph has them now: read again (one query
        over the open authors) when the social version `get()` saw differs from the last read."""
        with self._lock:
            social = self._social_now
            if social == self._social and idx.open_read:
                return idx.open_flags
        flags = np.zeros(idx.graph.n)
        for r in self.store.run("recommend_open_authors").rows:
            i = idx.graph.index.get(r["id"])
            if i is not None:
                flags[i] = 1.0
        with self._lock:
            idx.open_flags, idx.open_read, self._social = flags, True, social
        return flags

    def _build(self) -> None:
        try:
            with paused_gc():  # millions of new long-lived objects; frozen below
                idx = self._prepare()
            # The index holds millions of small containers (names, topic counters, dicts);
            # left to the cyclic GC, every full collection walks them all (100-300 ms pauses
            # on the 1M graph, stalling every request). Freeze them: refcounting still frees
            # an old index when it is replaced.
            gc.collect()
            gc.freeze()
            with self._lock:
                self._index, self._error = idx, None
        except BaseException as exc:  # reported to the waiting requests
            with self._lock:
                self._error = exc

    def _prepare(self) -> RecommendIndex:
        """The index for the graph as it is: read from disk, else built (and saved)."""
        idx = self._from_disk()
        fresh = idx is None
        if idx is None:
            idx = build_index(self.store)
            t = time.perf_counter()
            n = idx.precompute()
            log.info("recommendation index: %d hub authors ranked in advance in %.1f s", n,
                     time.perf_counter() - t)  # fmt: skip
            idx.build_seconds += time.perf_counter() - t
        if idx.graph.sites is not None:
            site_members(idx.graph)  # now, not in the first request (also for an index
            # read from disk that was cut for another SITE_CAP)
        if idx.graph.text is not None:
            text_postings(idx.graph)  # likewise (14 s on the 1M generated graph)
        profiles(idx.graph)  # likewise (under a second; not kept on disk)
        idx.holders()  # likewise (the filters' inverted lists; not kept on disk)
        if fresh and self.disk_dir is not None:
            # Before the index is served: pickling holds the GIL (8 s on the 1M graph),
            # which stalled every request made meanwhile (p99 130 ms, max 1.1 s).
            self._save(idx)
        return idx

    def _save(self, idx: RecommendIndex) -> None:
        """Keep `idx` for the next start; a failure costs only a rebuild then."""
        t = time.perf_counter()
        try:
            disk.save(idx, self.disk_dir, idx.marker, disk.model_digest(MODEL_FILE))
        except Exception as exc:  # noqa: BLE001 - not saving only costs a rebuild at the next start
            log.warning("recommendation index not saved to %s: %r", self.disk_dir, exc)
            return
        log.info("recommendation index saved in %.1f s", time.perf_counter() - t)

    def _from_disk(self) -> RecommendIndex | None:
        """The saved index, when it was built for the graph as it is now."""
        if self.disk_dir is None:
            return None
        t = time.perf_counter()
        marker = graph_marker(self.store)  # the counter, or (papers, load runs) without one
        idx = disk.load(self.disk_dir, marker, disk.model_digest(MODEL_FILE))
        if idx is not None:
            idx.build_seconds = time.perf_counter() - t
            log.info("recommendation index read from disk in %.1f s", idx.build_seconds)
        return idx

    def _current_marker(self) -> Any:
        now = time.monotonic()
        idx = self._index
        versioned = idx is not None and idx.marker[0] == "version"
        if idx is None or versioned or now - self._checked >= self.recheck_seconds:
            (self._marker, self._social_now), self._checked = graph_versions(self.store), now
        return self._marker

    def get(self) -> RecommendIndex:
        deadline = time.monotonic() + self.wait_seconds
        while True:
            with self._lock:
                marker = self._current_marker()
                idx = self._index
                if idx is not None and idx.marker == marker:
                    return idx
                if self._error is not None and not self._building_alive():
                    exc, self._error = self._error, None
                    raise exc
                if not self._building_alive():
                    self._started = time.monotonic()
                    self._building = threading.Thread(target=self._build, daemon=True,
                                                      name="recommend-index")  # fmt: skip
                    self._building.start()
            if time.monotonic() >= deadline:
                age = time.monotonic() - self._started
                raise NotReady(f"the recommendation index is being built ({age:.0f} s so far); "
                               "retry shortly")  # fmt: skip
            assert self._building is not None
            self._building.join(timeout=min(0.5, max(0.0, deadline - time.monotonic())))

    async def serve(
        self, answer: Callable[[RecommendIndex], T], quick: Callable[[RecommendIndex], bool]
    ) -> T:
        """`answer(index)` for the graph as it is now, like `answer(self.get())` but with the
        version read overlapping the answer: with a versioned index in memory, the read is sent
        first (`GraphStore.run_async`) and `answer` runs meanwhile. It runs right here on the
        event loop when the store reads without a thread (`native_async`), the open flags are
        current as far as known and `quick(index)` says the page is cheap: no thread hop (about
        1 ms of a request on a 2-core VM); otherwise in a worker thread. If the graph, or the
        social version the open flags were read at, turns out to have changed, that answer (or
        error) is dropped and `answer` runs again on `get()`'s index."""
        idx = self._index
        if idx is None or idx.marker[0] != "version":
            return await anyio.to_thread.run_sync(lambda: answer(self.get()))
        social_used = self._social  # the open flags' version, unless `answer` reads them again
        pending = asyncio.ensure_future(self.store.run_async("graph_version"))
        await asyncio.sleep(0)  # the read goes out before the work starts
        if self.store.native_async and self._flags_current(idx) and quick(idx):
            out, failure = _attempt(answer, idx)
        else:
            out, failure = await anyio.to_thread.run_sync(_attempt, answer, idx)
        versions = _versioned((await pending).rows)
        if not self._accepts(idx, versions, social_used, failure):
            return await anyio.to_thread.run_sync(lambda: answer(self.get()))
        if failure is not None:
            raise failure
        return out  # type: ignore[return-value]

    def _flags_current(self, idx: RecommendIndex) -> bool:
        with self._lock:
            return idx.open_read and self._social_now == self._social

    def _accepts(
        self, idx: RecommendIndex, versions: tuple[Any, Any] | None, social_used: Any,
        failure: Exception | None,
    ) -> bool:
        """Record the versions just read; whether an answer made on `idx` with the open flags
        of `social_used` still holds (an error counts only when the graph is unchanged)."""
        with self._lock:
            if versions is None:
                self._checked = 0.0  # get() reads the fallback marker
            else:
                (self._marker, self._social_now), self._checked = versions, time.monotonic()
            social = versions[1] if versions is not None else None
            flags_current = idx.open_read and social == social_used == self._social
            current = versions is not None and versions[0] == idx.marker and self._index is idx
        return current and (failure is not None or flags_current)

    def join(self, timeout: float | None = None) -> None:
        """Wait for a build under way to finish, its save to disk included."""
        if self._building is not None:
            self._building.join(timeout)

    def _building_alive(self) -> bool:
        return self._building is not None and self._building.is_alive()


def recommend(
    idx: RecommendIndex,
    author_id: str,
    *,
    topic: str | None = None,
    institution: str | None = None,
    since: int | None = None,
    exclude: frozenset[str] = frozenset(),
    offset: int = 0,
    limit: int = 20,
    open_flags: np.ndarray | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """(total after filters, one page) of recommendations for an author; NotFound if unknown.
    `open_flags` (default: the index's) get OPEN_BOOST added to their scores."""
    g = idx.graph
    i = g.index.get(author_id)
    if i is None:
        raise NotFound(f"no author with id {author_id!r}")
    check_filters(idx, topic, institution)  # before the ranking: a bad value costs nothing
    ranked = idx.ranked(i)
    gone = np.array([g.index[x] for x in exclude if x in g.index], dtype=np.int64)
    passes = filter_mask(idx, topic, institution, since, gone)
    if idx.namesakes is not None:  # possibly the author under another spelling: never
        passes = _without_namesakes(passes, idx.namesakes, i)
    keep = passes(ranked.nodes)
    nodes, scores = ranked.nodes[keep], ranked.scores[keep]
    ends = ranked.tier_ends(keep)
    if (topic or institution or since is not None or exclude) and len(nodes) < TEXT_FILL:
        key = (i, topic, institution, since, tuple(sorted(gone.tolist())))
        extra = idx.refill_of(key, lambda: _refill(idx, i, ranked, len(nodes), passes, gone))
        nodes, scores, ends = _merged(nodes, scores, ends, *extra)
    flags = idx.open_flags if open_flags is None else open_flags
    is_open = flags[nodes] > 0
    parts, start, want = [], 0, offset + limit
    for end in ends:  # tiers in order, each boosted within itself
        part = start + _boosted_order(nodes[start:end], scores[start:end], is_open[start:end],
                                      want)  # fmt: skip
        parts.append(part)
        want -= len(part)
        start = end
    at = np.concatenate(parts)[offset:]
    page_nodes, page_scores = nodes[at], scores[at] + OPEN_BOOST * flags[nodes[at]]
    memo = idx.reasons_of(i)
    new = np.array([j for j in page_nodes.tolist() if j not in memo], dtype=np.int64)
    if len(new):
        memo.update(zip(new.tolist(), page_reasons(idx, i, new), strict=True))
    tiers = np.searchsorted(ends, at, side="right")
    probs = 1.0 / (1.0 + np.exp(-page_scores))  # each tier's score a probability
    pool = tiers == 0
    if pool.any():  # the pool model's own calibration (`Ranker.pool_probability`)
        probs[pool] = idx.ranker.pool_probability(page_scores[pool])
    page = [
        {
            "id": g.keys[j],
            "name": idx.names[j],
            "score": round(p, 6),
            "open_to_collaborate": bool(flags[j]),
            "tier": TIERS[t],
            "reasons": memo[j],
        }
        for j, p, t in zip(page_nodes.tolist(), probs.tolist(), tiers.tolist(), strict=True)
    ]
    return len(nodes), page


def _without_namesakes(
    passes: Callable[[np.ndarray], np.ndarray], namesakes: Namesakes, i: int
) -> Callable[[np.ndarray], np.ndarray]:
    """`passes`, also refusing i's namesakes (for the ranked list and its refill alike)."""
    return lambda nodes: passes(nodes) & ~namesakes.mask(i, nodes)


def _refill(
    idx: RecommendIndex,
    i: int,
    ranked: Ranked,
    n_kept: int,
    passes: Callable[[np.ndarray], np.ndarray],
    gone: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, scores) that fill a filtered list of `n_kept` up to TEXT_FILL: the text
    neighbours the filters allow, beyond every candidate of the unfiltered list, scored by the
    tier-3 model; none without a text model or text."""
    g, text = idx.graph, idx.ranker.text
    if text is None or g.text is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    taken = np.concatenate([self_and_coauthors(g, i), ranked.nodes, gone]).astype(np.int64)
    extra = text_candidates(g, i, taken, TEXT_FILL - n_kept, allowed=passes)
    if not len(extra):
        return extra, np.zeros(0)
    return score_text_targets(g, i, np.sort(extra), text)


def _merged(
    nodes: np.ndarray,
    scores: np.ndarray,
    ends: tuple[int, int, int],
    extra: np.ndarray,
    extra_scores: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int]]:
    """The filtered list with `extra` merged into its text tier, best first."""
    if not len(extra):
        return nodes, scores, ends
    tier_nodes = np.concatenate([nodes[ends[1] :], extra])
    tier_scores = np.concatenate([scores[ends[1] :], extra_scores])
    order = np.lexsort((tier_nodes, -tier_scores))
    nodes = np.concatenate([nodes[: ends[1]], tier_nodes[order]])
    scores = np.concatenate([scores[: ends[1]], tier_scores[order]])
    return nodes, scores, (ends[0], ends[1], len(nodes))


def _boosted_order(nodes: np.ndarray, scores: np.ndarray, is_open: np.ndarray,
                   k: int) -> np.ndarray:  # fmt: skip
    """Positions of the first `k` candidates (of one tier) once the open ones get OPEN_BOOST,
    best first (ties by node index). `nodes`/`scores` are in that order already without the
    boost, so only the open ones need sorting: the first k of the union lie in the first k of
    each part."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if not is_open.any():
        return np.arange(min(k, len(nodes)))
    opened = np.flatnonzero(is_open)
    opened = opened[np.lexsort((nodes[opened], -scores[opened]))][:k]
    rest = np.flatnonzero(~is_open)[:k]
    both = np.concatenate([opened, rest])
    boosted = scores[both] + OPEN_BOOST * is_open[both]
    return both[np.lexsort((nodes[both], -boosted))][:k]
