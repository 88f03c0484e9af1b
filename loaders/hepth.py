"""The arXiv hep-th `.abs` metadata files (KDD Cup 2003 / SNAP cit-HepTh-abstracts).

`parse_abs(text, location)` turns one file into a `Work` or a `Rejected`;
`iter_hepth(paths)` does it for files, folders, `.gz` files and tar archives;
`site_of(from_line)` is the submitting site (institution key) of a `From:` line; the
`From:` address goes to the one author the submitter's name fits (`loaders.submitter`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from loaders.model import SITE_MAX_LENGTH, SITE_PATTERN, AuthorRef, Rejected, Work
from loaders.names import normalize_name, split_author_list
from loaders.sources import parse_files
from loaders.submitter import with_submitter_email

SOURCE = "hepth"
_BLOCK_SEP_RE = re.compile(r"^\\\\[ \t]*$", re.MULTILINE)
_FIELD_RE = re.compile(r"^([A-Z][A-Za-z-]*(?: \([a-z]+\))?):[ \t]?(.*)$")
_PAPER_RE = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?/\d{7})\b")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MON_YEAR_RE = re.compile(rf"\b(\d{{1,2}})[\s-]+{_MON}[\s-]+(\d{{4}}|\d{{1,2}})\b", re.I)
_ASCTIME_RE = re.compile(
    rf"\b{_MON}\s+(\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+(?:[A-Z]{{2,6}}\s+)?(\d{{4}})\b",
    re.I,
)
_NUMERIC_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
_MAX_DAYS_FROM_ID = 62  # a Date: further than this from the id's month is not trusted
_THREE_LABEL = {"ac.uk", "ac.jp", "edu.au", "ac.il", "ac.kr", "ac.in", "co.jp", "ac.cn", "edu.cn",
                "ac.at", "ac.nz", "ac.za", "edu.tw", "edu.br", "ac.ru", "msk.ru", "msk.su",
                "nsk.su", "edu.pl", "ac.be", "infn.it", "ernet.in", "ac.ir", "res.in", "mpg.de",
                "in2p3.fr", "edu.ar", "ac.id", "edu.mx"}  # fmt: skip
_ADDR = re.compile(r"[\w.%!-]+@[\w.-]+")
_SITE_RE = re.compile(SITE_PATTERN)

# arXiv subject-class names as written in Subj-class lines, to category codes
SUBJECT_CODES = {
    "high energy physics - theory": "hep-th",
    "high energy physics - phenomenology": "hep-ph",
    "high energy physics - lattice": "hep-lat",
    "high energy physics - experiment": "hep-ex",
    "general relativity and quantum cosmology": "gr-qc",
    "mathematical physics": "math-ph",
    "quantum physics": "quant-ph",
    "nuclear theory": "nucl-th",
    "quantum algebra": "math.QA",
    "algebraic geometry": "math.AG",
    "differential geometry": "math.DG",
    "functional analysis": "math.FA",
    "symplectic geometry": "math.SG",
    "operator algebras": "math.OA",
    "representation theory": "math.RT",
    "classical analysis and odes": "math.CA",
    "geometric topology": "math.GT",
    "algebraic topology": "math.AT",
    "number theory": "math.NT",
    "combinatorics": "math.CO",
    "probability": "math.PR",
    "analysis of pdes": "math.AP",
    "dynamical systems": "math.DS",
    "category theory": "math.CT",
    "rings and algebras": "math.RA",
    "group theory": "math.GR",
    "complex variables": "math.CV",
    "spectral theory": "math.SP",
    "exactly solvable and integrable systems": "nlin.SI",
    "chaotic dynamics": "nlin.CD",
    "pattern formation and solitons": "nlin.PS",
    "statistical mechanics": "cond-mat.stat-mech",
    "mesoscopic systems and quantum hall effect": "cond-mat.mes-hall",
    "strongly correlated electrons": "cond-mat.str-el",
    "superconductivity": "cond-mat.supr-con",
    "soft condensed matter": "cond-mat.soft",
    "disordered systems and neural networks": "cond-mat.dis-nn",
    "materials science": "cond-mat.mtrl-sci",
    "fluid dynamics": "physics.flu-dyn",
    "atomic physics": "physics.atom-ph",
    "optics": "physics.optics",
    "classical physics": "physics.class-ph",
    "computational physics": "physics.comp-ph",
    "history of physics": "physics.hist-ph",
    "astrophysics": "astro-ph",
    "high-energy physics - theory": "hep-th",
    "k-theory and homology": "math.KT",
    "probability theory": "math.PR",
    "metric geometry": "math.MG",
    "general mathematics": "math.GM",
    "numerical analysis": "math.NA",
    "logic": "math.LO",
    "general topology": "math.GN",
    "optimization and control": "math.OC",
    "history and overview": "math.HO",
    "mathematical software": "cs.MS",
    "adaptation and self-organizing systems": "nlin.AO",
    "data analysis, statistics and probability": "physics.data-an",
    "plasma physics": "physics.plasm-ph",
    "popular physics": "physics.pop-ph",
    "physics and society": "physics.soc-ph",
    "space physics": "physics.space-ph",
    "accelerator physics": "physics.acc-ph",
    "chemical physics": "physics.chem-ph",
    "atomic and molecular clusters": "physics.atm-clus",
}


def _fields(header: str) -> dict[str, str]:
    """Header lines to {key: value}: indented or unkeyed lines continue the previous field;
    the first occurrence of a key wins."""
    fields: dict[str, str] = {}
    key = None
    for line in header.splitlines():
        m = _FIELD_RE.match(line) if line[:1].strip() else None
        if m:
            key = m.group(1)
            if key in fields:
                key = None  # a repeated key is ignored, with its continuation lines
                continue
            fields[key] = m.group(2)
        elif key is not None and line.strip():
            fields[key] += "\n" + line
    return fields


def _collapse(s: str | None) -> str | None:
    s = " ".join(s.split()) if s else ""
    return s or None


def _year4(y: str) -> int:
    n = int(y)
    if len(y) == 4:
        return n
    return 1900 + n if n >= 50 else 2000 + n


def _id_month(paper: str) -> date | None:
    """The first day of the month an old-style id (`hep-th/9201001`) was numbered in."""
    yymm = paper.split("/")[-1][:4]
    year, month = _year4(yymm[:2]), int(yymm[2:])
    return date(year, month, 1) if 1 <= month <= 12 else None


def _date_candidates(raw: str) -> Iterator[date]:
    for m in _DAY_MON_YEAR_RE.finditer(raw):
        yield _safe_date(_year4(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    for m in _ASCTIME_RE.finditer(raw):
        yield _safe_date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    for m in _NUMERIC_RE.finditer(raw):
        a, b, y = int(m.group(1)), int(m.group(2)), _year4(m.group(3))
        yield _safe_date(y, a, b)  # mm/dd/yy
        yield _safe_date(y, b, a)  # dd/mm/yy


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(raw: str, paper: str) -> date | None:
    """The submission date in a `Date:` line, if one is found within two months of the
    month the paper's id was numbered in; else None."""
    anchor = _id_month(paper)
    for d in _date_candidates(raw):
        if d is not None and (anchor is None or abs((d - anchor).days) <= _MAX_DAYS_FROM_ID):
            return d
    return None


