"""Run the hep-th style collaborator evaluation and render it as a table or JSON."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from queries.linkpred.predictors import ASYMMETRIC, PREDICTORS
from queries.linkpred.protocol import (
    Split,
    check_new_pairs,
    check_periods,
    make_split,
    per_author_metrics,
    precision_of_ranking,
)
from queries.linkpred.ranker import Ranker, load_ranker, train_ranker
from queries.linkpred.records import Record
from queries.linkpred.uncertainty import (
    LEVEL,
    REPLICATES,
    Ranked,
    bootstrap,
    interval,
    ratio_interval,
)

SHIPPED_MODEL = Path(__file__).parent / "model_hepth.json"
RANKER = "graphsvc ranker"
POOL_ONLY = "graphsvc ranker, 3-hop pool only"
BASELINE = "Adamic/Adar"


def _evaluate(
    name: str, split: Split, scores: np.ndarray, ranked: dict[str, Ranked]
) -> dict[str, Any]:
    """One table row; the predictor's ranking is kept in `ranked` for the intervals."""
    r = ranked[name] = Ranked.of(split, scores)
    return {"predictor": name, **precision_of_ranking(split, r.a, r.b),
            **per_author_metrics(split, scores)}  # fmt: skip


def _add_intervals(result: dict[str, Any], split: Split, ranked: dict[str, Ranked]) -> None:
    """Author-bootstrap intervals of every factor and of the ranker / Adamic-Adar ratio."""
    samples = bootstrap(split, ranked)
    for row in result["predictors"]:
        row["factor_interval"] = interval(samples[row["predictor"]])
    if RANKER in samples:
        result["ranker_over_adamic_adar_interval"] = ratio_interval(
            samples[RANKER], samples[BASELINE]
        )
    result["intervals"] = {"level": LEVEL, "replicates": REPLICATES, "unit": "core authors"}


