"""Format parsers on the real fixtures in ../shared/data, plus robustness on bad inputs."""

from __future__ import annotations

import gzip
import json
import re
import tarfile
from pathlib import Path

import httpx
import pytest

from graphsvc.errors import LoadError
from loaders.formats import FORMATS
from loaders.formats.arxiv_oai import harvest, iter_arxiv_oai
from loaders.formats.arxiv_taxonomy import NAMES, category_name
from loaders.formats.s2 import iter_s2
from loaders.formats.works_jsonl import dump_works_jsonl, iter_works_jsonl
from loaders.model import Rejected, Work

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"real fixtures not found at {DATA} (../shared/data)"
)
KAGGLE = DATA / "arxiv" / "kaggle_arxiv_snapshot_head200"
ATOM = DATA / "arxiv" / "arxiv_py_atom"
OAI = DATA / "arxiv" / "arxiv_oai_pmh_nock"


def split(records):
    """(works by id, rejected list)."""
    records = list(records)
    works = [r for r in records if isinstance(r, Work)]
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert len(works) + len(rejected) == len(records)
    return works, rejected


def by_id(works):
    return {w.id: w for w in works}


# --- arxiv-jsonl -------------------------------------------------------------------------


@needs_data
def test_arxiv_jsonl_fixture():
    works, rejected = split(FORMATS["arxiv-jsonl"]([KAGGLE]))
    assert (len(works), len(rejected)) == (200, 0)
    w = by_id(works)["arxiv:0704.0001"]
    assert w.title.startswith("Calculation of prompt diphoton production cross sections at")
    assert [a.name for a in w.authors] == [
        "C. Balázs",
        "E. L. Berger",
        "P. M. Nadolsky",
        "C.-P. Yuan",
    ]
    assert (w.date, w.year) == ("2007-04-02", 2007)  # first version, not the v2 of July
    assert w.doi == "10.1103/physrevd.76.013009"
    assert w.topics == ["hep-ph"]
    assert w.journal_ref == "Phys.Rev.D76:013009,2007"
    assert w.comments == "37 pages, 15 figures; published version"
    assert w.abstract.startswith("A fully differential calculation in perturbative")
    multi = by_id(works)["arxiv:0704.0002"]
    assert multi.topics == ["math.CO", "cs.CG"]
    aff = by_id(works)["arxiv:0704.0155"]  # 4th authors_parsed element is the affiliation
    assert [(a.name, a.affiliations) for a in aff.authors][2] == ("Fredrik Schoeier", ["Stockholm"])


@needs_data
def test_taxonomy_covers_fixture_categories():
    works, _ = split(FORMATS["arxiv-jsonl"]([KAGGLE]))
    atom, _ = split(FORMATS["arxiv-atom"]([ATOM]))
    codes = {t for w in works + atom for t in w.topics}
    assert codes and not {c for c in codes if c not in NAMES}
    assert category_name("cs.LG") == "Machine Learning"
    assert category_name("hep-th") == "High Energy Physics - Theory"
    assert category_name("no.such") is None


# --- arxiv-atom --------------------------------------------------------------------------


@needs_data
def test_arxiv_atom_fixture():
    works, rejected = split(FORMATS["arxiv-atom"]([ATOM]))
    assert (len(works), len(rejected)) == (243, 1)
    assert len(by_id(works)) == 117  # the paged `q_testing` responses overlap
    assert rejected[0].field == "id" and "incorrect id format for abc" in rejected[0].reason
    w = by_id(works)["arxiv:astro-ph/0601001"]
    assert [(a.name, a.affiliations) for a in w.authors] == [
        ("Andrew Gould", ["Ohio State"]),
        ("Susan Dorsher", ["Ohio State"]),
        ("B. Scott Gaudi", ["CfA"]),
        ("Andrzej Udalski", ["Warsaw University Observatory"]),
    ]
    assert (w.date, w.journal_ref, w.topics) == (
        "2006-01-02",
        "ActaAstron.56:1-50,2006",
        ["astro-ph"],
    )
    raw = by_id(works)["arxiv:1201.4869"]  # from the raw atom_*.xml file
    assert raw.doi == "10.1142/s021797921244002x"
    assert raw.title == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"