def _topics(subj_class: str | None) -> list[str]:
    topics = ["hep-th"]
    for entry in (subj_class or "").split(";"):
        name = " ".join(entry.split())
        if not name:
            continue
        topic = SUBJECT_CODES.get(name.lower(), name)
        if topic not in topics:
            topics.append(topic)
    return topics


def _authors(raw: str) -> list[AuthorRef]:
    authors = []
    for name, affiliations in split_author_list(raw):
        display = normalize_name(name)
        if display:
            authors.append(AuthorRef(name=display[:300], affiliations=affiliations))
    return authors


def submitter_name(raw_from: str) -> str:
    """The submitter's name in `From:` ("Name" <mail> or mail (Name)), "" when it gives none
    or only one word."""
    raw = raw_from.strip()
    if "<" in raw:
        candidate = raw.split("<", 1)[0]
    elif raw.endswith(")") and "(" in raw:
        candidate = raw[raw.rindex("(") + 1 : -1]
    else:
        return ""
    candidate = candidate.strip().strip('"').strip()
    name = normalize_name(candidate) if candidate and "@" not in candidate else ""
    return name[:300] if " " in name else ""


def submitter_email(raw_from: str) -> str | None:
    """The address of `From:`, lower case (None when there is none or it is too long)."""
    m = _ADDR.search(raw_from)
    return m.group(0).lower() if m and len(m.group(0)) <= 320 else None


