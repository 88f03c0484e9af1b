"""The collaborator evaluation over successive periods (queries.linkpred.rolling)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from graphsvc.cli import app
from graphsvc.errors import InvalidParameter
from queries.linkpred.records import record_from_dict
from queries.linkpred.rolling import pooled_summary, render_summary, rolling_periods, run_rolling
from tests.test_linkpred import _random_records


def _result(train, n, rnd, hits):
    rows = [{"predictor": name, "hits": h, "factor": h / n / rnd} for name, h in hits.items()]
    return {"train": train, "test": (train[1] + 1, train[1] + 3), "new_pairs": n,
            "random_precision": rnd, "predictors": rows}  # fmt: skip


def test_pooled_summary_counts_hits_over_what_random_expects():
    aa, katz, ours = "Adamic/Adar", "Katzu b=0.005", "graphsvc ranker"
    results = [
        _result((1994, 1996), 10, 0.01, {aa: 2, katz: 1, ours: 3}),
        _result((1995, 1997), 20, 0.02, {aa: 4, katz: 6, ours: 6}),
    ]
    s = pooled_summary(results)
    rows = {r["predictor"]: r for r in s["predictors"]}
    # random expects 10 * 0.01 + 20 * 0.02 = 0.5 hits over both periods
    assert rows["Adamic/Adar"]["pooled_factor"] == pytest.approx(6 / 0.5)
    assert rows["graphsvc ranker"]["pooled_factor"] == pytest.approx(9 / 0.5)
    assert rows["graphsvc ranker"]["mean_factor"] == pytest.approx((30 + 15) / 2)
    assert (rows["Katzu b=0.005"]["min_factor"], rows["Katzu b=0.005"]["max_factor"]) == (10, 15)
    assert s["ranker_over_adamic_adar_pooled"] == pytest.approx(9 / 6)
    assert s["best_baseline"] == "Katzu b=0.005"  # 7 pooled hits to Adamic/Adar's 6
    assert s["new_pairs"] == 30
    text = render_summary(s)
    assert "pooled over 2 periods" in text and "pooled hits = 1.50" in text


def test_periods_shift_by_one_year():
    assert rolling_periods((1994, 1996), (1997, 1999), 3) == [
        ((1994, 1996), (1997, 1999)), ((1995, 1997), (1998, 2000)), ((1996, 1998), (1999, 2001))
    ]  # fmt: skip
    with pytest.raises(InvalidParameter, match="--periods 0"):
        rolling_periods((1994, 1996), (1997, 1999), 0)


def test_run_rolling_runs_each_period_and_pools_them():
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)  # years 1990-1999
    out = run_rolling(recs, (1993, 1995), (1996, 1997), 2, periods=3)
    assert [(tuple(r["train"]), tuple(r["test"])) for r in out["periods"]] == [
        ((1993, 1995), (1996, 1997)), ((1994, 1996), (1997, 1998)), ((1995, 1997), (1998, 1999))
    ]  # fmt: skip
    pooled = {r["predictor"]: r["hits"] for r in out["summary"]["predictors"]}
    for name in ("Adamic/Adar", "graphsvc ranker"):
        rows = [row for r in out["periods"] for row in r["predictors"] if row["predictor"] == name]
        assert pooled[name] == sum(row["hits"] for row in rows)
    with pytest.raises(InvalidParameter, match="ends after the data's last year"):
        run_rolling(recs, (1993, 1995), (1996, 1997), 2, periods=4)


def test_cli_periods_writes_every_period_and_the_summary(tmp_path):
    works = tmp_path / "works.jsonl"
    recs = _random_records(seed=5, n_authors=90, n_papers=1500)
    works.write_text("".join(
        json.dumps({"id": r.paper_id, "year": r.year, "authors": [{"id": a, "name": a}
                    for a in r.authors]}) + "\n" for r in recs
    ))  # fmt: skip
    first = json.loads(works.read_text().splitlines()[0])
    assert record_from_dict(first).authors == recs[0].authors
    out, results = tmp_path / "eval.json", tmp_path / "RESULTS.md"
    args = ["eval", "collaborators", "--works", str(works), "--train", "1994-1996", "--test",
            "1997-1998", "--core-k", "2", "--periods", "2", "--json", str(out),
            "--results", str(results)]  # fmt: skip
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert [p["test"] for p in data["periods"]] == [[1997, 1998], [1998, 1999]]
    spans = [[[1994, 1996], [1997, 1998]], [[1995, 1997], [1998, 1999]]]
    assert data["summary"]["periods"] == spans
    assert "pooled over 2 periods" in r.output
    assert f"appended to {results}" in " ".join(r.output.split())
    text = results.read_text()
    assert "--periods 2`" in text and "pooled over 2 periods" in text
    rows = [ln for ln in r.output.splitlines() if ln.startswith(("Adamic/Adar", "graphsvc ranker"))]
    assert len(rows) >= 4 and all(ln in text.splitlines() for ln in rows)  # not wrapped at 80
    too_far = CliRunner().invoke(app, [*args[:11], "3"])
    assert too_far.exit_code != 0
    assert "ends after the data's last year" in " ".join(too_far.output.split())
