"""The hep-th `.abs` parser and the input-file reader it uses."""

from __future__ import annotations

import gzip
import io
import tarfile
import time
from collections import Counter
from pathlib import Path

import pytest

from graphsvc.errors import LoadError
from loaders.hepth import iter_hepth, parse_abs, parse_date
from loaders.model import Rejected, Work
from loaders.sources import InputFile, iter_input_files

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"
FULL = REPO.parent / "shared" / "data" / "hepth" / "cit-HepTh-abstracts.tar.gz"

ABS_9201001 = r"""------------------------------------------------------------------------------
\\
Paper: hep-th/9201001
From: zuber@poseidon.saclay.cea.fr (C. Itzykson)
Date: Tue Dec 31 23:54:17 MET 1991 +0100   (37kb)

Title: Combinatorics of the Modular Group II: the Kontsevich integrals
Authors: C. Itzykson and J.-B. Zuber
Comments: 46 pages
Subj-class: High Energy Physics - Theory; Quantum Algebra
Journal-ref: Int.J.Mod.Phys. A7 (1992) 5661-5705
\\
  We study algebraic aspects of Kontsevich integrals
as generating functions for intersection theory over moduli space.
 6. Singular behaviour and Painlev'e equation.
\\
"""

ABS_CONTINUED = r"""\\
Paper: hep-th/9701001
From: Maxim Zyskin <zyskin@physics.rutgers.edu>
Date: Wed, 1 Jan 1997 19:13:48 -0500   (10kb)
Date (revised): Wed, 1 Jan 1997 23:57:21 -0500

Title: Ricci flat metrics in various dimensions, depending from 2 light-cone
  parameters, and the Lagrangian for the 2 dimensional reduction of gravity
Authors: F.M.C. Witte and S.P. Klevansky (Inst. f. Theoretical Physics, Univ.
  Heidelberg, Germany)
Comments: LaTeX2e, 11pages
Subj-class: Exactly Solvable and Integrable
  Systems; Mathematical Physics
\\
  We consider d-dimensional {\it Riemannian} manifolds.
\\
"""


def test_parse_abs_fields() -> None:
    work = parse_abs(ABS_9201001, "1992/9201001.abs")
    assert isinstance(work, Work)
    assert work.id == "arxiv:hep-th/9201001"
    assert work.title == "Combinatorics of the Modular Group II: the Kontsevich integrals"
    assert work.date == "1991-12-31" and work.year == 1991
    assert work.journal_ref == "Int.J.Mod.Phys. A7 (1992) 5661-5705"
    assert work.comments == "46 pages"
    assert work.topics == ["hep-th", "math.QA"]
    assert [a.name for a in work.authors] == ["C. Itzykson", "J.-B. Zuber"]
    assert work.abstract.startswith("We study algebraic aspects")
    assert "Painlev'e" in work.abstract
    assert work.source == "hepth"


def test_parse_abs_continuation_lines() -> None:
    work = parse_abs(ABS_CONTINUED, "x.abs")
    assert isinstance(work, Work)
    assert work.title.endswith(
        "light-cone parameters, and the Lagrangian for the 2 dimensional reduction of gravity"
    )
    assert work.date == "1997-01-01"
    aff = "Inst. f. Theoretical Physics, Univ. Heidelberg, Germany"
    assert [(a.name, a.affiliations) for a in work.authors] == [
        ("F. M. C. Witte", [aff]),
        ("S. P. Klevansky", [aff]),
    ]
    assert work.topics == ["hep-th", "nlin.SI", "math-ph"]
    assert work.abstract == r"We consider d-dimensional {\it Riemannian} manifolds."
    assert work.journal_ref is None


def test_singular_author_field_is_accepted() -> None:
    text = ABS_9201001.replace("Authors: C. Itzykson and J.-B. Zuber", "Author: D.Juriev")
    work = parse_abs(text, "x.abs")
    assert isinstance(work, Work) and [a.name for a in work.authors] == ["D. Juriev"]


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (("Paper: hep-th/9201001\n", ""), "Paper"),
        (("Paper: hep-th/9201001", "Paper: nonsense"), "Paper"),
        (
            ("Title: Combinatorics of the Modular Group II: the Kontsevich integrals", "Title:"),
            "Title",
        ),
        (("Authors: C. Itzykson and J.-B. Zuber\n", ""), "Authors"),
        (("Authors: C. Itzykson and J.-B. Zuber", "Authors: 18 pages"), "Authors"),
    ],
)
def test_bad_records_are_rejected_naming_file_and_field(edit: tuple[str, str], field: str) -> None:
    no_submitter = ABS_9201001.replace("From: zuber@poseidon.saclay.cea.fr (C. Itzykson)\n", "")
    got = parse_abs(no_submitter.replace(*edit), "1992/9201001.abs")
    assert isinstance(got, Rejected)
    assert got.location == "1992/9201001.abs" and got.field == field


def test_authors_field_without_a_name_falls_back_to_the_submitter() -> None:
    text = ABS_9201001.replace("Authors: C. Itzykson and J.-B. Zuber", "Authors: 18 pages")
    got = parse_abs(text, "1992/9201001.abs")
    assert isinstance(got, Work) and [a.name for a in got.authors] == ["C. Itzykson"]


def test_garbage_is_rejected() -> None:
    assert isinstance(parse_abs("", "empty.abs"), Rejected)
    assert isinstance(parse_abs("\x00\x01 not an abs file", "bin.abs"), Rejected)