def run_collaborator_eval(
    records: Iterable[Record],
    train: tuple[int, int] = (1994, 1996),
    test: tuple[int, int] = (1997, 1999),
    core_k: int = 3,
    with_ranker: bool = True,
    ranker: Ranker | None = None,
    data_years: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Every baseline predictor and our ranker on one split; the ranker is tuned and fitted on
    earlier years only (`train_ranker`), unless a fitted `ranker` is given (e.g. the shipped
    model the API serves). InvalidParameter when the split cannot be evaluated
    (`check_periods`: `data_years`, the years of all the data, go into its message)."""
    t0 = time.perf_counter()
    recs = list(records)
    check_periods(recs, train, test, core_k, data_years)
    split = make_split(recs, train, test, core_k)
    check_new_pairs(split)
    rows: list[dict[str, Any]] = []
    ranked: dict[str, Ranked] = {}
    for name, predictor in PREDICTORS.items():
        t = time.perf_counter()
        scores = predictor(split.train, split.core, split.core)
        if name in ASYMMETRIC:
            scores = scores + scores.T
        rows.append({**_evaluate(name, split, scores, ranked), "seconds": _since(t)})
    result: dict[str, Any] = {
        "train": train,
        "test": test,
        "core_k": core_k,
        "authors_in_train": split.train.n,
        "core_authors": len(split.core),
        "candidate_pairs": split.n_candidates,
        "new_pairs": split.n_new,
        "random_precision": split.random_precision,
        "predictors": rows,
    }
    if with_ranker:
        t = time.perf_counter()
        try:
            ranker = ranker or train_ranker(recs, train=train, core_k=core_k)
        except ValueError as exc:  # no earlier years (or no new pairs) to fit on
            ranker = load_ranker(SHIPPED_MODEL)
            ranker.selection = {"note": f"{exc}: used the shipped model {SHIPPED_MODEL.name} "
                                "(fitted on hep-th windows ending 1996)"}  # fmt: skip
        split_r = make_split(recs, train, test, core_k, decay=ranker.decay)
        if ranker.outer or ranker.text:  # what tiers 2-3 add: the same pool model without them
            pool_only = Ranker(ranker.model, ranker.model_name, ranker.decay)
            scores = pool_only.score_matrix(split_r.train, split_r.core, split_r.core)
            rows.append({**_evaluate(POOL_ONLY, split_r, scores, ranked), "seconds": 0.0})
        scores = ranker.score_matrix(split_r.train, split_r.core, split_r.core)
        rows.append({**_evaluate(RANKER, split_r, scores, ranked), "seconds": _since(t)})
        base = next(r for r in rows if r["predictor"] == BASELINE)
        result["ranker_over_adamic_adar"] = (
            rows[-1]["factor"] / base["factor"] if base["factor"] else None
        )
        result["ranker_selection"] = ranker.selection
        result["ranker_model"] = ranker.model_name
    if split.n_new:
        _add_intervals(result, split, ranked)
    result["seconds"] = _since(t0)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_identity_comparison(
    variants: Mapping[str, Iterable[Record]], **kwargs: Any
) -> dict[str, Any]:
    """The same evaluation per identity variant, e.g. {"raw names": ..., "name_key": ...}."""
    return {name: run_collaborator_eval(recs, **kwargs) for name, recs in variants.items()}


def _since(t: float) -> float:
    return round(time.perf_counter() - t, 3)


def render_table(result: Mapping[str, Any]) -> str:
    """Plain-text table: factor over random, precision, per-author metrics, time."""
    head = (
        f"train {result['train']} test {result['test']} core_k={result['core_k']}: "
        f"{result['core_authors']} core authors, {result['new_pairs']} new of "
        f"{result['candidate_pairs']} candidate pairs (random precision "
        f"{result['random_precision']:.5f})"
    )
    lines = [
        head,
        f"{'predictor':33} {'factor':>7} {_interval_head(result):>9} {'prec':>7} {'hits':>5} "
        f"{'p@10':>6} {'r@20':>6} {'mrr':>6} {'sec':>6}",
    ]
    for r in result["predictors"]:
        lines.append(
            f"{r['predictor']:33} {r['factor']:7.1f} {_span(r.get('factor_interval')):>9} "
            f"{r['precision']:7.4f} {r['hits']:5d} "
            f"{r['p@10']:6.3f} {r['r@20']:6.3f} {r['mrr']:6.3f} {r['seconds']:6.2f}"
        )
    if "intervals" in result:
        iv = result["intervals"]
        lines.append(f"intervals: {iv['level']:.0%} of {iv['replicates']} bootstrap replicates "
                     f"drawing the {iv['unit']} with replacement")  # fmt: skip
    if result.get("ranker_over_adamic_adar") is not None:
        sel = result["ranker_selection"]
        ratio = result.get("ranker_over_adamic_adar_interval")
        ratio_text = f" (interval {_end(ratio[0])}-{_end(ratio[1])})" if ratio else ""
        if "note" in sel:
            lines.append(f"ranker / Adamic-Adar = {result['ranker_over_adamic_adar']:.2f}"
                         f"{ratio_text}; {sel['note']}")  # fmt: skip
            lines.append(f"total {result['seconds']:.1f}s, peak RSS {result['peak_rss_mb']:.0f} MB")
            return "\n".join(lines)
        vs = "; ".join(f"{tr} -> {te} (core {core})" for tr, te, core in sel["validation_splits"])
        lines.append(
            f"ranker / Adamic-Adar = {result['ranker_over_adamic_adar']:.2f}{ratio_text}; "
            f"C and decay "
            f"chosen on {vs}: {sel['chosen']}; fitted on {len(sel['final_windows'])} windows "
            f"ending by {result['train'][1]} ({sel['training_positives']} positive of "
            f"{sel['training_pairs']} pairs)"
        )
        tiers = {"tier2": "tier 2 (site mates beyond the pool, ranked after it)",
                 "tier3": "tier 3 (text neighbours filling short lists, ranked last)"}
        for key, label in tiers.items():
            tier = sel.get(key)
            if tier and tier.get("training_positives"):
                lines.append(f"{label}: C={tier['C']}, fitted on {tier['training_positives']} "
                             f"positive of {tier['training_pairs']} pairs")  # fmt: skip
    lines.append(f"total {result['seconds']:.1f}s, peak RSS {result['peak_rss_mb']:.0f} MB")
    return "\n".join(lines)


def _end(value: float | None) -> str:
    """An end of the ratio's interval; None: unbounded (Adamic/Adar had no hit there)."""
    return "unbounded" if value is None else f"{value:.2f}"


def _interval_head(result: Mapping[str, Any]) -> str:
    iv = result.get("intervals")
    return f"{iv['level']:.0%} int." if iv else ""


def _span(iv: tuple[float, float] | None) -> str:
    return f"{iv[0]:.0f}-{iv[1]:.0f}" if iv else ""


def to_json(result: Mapping[str, Any]) -> str:
    """JSON text of a result dict."""
    return json.dumps(result, indent=2, default=str)
