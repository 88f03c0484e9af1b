"""The close-collaborator order: its Python form (queries.ties, queries.linkpred.ties) agrees with
what the API serves, and `graphsvc eval ties` scores orders by repeat collaboration."""

from __future__ import annotations

import json
import math
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from graphsvc.errors import InvalidParameter
from graphsvc.store import GraphStore
from loaders.hepth import iter_hepth
from queries.linkpred.evaluate import records_from_store
from queries.linkpred.records import Record
from queries.linkpred.ties import ORDERS, evaluate_ties, tie_lists
from queries.ties import YEAR_DECAY, tie_strength

SAMPLE = Path(__file__).resolve().parents[1] / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"
SERVED = next(iter(ORDERS.values()))


def rec(pid: str, year: int, *authors: str, topics: tuple[str, ...] = ("t1",)) -> Record:
    return Record(pid, year, tuple(authors), topics)


# s wrote 3 papers with old (1990-91) and 1 with new (1995); only new repeats in 1996.
RECORDS = [
    rec("p1", 1990, "s", "old"),
    rec("p2", 1991, "s", "old"),
    rec("p3", 1991, "s", "old", topics=("t1", "t2")),
    rec("p4", 1995, "s", "new"),
    rec("p5", 1994, "s", "far", topics=("t3",)),
    rec("p6", 1996, "s", "new"),
    rec("p7", 1996, "old", "x"),
]


def test_tie_lists_hold_weight_recency_and_topic_overlap() -> None:
    ties = {t.other: t for t in tie_lists(RECORDS, 1995)["s"]}
    assert set(ties) == {"old", "new", "far"}
    old = ties["old"]
    assert (old.joint_papers, old.last_year, old.ref_year) == (3, 1991, 1995)
    assert ties["old"].topic_overlap == pytest.approx(2 / 3)  # s: t1 t2 t3; old: t1 t2
    assert ties["far"].topic_overlap == pytest.approx(1 / 3)
    assert tie_strength(3, 1991, 1995) == pytest.approx(3 * math.exp(-4))
    assert tie_strength(1, None, 1995) == 1.0


def test_recent_tie_beats_an_old_stronger_one() -> None:
    """The served order puts `new` (1 paper, 1995) before `old` (3 papers, 1991): MRR 1 for s;
    the old order (joint papers first) puts it second at best."""
    result = evaluate_ties(RECORDS, 1995, (1996, 1996), min_coauthors=2)
    assert result["authors"] == 1  # only s has >= 2 co-authors and a repeat
    orders = result["orders"]
    assert orders["served: strength, topic overlap, id"]["mrr"] == 1.0
    assert orders["joint papers, last year, id"]["mrr"] == 0.5
    with pytest.raises(InvalidParameter, match="0 of 4 authors"):  # nobody has 4 co-authors
        evaluate_ties(RECORDS, 1995, (1996, 1996), min_coauthors=4)


def test_equal_strength_goes_to_the_larger_topic_overlap() -> None:
    records = [rec("a", 2000, "s", "zz", topics=("t1", "t2")), rec("b", 2000, "s", "aa",
               topics=("t9",)), rec("c", 2001, "s", "zz")]  # fmt: skip
    ranked = [t.other for t in sorted(tie_lists(records, 2000)["s"], key=SERVED)]
    assert ranked == ["zz", "aa"]  # id alone would put aa first
    assert evaluate_ties(records, 2000, (2001, 2001))["orders"]["strength, id (no topics)"][
        "mrr"] == 0.5  # fmt: skip


def test_test_years_must_follow_the_ties() -> None:
    with pytest.raises(InvalidParameter, match="must start after"):
        evaluate_ties(RECORDS, 1995, (1995, 1996))


def test_no_author_with_a_repeat_is_refused_with_the_counts() -> None:
    # by 1991 s has one co-author only; with min 2 nobody qualifies
    with pytest.raises(InvalidParameter, match=r"no author to evaluate: 0 of 2 authors") as e:
        evaluate_ties(RECORDS, 1991, (1995, 1996))
    assert "--min-coauthors" in str(e.value)
    with pytest.raises(InvalidParameter, match=r"no author to evaluate: 1 of 4 .* 0 of them"):
        evaluate_ties(RECORDS, 1995, (1997, 1998))  # s qualifies, but nobody repeats


def test_python_order_is_the_served_order(
    api: httpx.Client, sample_store: GraphStore, gibbons: str
) -> None:
    """The evaluation ranks with what the API serves: same co-authors, strengths and order."""
    served = api.get(f"/authors/{gibbons}/collaborators", params={"per_page": 200}).json()
    records = records_from_store(sample_store, 1992, 1993)
    ties = sorted(tie_lists(records, 1993)[gibbons], key=SERVED)
    assert [t.other for t in ties] == [c["id"] for c in served["results"]]
    for t, c in zip(ties, served["results"], strict=True):
        assert c["strength"] == pytest.approx(tie_strength(t.joint_papers, t.last_year,
                                                           t.ref_year))  # fmt: skip
        assert c["topic_overlap"] == pytest.approx(t.topic_overlap, rel=1e-12)
    assert YEAR_DECAY == pytest.approx(1 / math.e)


def test_eval_ties_cli_on_a_works_jsonl_file(tmp_path: Path, monkeypatch) -> None:
    from graphsvc.cli import app

    works = tmp_path / "sample.jsonl"
    with works.open("w") as fh:
        for w in iter_hepth([SAMPLE]):
            if hasattr(w, "authors"):
                fh.write(w.model_dump_json() + "\n")
    out, results = tmp_path / "ties.json", tmp_path / "RESULTS.md"
    args = ["eval", "ties", "--works", str(works), "--until", "1992", "--test", "1993-1993",
            "--json", str(out), "--results", str(results)]  # fmt: skip
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    result = json.loads(out.read_text())
    assert result["authors"] > 20 and set(result["orders"]) == set(ORDERS)
    for m in result["orders"].values():
        assert 0 < m["p_at_3"] <= m["ndcg"] <= 1 and 0 < m["mrr"] <= 1
    assert "served: strength" in r.output
    assert "Close-collaborator order evaluation" in results.read_text()
    assert f"appended to {results}" in " ".join(r.output.split())  # says where it went
    monkeypatch.chdir(tmp_path)  # --results '' appends nowhere
    quiet = CliRunner().invoke(app, ["eval", "ties", "--works", str(works), "--until", "1992",
                                     "--test", "1993-1993", "--results", ""])  # fmt: skip
    assert quiet.exit_code == 0, quiet.output
    assert "appended to" not in quiet.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["RESULTS.md", "sample.jsonl", "ties.json"]
    bad = CliRunner().invoke(app, ["eval", "ties", "--works", str(works), "--until", "1993",
                                   "--test", "1993-1993", "--results", ""])  # fmt: skip
    assert bad.exit_code != 0 and "must start after" in bad.output