@pytest.mark.parametrize(
    ("raw", "paper", "expected"),
    [
        ("Tue Dec 31 23:54:17 MET 1991 +0100   (37kb)", "hep-th/9201001", "1991-12-31"),
        ("Tue, 21 Jan 97 13:28:48 MEZ", "hep-th/9701100", "1997-01-21"),
        ("Thu, 9 Mar 2000 10:00:00 GMT", "hep-th/0003050", "2000-03-09"),
        ("Mon Jun  7 10:00:00 1993", "hep-th/9306020", "1993-06-07"),
        ("01/01/93 13:35:33 GMT+0100   (7kb)", "hep-th/9301001", "1993-01-01"),
        ("15-Feb-1994 12:00", "hep-th/9402050", "1994-02-15"),
    ],
)
def test_parse_date_formats(raw: str, paper: str, expected: str) -> None:
    got = parse_date(raw, paper)
    assert got is not None and got.isoformat() == expected


def test_parse_date_distrusts_dates_far_from_the_id() -> None:
    assert parse_date("Sun, 12 May 1996 17:11:58 +0100", "hep-th/9705085") is None
    assert parse_date("no date here", "hep-th/9705085") is None
    text = ABS_9201001.replace("Tue Dec 31 23:54:17 MET 1991", "Wed, 13 Sep 0 21:31:44")
    work = parse_abs(text, "x.abs")
    assert isinstance(work, Work) and work.date is None and work.year == 1992


# ------------------------------------------------------------------ sources


def _tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_sources_read_files_folders_gz_and_tar(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "b.abs").write_bytes(b"B")
    (tmp_path / "d" / "sub" / "a.abs").write_bytes(b"A")
    (tmp_path / "d" / "skip.txt").write_bytes(b"no")
    (tmp_path / "d" / "c.abs.gz").write_bytes(gzip.compress(b"C"))
    (tmp_path / "t.tar.gz").write_bytes(_tar_bytes({"x/1.abs": b"T1", "x/2.txt": b"no"}))
    (tmp_path / "u.tar").write_bytes(_tar_bytes({"2.abs": b"T2"}, mode="w"))
    paths = [tmp_path / "d", tmp_path / "t.tar.gz", tmp_path / "u.tar"]
    items = list(iter_input_files(paths, (".abs",)))
    assert all(isinstance(i, InputFile) for i in items)
    assert [i.data for i in items] == [b"B", b"C", b"A", b"T1", b"T2"]
    assert items[3].name == f"{tmp_path / 't.tar.gz'}!x/1.abs"
    assert [i.name for i in iter_input_files(paths, (".abs",))] == [i.name for i in items]


def test_sources_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="does-not-exist"):
        list(iter_input_files([tmp_path / "does-not-exist"], (".abs",)))


def test_sources_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    whole = _tar_bytes({f"m{i}.abs": bytes([65 + i]) * 20000 for i in range(5)})
    (tmp_path / "a_trunc.tar.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "b_empty.abs").write_bytes(b"")
    (tmp_path / "c_bad.abs.gz").write_bytes(b"\x1f\x8b not really gzip")
    (tmp_path / "d_good.abs").write_bytes(b"ok")
    items = list(iter_input_files([tmp_path], (".abs",)))
    rejected = [i for i in items if isinstance(i, Rejected)]
    good = [i for i in items if isinstance(i, InputFile)]
    assert good[-1].name.endswith("d_good.abs")
    assert 0 < len(good) - 1 < 5  # some members of the truncated archive were read
    assert [r.location.split("/")[-1].split("!")[0] for r in rejected] == [
        "a_trunc.tar.gz",
        "b_empty.abs",
        "c_bad.abs.gz",
    ]
    assert "truncated" in rejected[0].reason and "empty" in rejected[1].reason


# ------------------------------------------------------------------ real data


def _check_works(works: list[Work]) -> None:
    assert len({w.id for w in works}) == len(works)
    for w in works:
        assert w.authors, w.id
        for a in w.authors:
            assert "(" not in a.name and ")" not in a.name and "@" not in a.name, (w.id, a.name)
            assert "\\" not in a.name and "{" not in a.name, (w.id, a.name)


def test_sample_tarball() -> None:
    with tarfile.open(SAMPLE) as tar:
        n_abs = sum(1 for m in tar if m.isfile() and m.name.endswith(".abs"))
    items = list(iter_hepth([SAMPLE]))
    works = [i for i in items if isinstance(i, Work)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(items) == n_abs
    assert len(works) == n_abs - len(rejected)
    assert len(rejected) <= n_abs // 500, [str(r) for r in rejected]
    assert all(r.location.startswith(str(SAMPLE)) for r in rejected)
    # the Date: line may fall just outside the month the id was numbered in
    assert all(abs(w.year - (1900 + int(w.id[-7:-5]))) <= 1 for w in works)
    assert Counter(w.year for w in works)[1993] > 1000
    _check_works(works)


@pytest.mark.skipif(not FULL.exists(), reason=f"full hep-th data not found at {FULL}")
def test_full_tarball() -> None:
    start = time.perf_counter()
    items = list(iter_hepth([FULL]))
    elapsed = time.perf_counter() - start
    works = [i for i in items if isinstance(i, Work)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(items) == 29_555
    assert len(rejected) < 30, Counter((r.field, r.reason) for r in rejected)
    assert sum(w.date is None for w in works) < 30
    assert Counter(w.year for w in works)[1998] > 2000
    _check_works(works)
    assert elapsed < 120, f"parsing took {elapsed:.1f} s"
