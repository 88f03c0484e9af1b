"""One entry point for every load: parse, resolve identities, write, add similar-paper edges."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from graphsvc.errors import LoadError
from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.identity_rules import record_identity_rules
from loaders.model import Rejected, Work
from loaders.rejects import RejectsFile
from loaders.run_on import Cut, cut_authors, decide_cuts, describe_cut, may_be_run_on
from loaders.writer import GraphWriter, LoadReport
from queries.hub_refresh import hub_state, refresh_after_load
from queries.slice import HUB_MIN_DEGREE, refresh_hubs

Parser = Callable[[Iterable[Path]], Iterator[Work | Rejected]]


def parsers() -> dict[str, Parser]:
    """Every input format by its CLI name."""
    from loaders.formats import FORMATS
    from loaders.hepth import iter_hepth

    return {"hepth": iter_hepth, **FORMATS}


def load_paths(
    store: GraphStore,
    settings: Settings,
    fmt: str,
    paths: Iterable[Path],
    on_progress: Callable[[int], None] | None = None,
    shown_as: str | None = None,
) -> LoadReport:
    """Load every record of `paths` in format `fmt`; bad records go to a rejects file.
    `shown_as`: the name rejections give the one path instead of its own (an upload's
    temporary file is "upload" to the client)."""
    available = parsers()
    if fmt not in available:
        raise LoadError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(available))}")
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
    def source() -> Iterator[Work | Rejected]:  # read twice (see _load_source), never held
        records = available[fmt](paths)
        if shown_as is None or len(paths) != 1:
            return iter(records)
        return (_renamed(r, str(paths[0]), shown_as) for r in records)

    return _load_source(store, settings, source, fmt, on_progress)


def _renamed(record: Work | Rejected, path: str, name: str) -> Work | Rejected:
    if isinstance(record, Rejected) and record.location.startswith(path):
        return replace(record, location=name + record.location[len(path) :])
    return record


def load_records(
    store: GraphStore,
    settings: Settings,
    records: list[Work | Rejected],
    label: str = "works",
    on_progress: Callable[[int], None] | None = None,
    *,
    hub_min_degree: int = HUB_MIN_DEGREE,
    full_hub_refresh: bool = False,
) -> LoadReport:
    """Resolve identities, write the records, refresh SIMILAR_TO for the new papers, then the
    stored data of the hubs the load touched (of every hub with `full_hub_refresh`, or when
    the load cannot tell: queries/hub_refresh.py)."""
    return _load_source(
        store, settings, lambda: iter(records), label, on_progress,
        hub_min_degree=hub_min_degree, full_hub_refresh=full_hub_refresh,
    )  # fmt: skip


def _load_source(
    store: GraphStore,
    settings: Settings,
    source: Callable[[], Iterator[Work | Rejected]],
    label: str,
    on_progress: Callable[[int], None] | None = None,
    *,
    hub_min_degree: int = HUB_MIN_DEGREE,
    full_hub_refresh: bool = False,
) -> LoadReport:
    """`load_records` over `source()`, which is read twice (`scan_records`, then the write)
    so that a large input is never held in memory; a paper id given twice keeps its last
    copy."""
    from loaders.identity_link import plan_mentions, plan_new_graph
    from loaders.institution_link import seeded_institutions
    from loaders.similarity_link import start_similar, write_similar

    started = time.perf_counter()
    scan = scan_records(source(), store)
    texts, mentions, last = scan.texts, scan.mentions, scan.last
    hubs_before = hub_state(store)  # read before anything below writes
    first_load = bool(last) and not store.run("existing_any_paper").rows
    if first_load:
        # a first load: compact the (tiny) log first, so a restart after a crash starts from
        # the indexes instead of a log that creates them (FalkorDB then replays every write
        # without them: over 2 min for a killed first hep-th load, vs seconds)
        store.checkpoint()
    # SIMILAR_TO depends on texts only: computed (in a worker) while identity and writes run
    similar = start_similar(store, texts, k=settings.similar_k)
    del texts
    try:
        plan = (plan_new_graph if first_load else plan_mentions)(
            store, mentions, set(last), identity_overrides(settings)
        )  # a first load resolves a batch of independent groups at a time
        del mentions
        institutions = seeded_institutions(store)
        run_name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{label}"
        rejects = RejectsFile(settings.rejects_path, run_name)
        writer = GraphWriter(store, plan.assign, institutions, batch_size=settings.batch_size)
        try:
            report = writer.load(_last_copies(source(), last, scan.cut), rejects=rejects,
                                 on_progress=on_progress, moves=plan.moves)  # fmt: skip
        finally:
            rejects.close()
        report.identity_moves = len(plan.moves)
        report.names_cut = scan.cut_papers
        report.similar_edges = write_similar(store, similar, batch_size=settings.batch_size,
                                             touched=report.touched)  # fmt: skip
    finally:
        similar.close()
    if full_hub_refresh:
        report.touched.everything("asked for")
    hubs = refresh_after_load(store, report.touched, hubs_before, min_degree=hub_min_degree)
    report.hubs_refreshed, report.hubs_full_refresh = hubs.hubs, hubs.full
    if first_load:  # every author was decided by the current identity rules
        record_identity_rules(store)
    store.run_write("bump_graph_version", {"run": report.run})
    store.checkpoint()
    report.seconds = time.perf_counter() - started
    return report


def bulk_load_paths(
    store: GraphStore,
    settings: Settings,
    fmt: str,
    paths: Iterable[Path],
    on_progress: Callable[[int], None] | None = None,
) -> dict:
    """First load of an empty FalkorDB graph at bulk speed, with the same identity,
    institution and SIMILAR_TO rules as `load_paths`.

    The input is read twice instead of held: first for the papers' texts (SIMILAR_TO) and
    author mentions (identity), then again to write. Parsed works take about 4.7 KB each in
    memory (200,000 generated papers: 940 MB), their texts and mentions a fraction of that.
    A paper id given twice keeps its last copy in every step, as `load_paths` does."""
    from loaders.bulk import bulk_load
    from loaders.identity_link import plan_new_graph
    from loaders.institution_link import seeded_institutions
    from loaders.similarity_link import start_similar, write_similar

    available = parsers()
    if fmt not in available:
        raise LoadError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(available))}")
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    scan = scan_records(available[fmt](paths))
    texts, mentions, last = scan.texts, scan.mentions, scan.last
    # the graph must be empty (bulk_load checks): the corpus is the works themselves
    similar = start_similar(store, texts, k=settings.similar_k, graph_empty=True)
    del texts
    try:
        plan = plan_new_graph(store, mentions, set(last), identity_overrides(settings))
        del mentions
        run_name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{fmt}-bulk"
        rejects = RejectsFile(settings.rejects_path, run_name)
        try:
            result = bulk_load(store, _last_copies(available[fmt](paths), last, scan.cut),
                               assign_institution=seeded_institutions(store),
                               assign_authors=plan.assign, rejects=rejects,
                               on_progress=on_progress)  # fmt: skip
        finally:
            rejects.close()
        result["similar_edges"] = write_similar(store, similar, batch_size=settings.batch_size)
        result["names_cut"] = scan.cut_papers
    finally:
        similar.close()
    result["hubs"] = refresh_hubs(store)
    record_identity_rules(store)
    store.run_write("bump_graph_version", {"run": run_name})
    store.checkpoint()
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


@dataclass
class Scanned:
    """What a load needs of every work before it writes (`scan_records`)."""

    texts: dict[str, str]  # `paper:` id -> doc_text, for SIMILAR_TO
    mentions: list  # author mentions, for identity
    last: dict[str, int]  # paper id -> ordinal of its last copy among the records
    cut: dict[str, Cut]  # run-on author names to cut in two (`loaders.run_on`)
    cut_papers: list[str]  # one line per paper whose author list was cut


def scan_records(records: Iterable[Work | Rejected], store: GraphStore | None = None) -> Scanned:
    """Read every work once without holding the works; the last copy of a repeated id gives
    the text and mentions. Run-on names are decided with the load's names and, given a
    `store`, the graph's."""
    from loaders.identity_link import names_in_blocks, new_mentions
    from loaders.similarity import doc_text

    texts: dict[str, str] = {}
    mentions_of: dict[str, list] = {}
    last: dict[str, int] = {}
    suspects: dict[str, Work] = {}  # works with a name that may be two (few)
    for n, rec in enumerate(records):
        if isinstance(rec, Work):
            texts[f"paper:{rec.id}"] = doc_text(rec.title, rec.abstract)
            mentions_of[rec.id] = new_mentions([rec])
            last[rec.id] = n
            if any(may_be_run_on(a) for a in rec.authors):
                suspects[rec.id] = rec
            else:
                suspects.pop(rec.id, None)
    cut: dict[str, Cut] = {}
    cut_papers: list[str] = []
    if suspects:
        names = (m.name for ms in mentions_of.values() for m in ms)
        in_graph = None if store is None else (lambda b: names_in_blocks(store, b, 500))
        cut = decide_cuts(
            (a.name for w in suspects.values() for a in w.authors if may_be_run_on(a)),
            names, in_graph,
        )  # fmt: skip
        for work in suspects.values():
            if (split := cut_authors(work, cut)) is not work:
                mentions_of[work.id] = new_mentions([split])
                cut_papers.append(describe_cut(work, cut))
    mentions = [m for ms in mentions_of.values() for m in ms]
    return Scanned(texts, mentions, last, cut, cut_papers)


def _last_copies(
    records: Iterable[Work | Rejected], last: dict[str, int], cut: dict[str, Cut]
) -> Iterator[Work | Rejected]:
    """`records` with every copy of a paper but its last (ordinal `last[id]`) rejected, and
    the run-on names `cut` decided cut in two."""
    for n, rec in enumerate(records):
        if isinstance(rec, Work) and last.get(rec.id) != n:
            yield Rejected(rec.id, "id", "repeated paper id: the last copy is loaded")
        elif isinstance(rec, Work):
            yield cut_authors(rec, cut)
        else:
            yield rec


def identity_overrides(settings: Settings):
    """The curator's identity overrides the settings name, read; None without a file."""
    if settings.identity_overrides is None:
        return None
    from loaders.identity import load_overrides

    return load_overrides(settings.identity_overrides)
