"""The collaborator evaluation refuses periods it cannot evaluate, naming why, instead of
printing a table of zeros."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from graphsvc.cli import app
from graphsvc.errors import InvalidParameter
from queries.linkpred.records import Record
from queries.linkpred.report import run_collaborator_eval
from tests.conftest import REPO
from tests.test_linkpred import _random_records


def _eval(recs, train, test, core_k=2):
    return run_collaborator_eval(recs, train=train, test=test, core_k=core_k, with_ranker=False)


@pytest.mark.parametrize("test", [(1996, 1997), (1995, 1999), (1990, 1992)])
def test_a_test_period_must_follow_the_training_period(test):
    with pytest.raises(InvalidParameter, match=r"test period .* must start after .* ends \(1996\)"):
        _eval(_random_records(), (1994, 1996), test)


def test_a_period_without_papers_names_the_data_years():
    recs = _random_records()  # years 1990-1999
    with pytest.raises(InvalidParameter, match=r"no papers in the test period 2001-2003 .*"
                                               r"1990-1999"):
        _eval(recs, (1994, 1996), (2001, 2003))
    with pytest.raises(InvalidParameter, match=r"no papers in the training period 1985-1987"):
        _eval(recs, (1985, 1987), (1994, 1996))


def test_no_core_authors_says_how_many_reach_k_in_each_period():
    recs = _random_records()
    with pytest.raises(InvalidParameter, match=r"no core authors .* at least 500 papers") as e:
        _eval(recs, (1994, 1996), (1997, 1999), core_k=500)
    assert "--core-k" in str(e.value)


def test_no_new_pairs_is_refused():
    # two authors who write together in both periods: core, but no new pair to predict
    recs = [Record(f"t:{y}", y, ("a", "b"), (), "", "") for y in range(1994, 2000)]
    with pytest.raises(InvalidParameter, match="no new pairs"):
        _eval(recs, (1994, 1996), (1997, 1999), core_k=1)


def test_a_usable_period_still_runs():
    result = _eval(_random_records(), (1994, 1996), (1997, 1999))
    assert result["new_pairs"] > 0 and result["core_authors"] > 1


def test_cli_default_periods_on_other_years_fail_with_the_reason(tmp_path):
    works = tmp_path / "works.jsonl"
    works.write_text("".join(json.dumps(
        {"id": f"x:{k}", "year": 2007, "authors": [{"name": "A. One"}, {"name": "B. Two"}]}
    ) + "\n" for k in range(5)))  # fmt: skip
    r = CliRunner().invoke(app, ["eval", "collaborators", "--works", str(works), "--results", ""])
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    assert "no papers in the training period 1994-1996" in text and "2007-2007" in text
    assert "factor" not in text  # no table of zeros


def test_cli_on_the_store_names_all_the_graph_years(sample_store):
    """The store is read only for the years asked for; the message still names the graph's
    first and last paper year (the sample: 1991-1994), not those of what was read."""
    env = {**os.environ, "GRAPHSVC_DATA_DIR": str(sample_store.server.dir.parent)}  # type: ignore[attr-defined]
    r = subprocess.run([sys.executable, "-m", "graphsvc.cli", "eval", "collaborators",
                        "--train", "1988-1990", "--test", "1991-1991", "--results", ""],
                       env=env, capture_output=True, text=True, timeout=120, cwd=REPO)  # fmt: skip
    assert r.returncode == 2, r.stdout + r.stderr
    text = " ".join(r.stderr.split())
    assert ("no papers in the training period 1988-1990 (the data's papers are from "
            "1991-1994)") in text
