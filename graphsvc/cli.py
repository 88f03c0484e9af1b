"""The `graphsvc` command: serve, demo, load, stats, cypher."""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graphsvc.errors import GraphsvcError
from graphsvc.settings import Settings, get_settings
from graphsvc.store import GraphStore, open_store

app = typer.Typer(help="graphsvc: a research knowledge-graph service.", no_args_is_help=True)
console = Console(stderr=True)
out = Console(markup=False)  # data (ids like "line 3 [0704.0001]", titles) printed as it is
eval_app = typer.Typer(help="Evaluations on the loaded graph or on files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@contextmanager
def _store(settings: Settings) -> Iterator[GraphStore]:
    """Open the store, turning SIGTERM into a clean shutdown (the embedded server saves)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    store = open_store(settings)
    try:
        yield store
    finally:
        store.close()


def _fail(exc: GraphsvcError) -> None:
    console.print(f"[red]error:[/red] {escape(exc.message)}")
    raise typer.Exit(code=2)


def sample_path() -> Path:
    """The hep-th sample shipped inside the package (1992-1993 abstracts)."""
    return Path(str(files("graphsvc") / "sample" / "hepth-1992-1993.tar.gz"))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the HTTP API (the store opens with the server and closes with it)."""
    settings = get_settings()
    _serve(settings, host or settings.host, port or settings.port)


def _serve(settings: Settings, host: str, port: int, store: GraphStore | None = None) -> None:
    import uvicorn

    from graphsvc.api.app import create_app

    uvicorn.run(create_app(settings, store), host=host, port=port,
                log_level=settings.log_level)  # fmt: skip


@app.command()
def demo(
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Start the embedded store, load the bundled hep-th sample if empty (else upgrade a graph
    of an earlier graphsvc), and serve."""
    settings = get_settings()
    port = port or settings.port
    try:
        with _store(settings) as store:
            papers = store.read("MATCH (p:Paper) RETURN count(p) AS n").rows[0]["n"]
            if papers == 0:
                console.print("Loading the bundled hep-th sample (1992-1993)...")
                report = _load(store, settings, "hepth", [sample_path()])
                console.print(f"Loaded {report.written} papers in {report.seconds:.1f} s.")
            else:
                _upgrade_for_demo(store, settings)
            example = store.read(
                "MATCH (a:Author)-[c:CO_AUTHOR]-() RETURN a.id AS id, count(c) AS d "
                "ORDER BY d DESC, id LIMIT 1"
            ).rows
            base = f"http://{settings.host}:{port}"
            data_dir = escape(str(settings.data_dir))
            lines = [
                f"\n[bold]graphsvc demo[/bold] on {base} (data in {data_dir})",
                f"  [bold]{base}/explorer[/bold]  (explore the graph in a browser)",
                f"  {base}/docs",
                f"  {base}/health",
            ]
            if example:
                aid = example[0]["id"]
                lines += [
                    f"  {base}/authors/{aid}",
                    f"  {base}/authors/{aid}/collaborators",
                    f"  {base}/graph/slice?center={aid}&depth=2&limit=50",
                    f"  {base}/explorer?center={quote(aid, safe='')}",
                ]
            for line in lines:  # never wrapped: a URL cut in two cannot be copied
                console.print(line, soft_wrap=True)
            console.print("Press Ctrl-C to stop.\n")
            _serve(settings, settings.host, port, store)
    except GraphsvcError as exc:
        _fail(exc)


def _print_cuts(out: Console, lines: list[str]) -> None:
    """The run-on author names a load or an identity pass read as two (loaders.run_on)."""
    for line in lines[:20]:
        out.print(f"  author list cut: {escape(line)}")
    if len(lines) > 20:
        out.print(f"  ... and {len(lines) - 20} more author lists cut")


def _upgrade_for_demo(store: GraphStore, settings: Settings) -> None:
    """The demo brings a graph of an earlier graphsvc up to date itself (`graphsvc serve` only
    warns: on a shared production store the upgrade is an operator's step)."""
    from loaders.identity_rules import needs_identity_upgrade
    from loaders.upgrade import needs_upgrade, upgrade_graph

    if needs_upgrade(store):
        console.print("This graph was loaded by an earlier graphsvc: upgrading it...")
        report = upgrade_graph(store, settings.batch_size)
        console.print(f"Upgraded {report.authors} authors in {report.seconds:.1f} s.")
    if needs_identity_upgrade(store):
        console.print("Its authors were decided by earlier identity rules: resolving again...")
        again = _reresolve(store, settings)
        console.print(f"Identity resolved again: {again.authors_before} -> "
                      f"{again.authors_after} authors in {again.seconds:.1f} s.")
        _print_cuts(console, again.names_cut)


def _load(store: GraphStore, settings: Settings, fmt: str, paths: list[Path]):
    from loaders.pipeline import load_paths

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:  # fmt: skip
        task = progress.add_task(f"loading {fmt}", total=None)
        return load_paths(store, settings, fmt, paths,
                          on_progress=lambda n: progress.advance(task, n))  # fmt: skip


@app.command()
def load(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="Input format, e.g. hepth.")],
    paths: Annotated[list[Path], typer.Argument(help="Files, folders, .gz or tar archives.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    bulk: Annotated[bool, typer.Option("--bulk", help="First load of an EMPTY embedded graph, "
                    "several times faster (GRAPH.BULK).")] = False,  # fmt: skip
) -> None:
    """Load records into the graph (idempotent: loading again changes nothing)."""
    settings = get_settings()
    try:
        with _store(settings) as store:
            if bulk:
                from loaders.pipeline import bulk_load_paths

                out.print_json(json.dumps(bulk_load_paths(store, settings, fmt, paths),
                                          default=str))  # fmt: skip
                return
            report = _load(store, settings, fmt, paths)
    except GraphsvcError as exc:
        _fail(exc)
    summary = report.as_dict()
    if as_json:
        out.print_json(json.dumps(summary))
        return
    out.print(f"read {report.read} records, wrote {report.written} papers "
              f"({report.new_papers} new), rejected {len(report.rejected)} "
              f"in {report.seconds:.1f} s")  # fmt: skip
    for rej in report.rejected[:20]:
        out.print(f"  rejected: {rej}")
    if len(report.rejected) > 20:
        out.print(f"  ... and {len(report.rejected) - 20} more")
    if report.rejects_file:
        out.print(f"rejected records written to {report.rejects_file}")
    _print_cuts(out, report.names_cut)


@app.command()
def upgrade(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    identity: Annotated[
        bool,
        typer.Option("--identity", help="Also resolve author identity again over the whole "
                     "graph with the current rules (moves mentions, merges and splits authors)."),
    ] = False,
) -> None:
    """Bring a graph loaded by an earlier graphsvc up to the current data model, in place
    (derived data only: nothing is read again from the sources; running it twice is harmless)."""
    from loaders.identity_rules import needs_identity_upgrade
    from loaders.upgrade import upgrade_graph

    settings = get_settings()
    try:
        with _store(settings) as store, Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("upgrading authors and their ties", total=None)
            report = upgrade_graph(store, settings.batch_size,
                                   lambda done, total: progress.update(task, completed=done,
                                                                       total=total))  # fmt: skip
            again = _reresolve(store, settings) if identity else None
            identity_outdated = needs_identity_upgrade(store)
    except GraphsvcError as exc:
        _fail(exc)
    if as_json:
        extra = {"identity": again.as_dict()} if again else {}
        out.print_json(json.dumps({**report.as_dict(), **extra,
                                   "identity_outdated": identity_outdated}))  # fmt: skip
        return
    if not report.authors:
        out.print("nothing to upgrade: the graph's data is current")
    else:
        out.print(f"upgraded {report.authors} authors: {report.ties_changed} co-author ties "
                  f"changed, {report.hubs_refreshed} hubs refreshed, in {report.seconds:.1f} s")
    if again:
        out.print(f"identity resolved again over {again.mentions} mentions: "
                  f"{again.authors_before} -> {again.authors_after} authors, "
                  f"{again.mentions_moved} mentions moved, {again.authors_renamed} authors "
                  f"renamed, {again.hubs_refreshed} hubs refreshed, in {again.seconds:.1f} s "
                  f"({again.batches} batch{'' if again.batches == 1 else 'es'})")
        _print_cuts(out, again.names_cut)
    elif identity_outdated:
        out.print("its authors were decided by earlier identity rules: "
                  "run `graphsvc upgrade --identity` to resolve them again")


def _reresolve(store, settings: Settings):
    """`upgrade --identity`: the whole-graph identity pass (loaders/reresolve.py)."""
    from loaders.pipeline import identity_overrides
    from loaders.reresolve import reresolve_identity

    with console.status("resolving author identity again over the whole graph"):
        return reresolve_identity(store, identity_overrides(settings), settings.batch_size)


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts per node label and relationship type."""
    settings = get_settings()
    try:
        with _store(settings) as store:
            labels = store.run("stats_labels").rows
            rels = store.run("stats_relationships").rows
    except GraphsvcError as exc:
        _fail(exc)
    if as_json:
        out.print_json(json.dumps({"nodes": {r["label"]: r["count"] for r in labels},
                                   "relationships": {r["type"]: r["count"] for r in rels}}))
        return
    table = Table("kind", "name", "count")
    for r in labels:
        table.add_row("node", r["label"], str(r["count"]))
    for r in rels:
        table.add_row("relationship", r["type"], str(r["count"]))
    out.print(table)


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p",
                     help="name=JSON value, repeatable.")] = None,  # fmt: skip
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON rows.")] = False,
) -> None:
    """Run read-only Cypher (writes are refused) and print a table or JSON."""
    from queries.readonly import check_params_given, check_read_only

    settings = get_settings()
    try:
        params = _parse_params(param or [])
        checked = check_read_only(query)
        check_params_given(checked, params)
        with _store(settings) as store:
            result = store.read(checked, params, timeout_ms=settings.query_timeout_ms,
                                max_rows=settings.cypher_row_cap)  # fmt: skip
    except GraphsvcError as exc:
        _fail(exc)
    if as_json:
        out.print_json(json.dumps({"columns": result.columns, "rows": result.rows,
                                   "truncated": result.truncated}, default=str))  # fmt: skip
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(json.dumps(row[c], default=str) if isinstance(row[c], (dict, list))
                        else str(row[c]) for c in result.columns))  # fmt: skip
    out.print(table)
    if result.truncated:
        out.print(f"(truncated at {settings.cypher_row_cap} rows)")


def _parse_params(items: list[str]) -> dict:
    from graphsvc.errors import InvalidParameter
    from queries.readonly import check_params

    params = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise InvalidParameter(f"--param {item!r}: expected name=value")
        try:
            params[name] = json.loads(raw)
        except ValueError:
            params[name] = raw
    return check_params(params)


_RESULTS = Path("bench/RESULTS.md")


WorksOption = Annotated[Path | None, typer.Option(help="works-jsonl file, not the store.")]
JsonOption = Annotated[Path | None, typer.Option("--json", help="Write JSON here.")]
ResultsOption = Annotated[Path | None, typer.Option(help="Append to this file ('' for none).")]


def _appending(results: Path | None) -> bool:
    """--results was given a file: '' (which typer turns into '.') means no file."""
    return results is not None and str(results) not in ("", ".")


def _say_appended(results: Path) -> None:
    # a relative default lands in the current directory: say where
    console.print(f"results appended to {results.resolve()} (--results '' for none)",
                  markup=False, highlight=False)  # fmt: skip


def _eval_records(
    works: Path | None, first: int | None, last: int
) -> tuple[list, str, tuple[int, int] | None]:
    """(records, what they came from, the first and last year of all the data) for an
    evaluation: the works-jsonl file, else the store's papers from `first` (None: the
    earliest year in the graph) to `last`."""
    from queries.linkpred import evaluate as ev

    if works:
        records = ev.records_from_file(works)
        years = [r.year for r in records]
        return records, str(works), (min(years), max(years)) if years else None
    settings = get_settings()
    with _store(settings) as store:
        span = store.run("paper_years").rows[0]
        data_years = None if span["first"] is None else (span["first"], span["last"])
        if first is None:
            first = span["first"] or last
        records = ev.records_from_store(store, first, last)
    return records, f"store {settings.store_kind} graph {settings.graph_name}", data_years


@eval_app.command("collaborators")
def eval_collaborators(
    train: Annotated[str, typer.Option(help="Training period, YEAR-YEAR.")] = "1994-1996",
    test: Annotated[str, typer.Option(help="Test period, YEAR-YEAR.")] = "1997-1999",
    core_k: Annotated[int, typer.Option(min=1, help="Core: at least k papers per period.")] = 3,
    works: WorksOption = None,
    as_json: JsonOption = None,
    results: ResultsOption = _RESULTS,
    shipped: Annotated[
        bool, typer.Option(help="Rank with the shipped model (what the API serves), no refit.")
    ] = False,
    periods: Annotated[
        int,
        typer.Option(
            min=1, help="Also run the next N-1 periods, each one year later; pooled summary."
        ),
    ] = 1,
) -> None:
    """Link prediction (Liben-Nowell & Kleinberg): baselines and our ranker vs random."""
    from queries.linkpred import evaluate as ev
    from queries.linkpred.report import to_json
    from queries.linkpred.rolling import evaluate_periods

    try:
        tr, te = ev.parse_years(train, "--train"), ev.parse_years(test, "--test")
        first = min(tr[0], te[0]) - 5  # the ranker trains on the years before --train
        records, data, years = _eval_records(works, first, max(tr[1], te[1]) + periods - 1)
        ranker = None
        if shipped:
            from queries.linkpred.ranker import load_ranker
            from queries.linkpred.report import SHIPPED_MODEL

            ranker = load_ranker(SHIPPED_MODEL)
        result, table = evaluate_periods(records, tr, te, core_k, periods, ranker=ranker,
                                         data_years=years)  # fmt: skip
    except (GraphsvcError, ValueError) as exc:
        _fail(exc if isinstance(exc, GraphsvcError) else GraphsvcError(str(exc)))
    out.print(table, highlight=False, markup=False, soft_wrap=True)  # no wrap when piped
    if as_json:
        as_json.write_text(to_json(result))
    if _appending(results):
        command = f"graphsvc eval collaborators --train {train} --test {test} --core-k {core_k}"
        command += f" --works {works}" if works else ""
        command += " --shipped" if shipped else ""
        command += f" --periods {periods}" if periods > 1 else ""
        ev.append_results(results, ev.results_markdown(result, table, command, data))
        _say_appended(results)


@eval_app.command("ties")
def eval_ties(
    until: Annotated[int, typer.Option(help="Ties from the papers up to this year.")] = 1996,
    test: Annotated[str, typer.Option(help="Repeats in these years, YEAR-YEAR.")] = "1997-1999",
    min_coauthors: Annotated[int, typer.Option(min=1, help="Authors with this many.")] = 2,
    works: WorksOption = None,
    as_json: JsonOption = None,
    results: ResultsOption = _RESULTS,
) -> None:
    """Close-collaborator order: which co-authors does an author write with again?"""
    from queries.linkpred import evaluate as ev
    from queries.linkpred.ties import evaluate_ties, ties_table

    try:
        te = ev.parse_years(test, "--test")
        records, data, _ = _eval_records(works, None, te[1])  # ties: every year to --until
        result = evaluate_ties(records, until, te, min_coauthors)
    except (GraphsvcError, ValueError) as exc:
        _fail(exc if isinstance(exc, GraphsvcError) else GraphsvcError(str(exc)))
    table = ties_table(result)
    out.print(table, highlight=False, markup=False, soft_wrap=True)  # no wrap when piped
    if as_json:
        as_json.write_text(json.dumps(result, indent=2))
    if _appending(results):
        command = f"graphsvc eval ties --until {until} --test {test}"
        command += f" --min-coauthors {min_coauthors}"
        command += f" --works {works}" if works else ""
        title = "Close-collaborator order evaluation"
        ev.append_results(results, ev.results_markdown(result, table, command, data, title))
        _say_appended(results)


@eval_app.command("identity")
def eval_identity(
    qian: Annotated[Path | None, typer.Option(help="S2AND Qian folder (gold clusters).")] = Path(
        "../shared/data/s2and_qian"
    ),
    hepth: Annotated[list[Path] | None, typer.Option(help="hep-th .abs files or tarball.")] = None,
    examples: Annotated[int, typer.Option(min=0, help="Examples of each kind to show.")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Author identity: B-cubed P/R/F1 on S2AND Qian; hep-th names -> authors with examples."""
    from loaders.hepth import iter_hepth
    from loaders.identity import eval_qian, hepth_identity_report

    hepth = hepth or [Path("../shared/data/hepth/cit-HepTh-abstracts.tar.gz")]
    result: dict = {}
    try:
        if qian and qian.exists():
            result["qian"] = eval_qian(qian)
        if all(p.exists() for p in hepth):
            result["hepth"] = hepth_identity_report(iter_hepth(hepth), examples=examples)
    except GraphsvcError as exc:
        _fail(exc)
    if not result:
        _fail(GraphsvcError(f"neither {qian} nor {', '.join(map(str, hepth))} exists"))
    if as_json:
        out.print_json(json.dumps(result, default=str))
        return
    if q := result.get("qian"):
        out.print(f"S2AND Qian: B3 precision {q['precision']:.3f}  recall {q['recall']:.3f}  "
                  f"F1 {q['f1']:.3f}  ({q['signatures']} signatures, {q['gold_people']} people, "
                  f"{q['predicted_people']} predicted, {q['seconds']} s)")  # fmt: skip
        out.print(f"  ceiling on this evidence (oracle labelling signatures with the same name and "
                  f"affiliations alike): F1 {q['ceiling_f1']:.3f}; with position too: "
                  f"{q['ceiling_f1_with_position']:.3f}")  # fmt: skip
    if h := result.get("hepth"):
        out.print(f"hep-th: {h['mentions']} mentions, {h['raw_name_strings']} raw name strings "
                  f"-> {h['authors']} authors ({h['authors_with_variants']} with several "
                  f"variants, {h['kept_apart_pairs']} same-name pairs kept apart, "
                  f"{h['seconds']} s)")  # fmt: skip
        for m in h["example_merges"]:
            out.print(f"  merged  {m['author']}: {' | '.join(m['variants'])}")
        for k in h["example_kept_apart"]:
            out.print(f"  apart   {' / '.join(k['names'])} ({', '.join(k['authors'])})")


if __name__ == "__main__":
    app()