# --- arxiv-oai ---------------------------------------------------------------------------


@needs_data
def test_arxiv_oai_fixture():
    works, rejected = split(iter_arxiv_oai([OAI]))
    assert sorted(w.id for w in works) == [
        "arxiv:1412.8544",
        "arxiv:1412.8544",
        "arxiv:hep-th/9504118",
    ]
    w = by_id(works)["arxiv:1412.8544"]
    assert [(a.name, a.affiliations) for a in w.authors] == [
        ("Sander Uijlen", ["Radboud Universiteit"]),
        ("Bas Westerbaan", ["Radboud Universiteit"]),
    ]
    assert (w.date, w.doi, w.topics) == ("2014-12-29", "10.4204/eptcs.172.11", ["cs.DM"])
    assert w.journal_ref == "EPTCS 172, 2014, pp. 154-164"
    reasons = {r.field: r.reason for r in rejected}
    assert reasons["status"] == "HTTP 503: Retry after 10 seconds"
    assert (
        len(rejected) == 7
    )  # Identify, ListSets, 2x ListMetadataFormats, ListIdentifiers, 503, []


def test_arxiv_oai_error_response(tmp_path):
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        '<responseDate>2018-06-21T14:30:12Z</responseDate><request verb="GetRecord">x</request>'
        '<error code="idDoesNotExist">Malformed identifier: oai:arXiv.org:lolcat</error></OAI-PMH>'
    )
    (tmp_path / "err.xml").write_text(body)
    _, rejected = split(iter_arxiv_oai([tmp_path / "err.xml"]))
    assert [(r.field, r.reason) for r in rejected] == [
        ("error", "OAI-PMH error idDoesNotExist: Malformed identifier: oai:arXiv.org:lolcat")
    ]


@needs_data
def test_arxiv_raw_matches_kaggle(tmp_path):
    """An arXivRaw record built from the Kaggle record 0704.0001 parses to the same work."""
    rec = json.loads((KAGGLE / "arxiv-metadata-oai-snapshot.head200.jsonl").open().readline())
    versions = "".join(
        f'<version version="{v["version"]}"><date>{v["created"]}</date></version>'
        for v in rec["versions"]
    )
    esc = {
        k: (rec[k] or "").replace("&", "&amp;").replace("<", "&lt;")
        for k in rec
        if k != "versions" and k != "authors_parsed"
    }
    xml = (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record><header>'
        f"<identifier>oai:arXiv.org:{rec['id']}</identifier></header><metadata>"
        f'<arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>{rec["id"]}</id>{versions}'
        f"<title>{esc['title']}</title><authors>{esc['authors']}</authors>"
        f"<categories>{esc['categories']}</categories><doi>{esc['doi']}</doi>"
        f"<abstract>{esc['abstract']}</abstract></arXivRaw></metadata></record></GetRecord></OAI-PMH>"
    )
    (tmp_path / "raw.xml").write_text(xml)
    (raw,), _ = split(iter_arxiv_oai([tmp_path / "raw.xml"]))
    kaggle = by_id(split(FORMATS["arxiv-jsonl"]([KAGGLE]))[0])["arxiv:0704.0001"]
    same = ("id", "title", "date", "year", "doi", "topics", "abstract")
    assert {k: getattr(raw, k) for k in same} == {k: getattr(kaggle, k) for k in same}
    assert [a.name for a in raw.authors] == [a.name for a in kaggle.authors]


def _recorded(name):
    """(status, headers, body) of each response recorded in one nock JSON file."""
    out = []
    for r in json.loads((OAI / name).read_text()):
        raw = r["rawHeaders"]
        headers = dict(zip(raw[::2], raw[1::2], strict=True)) if isinstance(raw, list) else {}
        out.append((int(r["status"]), headers, r["response"]))
    return out


