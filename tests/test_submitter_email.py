"""The submitter's e-mail address as identity evidence: which author gets it, how it scores,
and that every load path keeps its digest (never the address) for later loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.hepth import parse_abs
from loaders.identity import Mention, resolve
from loaders.identity.resolver import email_key
from loaders.model import AuthorRef, Work
from loaders.pipeline import load_records
from loaders.reresolve import reresolve_identity

ABS = """Paper: hep-th/9701001
From: {sender}
Date: Mon, 6 Jan 1997 12:00:00 GMT

Title: A title
Authors: {authors}
\\\\
An abstract.
\\\\
"""


def authors_of(sender: str, authors: str) -> list[AuthorRef]:
    work = parse_abs(ABS.format(sender=sender, authors=authors), "t.abs")
    assert isinstance(work, Work)
    return work.authors


def test_the_address_goes_to_the_author_the_submitter_names() -> None:
    got = authors_of("Boris Pioline <Pioline@LPTHE.jussieu.fr>", "E. Kiritsis and B. Pioline")
    assert [(a.name, a.email) for a in got] == [
        ("E. Kiritsis", None), ("B. Pioline", "pioline@lpthe.jussieu.fr")
    ]
    other_form = authors_of("pioline@lpthe.jussieu.fr (Boris Pioline)", "B. Pioline")
    assert other_form[0].email == "pioline@lpthe.jussieu.fr"


@pytest.mark.parametrize(
    ("sender", "authors", "who"),
    [
        ("Zhang Wei <zw@x.cn>", "Han-Ying Guo, Ke Wu and Wei Zhang", "Wei Zhang"),
        ("LI YOU-QUAN <li@x.cn>", "You-Quan Li and Jian-Hui Dai", "You-Quan Li"),
        ("Dr. A. Toon <toon@x.uk>", "Andrew Toon", "Andrew Toon"),
        ("Jens Boeckenhauer <jb@x.de>", "J. B\\\"ockenhauer", "J. Böckenhauer"),
        ("Thomas Mann <tm@x.de>", "M. Thomas and T. Mann", "T. Mann"),
    ],
    ids=["surname first", "in capitals", "a title", "umlaut as oe", "as written first"],
)
def test_how_a_submitters_name_is_read(sender: str, authors: str, who: str) -> None:
    got = authors_of(sender, authors)
    assert [a.name for a in got if a.email] == [who]


@pytest.mark.parametrize(
    ("sender", "authors"),
    [
        ("A. Zamolodchikov <sasha@x.edu>", "Al. B. Zamolodchikov and A. B. Zamolodchikov"),
        ("Secretary Office <office@x.edu>", "E. Kiritsis and B. Pioline"),
        ("Boris Pioline <pioline@x.fr>", "E. Kiritsis and C. Pioline"),
        ("pioline@x.fr", "B. Pioline"),
    ],
    ids=["two authors fit", "nobody fits", "given names conflict", "no name"],
)
def test_no_address_when_the_submitter_is_not_one_author(sender: str, authors: str) -> None:
    assert all(a.email is None for a in authors_of(sender, authors))


def test_a_file_without_authors_gets_the_submitter_with_the_address() -> None:
    got = authors_of("Boris Pioline <pioline@x.fr>", "18 pages")
    assert [(a.name, a.email) for a in got] == [("Boris Pioline", "pioline@x.fr")]


def test_email_key_is_a_digest_equal_for_equal_addresses() -> None:
    key = email_key("Pioline@LPTHE.jussieu.fr")
    assert key == email_key(" pioline@lpthe.jussieu.fr") and key.startswith("mail:")
    assert "pioline" not in key and key != email_key("pioline@harvard.edu")
    assert email_key(None) is None


def mention(i: int, name: str, aff: str, mail: str | None, topic: str = "hep-th") -> Mention:
    return Mention(id=f"p{i}#1", name=name, paper_id=f"p{i}", position=1, year=1995,
                   affiliations=(aff,), topics=(topic,), email_key=email_key(mail))  # fmt: skip


def people(mentions: list[Mention]) -> list[list[str]]:
    res = resolve(mentions)
    return sorted(sorted(a.mention_ids) for a in res.authors)


def test_a_shared_address_joins_a_mover_and_says_so() -> None:
    """Affiliations far apart and no shared topic keep "B. Pioline" apart without other
    evidence; the same address joins them."""
    apart = [mention(1, "B. Pioline", "Ecole Polytechnique", None),
             mention(2, "B. Pioline", "Harvard University", None, "math-ph")]  # fmt: skip
    assert people(apart) == [["p1#1"], ["p2#1"]]
    same = [mention(1, "B. Pioline", "Ecole Polytechnique", "pioline@x.fr"),
            mention(2, "B. Pioline", "Harvard University", "pioline@x.fr", "math-ph")]  # fmt: skip
    res = resolve(same)
    assert [a.mention_ids for a in res.authors] == [("p1#1", "p2#1")]
    assert any("the same e-mail address" in r for r in res.authors[0].merges[0].reasons)
    other = [mention(1, "B. Pioline", "Ecole Polytechnique", "pioline@x.fr"),
             mention(2, "B. Pioline", "Harvard", "pioline@y.edu", "math-ph")]  # fmt: skip
    assert people(other) == [["p1#1"], ["p2#1"]]


def test_a_shared_address_never_joins_names_that_conflict() -> None:
    """A group account (one BITNET address for a whole department) or two namesakes: the
    address counts only between names that may be one person."""
    ms = [mention(1, "A. I. Ivanov", "TU Wien", "ivanov@x.at"),
          mention(2, "A. N. Ivanov", "TU Wien", "ivanov@x.at"),
          mention(3, "S. Nojiri", "Ochanomizu", "c0440@x.jp"),
          mention(4, "K. Odaka", "Ochanomizu", "c0440@x.jp")]  # fmt: skip
    assert people(ms) == [["p1#1"], ["p2#1"], ["p3#1"], ["p4#1"]]


def settings_for(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, _env_file=None, similar_k=0)


def pioline_work(wid: str, year: int, aff: str, mail: str | None, topic: str) -> Work:
    return Work(id=wid, title=f"Title {wid}", year=year, topics=[topic], authors=[
        AuthorRef(name="B. Pioline", affiliations=[aff], email=mail),
        AuthorRef(name=f"Coauthor {wid[-1]}")])  # fmt: skip


def pioline_ids(store: GraphStore) -> set[str]:
    rows = store.read("MATCH (a:Author)-[:AUTHORED]->(:Paper) WHERE a.name = 'B. Pioline' "
                      "RETURN DISTINCT a.id AS a").rows  # fmt: skip
    return {r["a"] for r in rows}


@pytest.mark.parametrize("mail", [None, "pioline@x.fr"], ids=["no address", "one address"])
def test_a_later_load_reads_the_address_back_from_the_graph(
    empty_store: GraphStore, tmp_path: Path, mail: str | None
) -> None:
    """The first paper's address is read back from its AUTHORED edge when a later load
    resolves the second paper, and an upgrade of the graph keeps the join."""
    settings = settings_for(tmp_path)
    first = pioline_work("t:1", 1995, "Ecole Polytechnique", mail, "hep-th")
    load_records(empty_store, settings, [first])
    load_records(empty_store, settings, [pioline_work("t:2", 1997, "Harvard", mail, "math-ph")])
    assert len(pioline_ids(empty_store)) == (1 if mail else 2)
    reresolve_identity(empty_store, max_mentions=1)
    assert len(pioline_ids(empty_store)) == (1 if mail else 2)
    stored = empty_store.read("MATCH (:Author)-[r:AUTHORED]->(:Paper) "
                              "RETURN collect(DISTINCT r.email_key) AS keys").rows  # fmt: skip
    assert stored[0]["keys"] == ([email_key(mail)] if mail else [])


def test_works_jsonl_carries_the_address_and_rejects_a_bad_one(tmp_path: Path) -> None:
    from loaders.formats.works_jsonl import dump_works_jsonl, iter_works_jsonl
    from loaders.model import Rejected

    good = Work(id="t:1", title="T", authors=[AuthorRef(name="B. Pioline", email="p@x.fr")])
    bad = '{"id": "t:2", "title": "T", "authors": [{"name": "A. B", "email": "no address"}]}'
    path = tmp_path / "w.jsonl"
    path.write_text("".join(line if line.endswith("\n") else line + "\n"
                            for line in [*dump_works_jsonl([good]), bad]))  # fmt: skip
    read = list(iter_works_jsonl([path]))
    assert isinstance(read[0], Work) and read[0].authors[0].email == "p@x.fr"
    assert isinstance(read[1], Rejected) and "email" in read[1].field
