"""The collaborator evaluation over successive periods, each shifted one year later, with a
pooled summary: one test period holds a few dozen hits, several periods narrow the noise."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graphsvc.errors import InvalidParameter
from queries.linkpred.records import Record
from queries.linkpred.report import (
    BASELINE,
    POOL_ONLY,
    RANKER,
    render_table,
    run_collaborator_eval,
)

Years = tuple[int, int]


def shifted(years: Years, by: int) -> Years:
    """`years` moved `by` years later."""
    return years[0] + by, years[1] + by


def rolling_periods(train: Years, test: Years, periods: int) -> list[tuple[Years, Years]]:
    """(train, test) of `periods` successive runs, the first as given."""
    if periods < 1:
        raise InvalidParameter(f"--periods {periods}: expected at least 1")
    return [(shifted(train, k), shifted(test, k)) for k in range(periods)]


def run_rolling(
    records: Iterable[Record],
    train: Years,
    test: Years,
    core_k: int,
    periods: int,
    **kwargs: Any,
) -> dict[str, Any]:
    """`run_collaborator_eval` on each period (the ranker tuned and fitted per period on its
    own earlier years, unless `kwargs` passes a fitted `ranker`);
    `{"periods": [result, ...], "summary": ...}`.

    InvalidParameter when a test period ends after the records' last year."""
    recs = list(records)
    last = max((r.year for r in recs), default=None)
    spans = rolling_periods(train, test, periods)
    if last is None or spans[-1][1][1] > last:
        raise InvalidParameter(
            f"--periods {periods}: the last test period {spans[-1][1][0]}-{spans[-1][1][1]} "
            f"ends after the data's last year ({last})"
        )
    results = [run_collaborator_eval(recs, tr, te, core_k, **kwargs) for tr, te in spans]
    return {"periods": results, "summary": pooled_summary(results)}


def pooled_summary(results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Per predictor over all periods: hits, the pooled factor (all hits over all hits that
    random ranking expects, sum of n x random precision) and the mean of the periods'
    factors; and the ranker's pooled hits over Adamic/Adar's."""
    expected = sum(r["new_pairs"] * r["random_precision"] for r in results)
    rows: dict[str, dict[str, Any]] = {}
    for result in results:
        for row in result["predictors"]:
            acc = rows.setdefault(row["predictor"], {"predictor": row["predictor"],
                                                     "hits": 0, "factors": []})  # fmt: skip
            acc["hits"] += row["hits"]
            acc["factors"].append(row["factor"])
    complete = [r for r in rows.values() if len(r["factors"]) == len(results)]
    table = [
        {"predictor": r["predictor"], "hits": r["hits"],
         "pooled_factor": r["hits"] / expected if expected else 0.0,
         "mean_factor": sum(r["factors"]) / len(r["factors"]),
         "min_factor": min(r["factors"]), "max_factor": max(r["factors"])}
        for r in complete
    ]  # fmt: skip
    hits = {r["predictor"]: r["hits"] for r in table}
    ratio = hits[RANKER] / hits[BASELINE] if RANKER in hits and hits.get(BASELINE) else None
    best = [r for r in table if r["predictor"] not in (RANKER, POOL_ONLY)]
    return {
        "periods": [[r["train"], r["test"]] for r in results],
        "new_pairs": sum(r["new_pairs"] for r in results),
        "predictors": table,
        "ranker_over_adamic_adar_pooled": ratio,
        "best_baseline": max(best, key=lambda r: r["hits"])["predictor"] if best else None,
    }


def render_summary(summary: Mapping[str, Any]) -> str:
    """Plain-text table of `pooled_summary`."""
    spans = ", ".join(f"{tuple(tr)} -> {tuple(te)}" for tr, te in summary["periods"])
    lines = [
        f"pooled over {len(summary['periods'])} periods ({spans}): "
        f"{summary['new_pairs']} new pairs",
        f"{'predictor':33} {'pooled':>7} {'mean':>6} {'min':>6} {'max':>6} {'hits':>5}",
    ]
    for r in summary["predictors"]:
        lines.append(f"{r['predictor']:33} {r['pooled_factor']:7.1f} {r['mean_factor']:6.1f} "
                     f"{r['min_factor']:6.1f} {r['max_factor']:6.1f} {r['hits']:5d}")  # fmt: skip
    ratio = summary["ranker_over_adamic_adar_pooled"]
    if ratio is not None:
        lines.append(f"ranker / Adamic-Adar, pooled hits = {ratio:.2f}; best baseline by "
                     f"pooled hits: {summary['best_baseline']}")  # fmt: skip
    return "\n".join(lines)


def render_rolling(out: Mapping[str, Any]) -> str:
    """Each period's table, then the pooled summary."""
    tables = [render_table(r) for r in out["periods"]]
    return "\n\n".join([*tables, render_summary(out["summary"])])


def evaluate_periods(
    records: Iterable[Record], train: Years, test: Years, core_k: int, periods: int, **kwargs: Any
) -> tuple[dict[str, Any], str]:
    """One period (`run_collaborator_eval`) or several (`run_rolling`): the result and its
    table, as the CLI and `hepth_eval` print them."""
    if periods > 1:
        out = run_rolling(records, train, test, core_k, periods, **kwargs)
        return out, render_rolling(out)
    result = run_collaborator_eval(records, train, test, core_k, **kwargs)
    return result, render_table(result)