@needs_data
def test_harvest_retries_503_and_follows_resumption_tokens():
    """Replays the recorded 503 + ListRecords pair; the 200 page is split in two at a record
    boundary with a resumptionToken, so the harvester must page to get both records."""
    (s503, h503, b503), (_, _, page) = _recorded(
        "oaipmh-listrecords---should-list-identifiers-from-arxiv.json"
    )
    head, first, rest = re.match(r"(.*?<ListRecords>)(.*?</record>)(.*)", page, re.S).groups()
    token = '<resumptionToken cursor="0" completeListSize="2">tok-1</resumptionToken>'
    page1 = head + first + token + "</ListRecords></OAI-PMH>"
    page2 = head + rest
    queue = [(s503, {"Retry-After": h503["Retry-After"]}, b503), (200, {}, page1), (200, {}, page2)]
    seen, slept = [], []

    def handler(request):
        seen.append(dict(request.url.params))
        status, headers, body = queue.pop(0)
        return httpx.Response(status, headers=headers, text=body)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    works, rejected = split(
        harvest(
            "http://export.arxiv.org/oai2",
            "arXiv",
            from_="2015-01-01",
            client=client,
            sleep=slept.append,
        )
    )
    assert [w.id for w in works] == ["arxiv:1412.8544", "arxiv:hep-th/9504118"] and not rejected
    assert slept == [10.0]
    assert seen[0] == {"verb": "ListRecords", "metadataPrefix": "arXiv", "from": "2015-01-01"}
    assert seen[2] == {"verb": "ListRecords", "resumptionToken": "tok-1"}


def test_harvest_raises_on_oai_error():
    body = (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        '<error code="badArgument">Illegal set</error></OAI-PMH>'
    )
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, text=body)))
    with pytest.raises(LoadError, match="badArgument: Illegal set"):
        list(harvest("http://x/oai2", "arXiv", set="nope", client=client))


# --- s2 ----------------------------------------------------------------------------------


@needs_data
def test_s2_dataset_papers():
    works, rejected = split(iter_s2([DATA / "s2ag" / "papers"]))
    assert (len(works), len(rejected)) == (100, 0)
    w = by_id(works)["s2:223588394"]
    assert w.title == "Attaching Importance to Mental Quality Education in Clinical Practice"
    assert [(a.name, a.id) for a in w.authors] == [
        ("粟毅", "s2:101039255"),
        ("吴亚梅", "s2:2096896523"),
    ]
    assert (w.year, w.date, w.venue) == (2006, "2006-02-28", None)
    assert w.doi == "10.3760/cma.j.issn.2095-1485.2006.01.019"
    assert w.topics == ["Education", "Psychology"]
    assert by_id(works)["s2:231810694"].venue == "Business Ethics Quarterly"


@needs_data
def test_s2_joins_abstracts_and_author_affiliations(tmp_path):
    """The samples do not overlap, so companion rows are re-keyed to a sampled paper."""
    line = gzip.open(DATA / "s2ag/abstracts/abstracts-sample.jsonl.gz").readline()
    abstract = json.loads(line)
    abstract["corpusid"] = 223588394
    author = json.loads(gzip.open(DATA / "s2ag/authors/authors-sample.jsonl.gz").readline())
    author.update(authorid="101039255", affiliations=["West China Hospital"])
    (tmp_path / "abstracts.jsonl").write_text(json.dumps(abstract) + "\n" + line.decode())
    (tmp_path / "authors.jsonl").write_text(json.dumps(author) + "\n")
    works, _ = split(iter_s2([DATA / "s2ag" / "papers", tmp_path]))
    w = by_id(works)["s2:223588394"]
    assert w.abstract == " ".join(abstract["abstract"].split())
    assert w.authors[0].affiliations == ["West China Hospital"]
    assert sum(1 for x in works if x.abstract) == 1


