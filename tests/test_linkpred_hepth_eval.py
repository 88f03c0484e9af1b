"""`python -m queries.linkpred.hepth_eval`: the periods and core threshold reach the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import InvalidParameter
from queries.linkpred import hepth_eval

SAMPLE = Path(__file__).resolve().parents[1] / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"


def test_periods_and_core_reach_the_table_and_results(tmp_path, capsys):
    results = tmp_path / "RESULTS.md"
    argv = ["--key", "raw", "--tar", str(SAMPLE), "--train", "1992", "--test", "1993"]
    hepth_eval.main([*argv, "--core-k", "2", "--results", str(results)])
    table = capsys.readouterr().out
    assert table.startswith("train (1992, 1992) test (1993, 1993) core_k=2:")
    assert "Adamic/Adar" in table and "graphsvc ranker" in table
    assert "ranker / Adamic-Adar = " in table and "nan" not in table
    text = results.read_text()
    assert "--key raw --train 1992 --test 1993 --core-k 2`" in text
    assert "train (1992, 1992) test (1993, 1993) core_k=2:" in text


def test_bad_period_names_the_option():
    with pytest.raises(InvalidParameter, match="--test '1993-1992'"):
        hepth_eval.main(["--key", "raw", "--tar", str(SAMPLE), "--test", "1993-1992"])