def _with_submitter(authors: list[AuthorRef], raw_from: str) -> list[AuthorRef]:
    """The authors, the one the submitter's name fits with the `From:` address; for the rare
    file whose Authors field holds no name (hep-th/9201047 says "18 pages"), the submitter."""
    name, email = submitter_name(raw_from), submitter_email(raw_from)
    if not authors:
        return [AuthorRef(name=name, email=email)] if name else []
    return with_submitter_email(authors, name, email) if name and email else authors


def site_of(from_line: str) -> str | None:
    """Institution key of a `From:` address: the host's last two labels (three under
    academic second-level domains and multi-site networks such as infn.it); BITNET relays
    (`USER%HOST.BITNET@gateway`, also `USER%DEPT%HOST.BITNET@...`) use the relayed host,
    relays to a bare node name the gateway. None when there is no address.
    `physics.harvard.edu` -> `harvard.edu`, `maths.ox.ac.uk` -> `ox.ac.uk`."""
    m = _ADDR.search(from_line)
    if not m:
        return None
    local, host = m.group(0).rsplit("@", 1)
    relayed = local.rsplit("%", 1)[1] if "%" in local else ""
    if "." in relayed:  # USER%HOST.BITNET@gateway: the relayed host (a bare node name such
        host = relayed  # as USER%TF%FYS@cc3.kuleuven.ac.be keeps the gateway's domain)
    parts = host.lower().strip(".").split(".")
    if parts[-1] == "bitnet":
        return parts[-2] if len(parts) > 1 else None
    if len(parts) < 2:
        return parts[0] or None
    n = 3 if ".".join(parts[-2:]) in _THREE_LABEL and len(parts) >= 3 else 2
    return ".".join(parts[-n:])


def _site(raw_from: str) -> str | None:
    """`site_of` when it is a valid `Work.site` key, else None: an odd address (a double relay
    such as `USER%TF%FYS@host` gives `tf%fys`) costs the paper its site, not the paper."""
    site = site_of(raw_from)
    return site if site and len(site) <= SITE_MAX_LENGTH and _SITE_RE.match(site) else None


def parse_abs(text: str, location: str) -> Work | Rejected:
    """One `.abs` file's text to a Work (id `arxiv:hep-th/9201001`) or a Rejected naming
    `location` and the missing or bad field."""
    blocks = [b for b in _BLOCK_SEP_RE.split(text) if b.strip()]
    start = next((i for i, b in enumerate(blocks) if re.search(r"^Paper:", b, re.M)), None)
    if start is None:
        return Rejected(location, "Paper", "no 'Paper:' line")
    fields = _fields(blocks[start])
    abstract = blocks[start + 1] if start + 1 < len(blocks) else None
    if abstract is not None and set(abstract.strip()) <= {"-"}:
        abstract = None

    m = _PAPER_RE.match(fields.get("Paper", "").strip())
    if not m:
        return Rejected(location, "Paper", f"not an arXiv id: {fields.get('Paper', '')[:80]!r}")
    paper = m.group(1)
    title = _collapse(fields.get("Title"))
    if not title:
        return Rejected(location, "Title", "no title")
    raw_authors = fields.get("Authors") or fields.get("Author") or ""
    if not raw_authors.strip():
        return Rejected(location, "Authors", "no 'Authors:' line")
    authors = _with_submitter(_authors(raw_authors), fields.get("From", ""))
    if not authors:
        return Rejected(location, "Authors", f"no author name in {_collapse(raw_authors)!r}")

    when = parse_date(fields.get("Date", ""), paper)
    fallback = _id_month(paper)
    try:
        return Work(
            id=f"arxiv:{paper}",
            title=title,
            abstract=_collapse(abstract),
            date=when.isoformat() if when else None,
            year=when.year if when else (fallback.year if fallback else None),
            journal_ref=_collapse(fields.get("Journal-ref")),
            comments=_collapse(fields.get("Comments")),
            topics=_topics(fields.get("Subj-class")),
            authors=authors,
            source=SOURCE,
            site=_site(fields.get("From", "")),
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "record"
        return Rejected(location, field, err["msg"])


def iter_hepth(paths: Iterable[str | Path]) -> Iterator[Work | Rejected]:
    """Parse every `.abs` file under `paths` (files, folders, `.gz`, tar archives).
    Unreadable files and bad records come out as Rejected; a missing path raises LoadError."""
    return parse_files(paths, lambda f: [parse_abs(f.text(), f.name)], suffixes=(".abs",))