@needs_data
def test_s2_graph_api(tmp_path):
    works, rejected = split(iter_s2([DATA / "s2api" / "Author.json"]))
    assert len(works) == len(json.loads((DATA / "s2api/Author.json").read_text())["papers"])
    assert all("s2:2262347" in {a.id for a in w.authors} for w in works)
    assert "Dystopian or Utopian? Two Images of Alan Turing" in {w.title for w in works}
    works, rejected = split(iter_s2([DATA / "s2api" / "semanticscholar_tests_data.tar.gz"]))
    with tarfile.open(DATA / "s2api" / "semanticscholar_tests_data.tar.gz") as tar:
        (tmp_path / "Paper.json").write_bytes(tar.extractfile("./Paper.json").read())
    (paper,), _ = split(iter_s2([tmp_path / "Paper.json"]))
    assert paper.id == "s2:14636783"
    assert (paper.title, paper.year, paper.date) == (
        "Computing Machinery and Intelligence",
        1950,
        "1950-10-01",
    )
    assert (paper.doi, paper.venue) == (
        "10.1093/mind/lix.236.433",
        "The Philosophy of Artificial Intelligence",
    )
    assert paper.topics == ["Computer Science", "Sociology"]
    assert [(a.name, a.id) for a in paper.authors] == [("A. Turing", "s2:2262347")]
    reasons = [r.reason for r in rejected]
    assert "HTTP 404: Paper with id 0 not found" in reasons
    assert any(r.field == "title" and r.reason == "is missing (null)" for r in rejected)


# --- crossref ----------------------------------------------------------------------------


@needs_data
def test_crossref_cassettes():
    works, rejected = split(FORMATS["crossref"]([DATA / "crossref"]))
    assert (len(works), len(rejected)) == (608, 125)
    w = by_id(works)["doi:10.7717/peerj.5066"]
    assert (w.venue, w.issn, w.date, w.year) == ("PeerJ", "2167-8359", "2018-06-20", 2018)
    assert [a.model_dump(exclude={"id", "email"}) for a in w.authors][4] == {
        "name": "Panayiotis G. Dimitrakopoulos",
        "orcid": "0000-0002-8374-4392",
        "affiliations": ["Department of the Environment, Aegean University, Mytilene, Greece"],
    }
    assert [a.model_dump() for a in w.awards] == [
        {
            "funder": "DG for Maritime Affairs and Fisheries of the European Commission",
            "funder_id": None,
            "number": "SI2.721917",
        }
    ]
    ids = {a.funder_id for a in by_id(works)["doi:10.7717/peerj.8885"].awards}
    assert "10.13039/100000008" in ids  # David & Lucile Packard Foundation
    kinds = {r.reason for r in rejected if r.field == "message-type"}
    assert "a 'funder-list' response holds no works" in kinds


# --- works-jsonl -------------------------------------------------------------------------


@needs_data
def test_works_jsonl_round_trip(tmp_path):
    works, _ = split(FORMATS["arxiv-jsonl"]([KAGGLE]))
    path = tmp_path / "works.jsonl"
    path.write_text("".join(dump_works_jsonl(works)))
    again, rejected = split(iter_works_jsonl([path]))
    assert again == works and not rejected


def test_works_jsonl_bad_lines(tmp_path):
    good = {"id": "src:1", "title": "A title", "year": 2001, "authors": [{"name": "A. B"}]}
    lines = [
        json.dumps(good),
        json.dumps({**good, "id": "src:2", "year": "next year"}),
        json.dumps({**good, "id": "src:3", "authors": [{"name": ""}]}),
        json.dumps({**good, "id": "src:4", "colour": "red"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({**good, "id": "src:7", "date": "2001-02-03"}),
    ]
    (tmp_path / "w.jsonl").write_text("\n".join(lines) + "\n")
    works, rejected = split(iter_works_jsonl([tmp_path / "w.jsonl"]))
    assert [w.id for w in works] == ["src:1", "src:7"]
    name = str(tmp_path / "w.jsonl")
    assert [(r.location, r.field) for r in rejected] == [
        (f"{name}:2", "year"),
        (f"{name}:3", "authors.0.name"),
        (f"{name}:4", "colour"),
        (f"{name}:5", "line"),
        (f"{name}:6", "record"),
    ]


# --- robustness, every format ------------------------------------------------------------

ALL = sorted(FORMATS)
JSON_LINE_FORMATS = ["arxiv-jsonl", "works-jsonl"]


@pytest.mark.parametrize("fmt", ALL)
def test_empty_file(fmt, tmp_path):
    (tmp_path / "empty.json").write_bytes(b"")
    works, rejected = split(FORMATS[fmt]([tmp_path / "empty.json"]))
    assert not works and [(r.field, r.reason) for r in rejected] == [("file", "file is empty")]


@pytest.mark.parametrize("fmt", ALL)
def test_truncated_gzip(fmt, tmp_path):
    data = gzip.compress(b'{"id": "x:1", "title": "t"}\n' * 1000)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    works, rejected = split(FORMATS[fmt]([tmp_path / "cut.jsonl.gz"]))
    assert not works and len(rejected) == 1
    assert "cut.jsonl.gz" in rejected[0].location and "gzip" in rejected[0].reason


@pytest.mark.parametrize("fmt", ALL)
def test_missing_path_is_a_load_error(fmt, tmp_path):
    with pytest.raises(LoadError, match="does not exist"):
        list(FORMATS[fmt]([tmp_path / "nope.json"]))


@pytest.mark.parametrize("fmt", ["arxiv-atom", "arxiv-oai"])
def test_xml_formats_reject_broken_xml_and_invalid_utf8(fmt, tmp_path):
    (tmp_path / "a.xml").write_bytes(b'<?xml version="1.0" encoding="UTF-8"?><feed><entry>\xff\xfe')
    (tmp_path / "b.xml").write_bytes(b"<feed><entry><title>cut off")
    works, rejected = split(FORMATS[fmt]([tmp_path / "a.xml", tmp_path / "b.xml"]))
    assert not works and [r.field for r in rejected] == ["xml", "xml"]
    assert all("not well-formed" in r.reason for r in rejected)


@needs_data
def test_wrong_format_is_reported_once(tmp_path):
    """An Atom file given to a JSON-lines parser, and a JSON-lines file given to arxiv-atom."""
    atom = ATOM / "atom_search_delmaestro.xml"
    for fmt in JSON_LINE_FORMATS:
        works, rejected = split(FORMATS[fmt]([atom]))
        assert not works and len(rejected) == 1 and "looks like XML" in rejected[0].reason
    works, rejected = split(FORMATS["arxiv-atom"]([KAGGLE]))
    assert not works and len(rejected) == 1
    works, rejected = split(
        FORMATS["crossref"]([KAGGLE / "arxiv-metadata-oai-snapshot.head200.jsonl"])
    )
    assert not works and {r.reason for r in rejected} == {"not a Crossref works response"}
    assert len(rejected) == 200


@needs_data
@pytest.mark.parametrize("fmt", JSON_LINE_FORMATS + ["s2"])
def test_bad_lines_do_not_stop_the_rest(fmt, tmp_path):
    src = KAGGLE / "arxiv-metadata-oai-snapshot.head200.jsonl"
    if fmt == "works-jsonl":
        works, _ = split(FORMATS["arxiv-jsonl"]([src]))
        lines = [line.encode() for line in dump_works_jsonl(works[:5])]
    elif fmt == "s2":
        lines = gzip.open(DATA / "s2ag/papers/papers-sample.jsonl.gz").readlines()[:5]
    else:
        lines = src.open("rb").readlines()[:5]
    huge = json.loads(lines[3])
    huge["title"] = "x" * 6000
    lines[1] = b'{"id": "bad \xff utf8"}\n'
    lines[3] = json.dumps(huge).encode() + b"\n"
    (tmp_path / "mixed.jsonl").write_bytes(b"".join(lines))
    works, rejected = split(FORMATS[fmt]([tmp_path / "mixed.jsonl"]))
    assert len(works) == 3
    assert [(r.location.split(" ")[0].rsplit(":", 1)[1], r.field) for r in rejected] == [
        ("2", "line"),
        ("4", "title"),
    ]
    assert "invalid UTF-8" in rejected[0].reason and "at most 5000" in rejected[1].reason
