"""Institution identity from free-text affiliation strings.

`InstitutionResolver.resolve("Dept. of Physics, M.I.T.")` returns the same `InstitutionRef`
(`inst:mit`) as "MIT" or "Massachusetts Institute of Technology". Steps, per string:

1. clean: TeX and Unicode accents, e-mails, URLs, quotes, dotted acronyms ("M.I.T." -> "MIT"),
   abbreviations ("Univ." -> "University", "Inst." -> "Institute", "Dept." -> "Department");
2. split into segments (",", ";", "/", sentence stops) and drop addresses, postcodes and countries;
3. pick the institution segment: a known acronym or a university beats an institute, which beats
   a department; a generic name ("Institute of Physics") is qualified by the next segment;
4. key the segment: lower case, ASCII, foreign forms folded ("Universitaet" -> "university"),
   stop words dropped, tokens sorted, so "University of Heidelberg" == "Universitaet Heidelberg";
5. merge: an exact key, an entry of the acronym table `KNOWN`, or a fuzzy key (rapidfuzz) that
   differs in one long token by one edit ("Porstmouth" / "Portsmouth").

"University of X" and "X State University" stay apart (the token "state" differs); so do
"Washington University" and "University of Washington" (see `_ORDER_MATTERS`).
Ids are `inst:<slug>`: a table id for `KNOWN` entries, else the slug of the first key seen (a
bare "Princeton" that is not in the table becomes `inst:princeton-2`), so the same input gives
the same ids in every run. The display name is the table name, else the first form seen; it
never changes, so it can be written with the node. Bare city names ("Tokyo", "Trieste") stay
institutions of their own: they are not merged into a university of that city.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# The built-in acronym table: well-known institutions of (hep-th) physics, each
# `id: (display name, alias, alias, ...)`. Aliases are matched on the normalised key of a
# whole segment, so "M.I.T." and "Massachusetts Inst. of Technology" both hit "mit".
# Department-level acronyms (DAMTP) map to their parent institution.
KNOWN: dict[str, tuple[str, ...]] = {
    "mit": ("Massachusetts Institute of Technology", "MIT"),
    "caltech": ("California Institute of Technology", "Caltech"),
    "cern": ("CERN", "European Organization for Nuclear Research", "CERN-TH", "CERN TH"),
    "ucla": ("University of California, Los Angeles", "UCLA", "UC Los Angeles"),
    "ucsb": ("University of California, Santa Barbara", "UCSB", "UC Santa Barbara", "KITP"),
    "ucb": ("University of California, Berkeley", "UC Berkeley", "UCB", "Berkeley"),
    "ucsd": ("University of California, San Diego", "UCSD", "UC San Diego"),
    "uci": ("University of California, Irvine", "UCI", "UC Irvine"),
    "ucd": ("University of California, Davis", "UC Davis"),
    "ucsc": ("University of California, Santa Cruz", "UCSC", "UC Santa Cruz"),
    "ias": ("Institute for Advanced Study", "IAS", "IAS Princeton"),
    "sissa": ("SISSA", "International School for Advanced Studies", "SISSA ISAS", "ISAS"),
    "ictp": ("ICTP", "International Centre for Theoretical Physics", "ICTP Trieste"),
    "kek": ("KEK", "High Energy Accelerator Research Organization"),
    "itep": ("ITEP", "Institute for Theoretical and Experimental Physics"),
    "jinr": ("JINR", "Joint Institute for Nuclear Research", "JINR Dubna"),
    "desy": ("DESY", "Deutsches Elektronen-Synchrotron"),
    "slac": ("SLAC", "Stanford Linear Accelerator Center"),
    "fermilab": ("Fermilab", "Fermi National Accelerator Laboratory", "FNAL"),
    "lbnl": ("Lawrence Berkeley National Laboratory", "LBNL", "LBL"),
    "lanl": ("Los Alamos National Laboratory", "LANL", "Los Alamos"),
    "nbi": ("Niels Bohr Institute", "NBI"),
    "damtp": ("University of Cambridge", "DAMTP", "Cambridge University"),
    "oxford": ("University of Oxford", "Oxford", "Oxford University"),
    "eth": ("ETH Zurich", "ETH", "ETHZ", "ETH Zurich", "ETH Honggerberg"),
    "epfl": ("EPFL", "Ecole Polytechnique Federale de Lausanne"),
    "kaist": ("KAIST", "Korea Advanced Institute of Science and Technology"),
    "tifr": ("Tata Institute of Fundamental Research", "TIFR"),
    "ihes": ("IHES", "Institut des Hautes Etudes Scientifiques", "IHES Bures"),
    "ens": ("Ecole Normale Superieure", "ENS", "ENS Paris", "LPTENS"),
    "cbpf": ("CBPF", "Centro Brasileiro de Pesquisas Fisicas"),
    "aei": ("Albert Einstein Institute", "AEI", "AEI Potsdam", "Albert-Einstein-Institut"),
    "yitp": ("Yukawa Institute for Theoretical Physics", "YITP"),
    "riken": ("RIKEN",),
    "lebedev": ("Lebedev Physical Institute", "Lebedev Institute", "LPI", "FIAN"),
    "landau": ("Landau Institute for Theoretical Physics", "Landau Institute"),
    "steklov": ("Steklov Mathematical Institute", "Steklov Institute", "MIAN"),
    "weizmann": ("Weizmann Institute of Science", "Weizmann Institute", "Weizmann"),
    "stonybrook": ("Stony Brook University", "SUNY Stony Brook", "Stony Brook", "CNYITP"),
    "nordita": ("NORDITA",),
    "dias": ("Dublin Institute for Advanced Studies", "DIAS"),
    "barc": ("Bhabha Atomic Research Centre", "BARC"),
    "imsc": ("Institute of Mathematical Sciences, Chennai", "IMSc", "IMSc Madras"),
    "harvard": ("Harvard University", "Harvard"),
    "stanford": ("Stanford University", "Stanford"),
    "princeton": ("Princeton University", "Princeton U"),
    "infn": ("INFN", "Istituto Nazionale di Fisica Nucleare"),
    "ubc": ("University of British Columbia", "UBC"),
    "unesp": ("Universidade Estadual Paulista", "UNESP", "IFT UNESP"),
}

# Abbreviations expanded in the display form (word, optional dot, case-insensitive).
_ABBREV = {
    "univ": "University",
    "uni": "University",
    "u": "University",
    "inst": "Institute",
    "ins": "Institute",
    "dept": "Department",
    "dep": "Department",
    "lab": "Laboratory",
    "labs": "Laboratories",
    "natl": "National",
    "nat": "National",
    "phys": "Physics",
    "theor": "Theoretical",
    "theo": "Theoretical",
    "sci": "Science",
    "ctr": "Center",
    "fac": "Faculty",
    "coll": "College",
    "acad": "Academy",
    "res": "Research",
    "math": "Mathematics",
    "sez": "Sezione",
    "dip": "Dipartimento",
    "tu": "Technical University",
    "f": "for",
    "tech": "Technical",
    "techn": "Technical",
    "st": "Saint",
}
# Foreign and spelling variants folded into one key word (key only, never displayed).
_FOLD = {
    "universitat": "university",
    "universite": "university",
    "universidad": "university",
    "universita": "university",
    "universidade": "university",
    "universiteit": "university",
    "universitet": "university",
    "uniwersytet": "university",
    "universitatea": "university",
    "universiti": "university",
    "institut": "institute",
    "instituto": "institute",
    "istituto": "institute",
    "instytut": "institute",
    "departamento": "department",
    "dipartimento": "department",
    "departement": "department",
    "laboratoire": "laboratory",
    "laboratorio": "laboratory",
    "laboratorium": "laboratory",
    "centre": "center",
    "centro": "center",
    "zentrum": "center",
    "technische": "technical",
    "polytechnique": "polytechnic",
    "politecnico": "polytechnic",
    "ecole": "school",
    "escuela": "school",
    "scuola": "school",
    "fisica": "physics",
    "physique": "physics",
    "physik": "physics",
    "fizika": "physics",
    "theoretische": "theoretical",
    "theorique": "theoretical",
    "teorica": "theoretical",
    "nazionale": "national",
    "nacional": "national",
    "nationale": "national",
    "roma": "rome",
    "munchen": "munich",
    "wien": "vienna",
    "sciences": "science",
    "studies": "study",
    "laboratories": "laboratory",
    "academia": "academy",
    "akademie": "academy",
    "academie": "academy",
    "mathematical": "mathematics",
    "st": "saint",
    "sankt": "saint",
}
_STOP = frozenset(
    "of the at in for and on de di del della dello degli des du la le les der fur y e do da "
    "das dos an am zu i to".split()
)
_UNIV_WORDS = frozenset({"university", "college"})
_INST_WORDS = frozenset(
    {
        "institute",
        "laboratory",
        "center",
        "school",
        "academy",
        "observatory",
        "observatoire",
        "cnrs",
        "infn",
        "sezione",
        "foundation",
        "council",
        "organization",
        "hospital",
    }
)
_DEPT_WORDS = frozenset(
    {
        "department",
        "faculty",
        "division",
        "group",
        "section",
        "theory",
        "physics",
        "mathematics",
        "dipartimento",
        "unit",
        "chair",
        "lehrstuhl",
        "fachbereich",
        "program",
    }
)
# A segment naming a unit ("Department of ... University X") is keyed on the institution alone.
_UNIT_WORDS = frozenset({"department", "faculty", "division", "section", "group", "chair"})
_FIELD_WORDS = frozenset(
    "theoretical experimental applied high energy nuclear particle elementary".split()
)
# Words that do not make a name specific: a key made only of these needs a qualifier.
_GENERIC = (
    _UNIV_WORDS
    | _INST_WORDS
    | _DEPT_WORDS
    | frozenset(
        "theoretical high energy nuclear applied science research national particle "
        "elementary mathematical advanced study studies fundamental experimental technical "
        "astronomy astrophysics chemistry engineering graduate science technology "
        "international state federal central general computer natural "
        # acronyms that many institutions use: "ITP, Kiev" is not "ITP, Santa Barbara"
        "itp ift lpt cpt ipn ihep inp iop tpi uc lpthe spht th".split()
    )
)
_COUNTRIES = frozenset(
    (
        "usa|us|u s a|uk|u k|united states|america|united kingdom|great britain|england|"
        "scotland|wales|ireland|germany|france|italy|italia|spain|espana|portugal|japan|china|"
        "korea|south korea|russia|russian federation|india|israel|canada|brazil|brasil|mexico|"
        "argentina|chile|netherlands|holland|belgium|switzerland|austria|sweden|norway|denmark|"
        "finland|poland|czech republic|hungary|greece|turkey|iran|taiwan|roc|prc|pr china|"
        "australia|new zealand|south africa|egypt|pakistan|ukraine|romania|bulgaria|armenia|"
        "georgia|colombia|venezuela|cuba|singapore|hong kong|europe"
    ).split("|")
)
# Names whose "X University" and "University of X" are different institutions.
_ORDER_MATTERS = frozenset({"washington", "miami"})

_TEX_ACCENT = re.compile(r"\\[\'\"`^~=.Hcuvk]\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))")
_TEX_CMD = re.compile(r"\\[A-Za-z]+\s*\{([^{}]*)\}|\\[A-Za-z]+|[{}]")
_EMAIL = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.\s?){2,}(?![a-z])")
_ABBREV_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _ABBREV), key=len, reverse=True)) + r")\b\.?",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}-\s?\d{3,6}\b|\b\d{3}\s?\d{2}\b|\b\d{4,6}(?:-\d{3,4})?\b")
_SEGMENT_SPLIT = re.compile(r"\s*[,;/|:]\s*|(?<=[A-Za-z]{3})\.\s+|\s+-\s+|\s*\(\s*|\s*\)\s*")
_MARKER = re.compile(r"(?:^|\s|,)\(?\s*\d{1,2}\s*\)\s*|^\s*\d{1,2}\s+(?=[A-Z])")
_AND = re.compile(r"\s+(?:and|&|\+|et|und|e|y)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class InstitutionRef:
    """What `resolve` returns: the institution's id and display name, and the alias matched."""

    id: str
    name: str
    alias: str


@dataclass
class Institution:
    """One merged institution with every surface form seen for it (most frequent first)."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0


def _fold_accents(text: str) -> str:
    text = _TEX_ACCENT.sub(lambda m: m.group(1) or m.group(2), text)
    text = _TEX_CMD.sub(lambda m: m.group(1) or "", text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def clean(text: str) -> str:
    """Accents folded, e-mails and URLs dropped, acronym dots and abbreviations expanded."""
    text = _EMAIL.sub(" ", _fold_accents(text))
    text = text.replace('"', " ").replace("`", " ").replace("''", " ")
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", "").replace(" ", "") + " ", text)
    text = _ABBREV_RE.sub(lambda m: _ABBREV[m.group(1).lower()] + " ", text)
    return " ".join(text.split())


def key_tokens(segment: str) -> list[str]:
    """The normalised words of a cleaned segment (folded, ae/oe/ue -> a/o/u, no stop words)."""
    low = re.sub(r"[^a-z0-9]+", " ", re.sub(r"'s\b", "", segment.lower()))
    out = []
    for tok in low.split():
        tok = _FOLD.get(tok, tok)
        tok = tok.replace("ae", "a").replace("oe", "o").replace("ue", "u")
        tok = _FOLD.get(tok, tok)
        if tok not in _STOP:
            out.append(tok)
    return out


def _key(tokens: list[str]) -> str:
    words = sorted(tokens)
    if any(t in _ORDER_MATTERS for t in tokens) and tokens and tokens[0] in _UNIV_WORDS:
        words.insert(0, "of")  # keep "University of Washington" apart
    return " ".join(words)


_KNOWN_BY_KEY: dict[str, str] = {}
for _id, (_name, *_aliases) in KNOWN.items():
    for _form in (_name, *_aliases):
        _KNOWN_BY_KEY.setdefault(_key(key_tokens(clean(_form))), _id)


def _score(tokens: list[str], key: str) -> int:
    """3 known/university, 2 institute, 1 department or generic, 0 bare name, -1 not a name."""
    if not tokens or all(t.isdigit() for t in tokens):
        return -1
    if key in _KNOWN_BY_KEY:
        return 4
    if " ".join(tokens) in _COUNTRIES:
        return -1
    generic = all(t in _GENERIC for t in tokens)
    has_digit = any(any(c.isdigit() for c in t) for t in tokens)
    if generic:
        return 1
    if any(t in _UNIV_WORDS for t in tokens):
        return 3
    if any(t in _INST_WORDS for t in tokens):
        return 2
    if any(t in _DEPT_WORDS for t in tokens) or has_digit:
        return 1 if not has_digit else -1
    return 0


@dataclass
class _Segment:
    text: str
    tokens: list[str]
    key: str
    score: int


def _segment(raw: str) -> _Segment:
    tokens = key_tokens(raw)
    key = _key(tokens)
    if key not in _KNOWN_BY_KEY and "-" in raw:  # "CERN-TH": a known name plus generic words
        parts = [key_tokens(p) for p in raw.split("-")]
        known = [p for p in parts if _key(p) in _KNOWN_BY_KEY]
        rest = [t for p in parts if p not in known for t in p]
        if len(known) == 1 and all(t in _GENERIC for t in rest):
            tokens, key = known[0], _key(known[0])
    score = _score(tokens, key)
    if score in (2, 3) and _UNIT_WORDS.intersection(tokens):
        # "Department of Theoretical Physics at Moscow State University": keep the institution
        tokens = [t for t in tokens if t not in _DEPT_WORDS and t not in _FIELD_WORDS]
        key = _key(tokens)
    return _Segment(raw, tokens, key, score)


def _segments(part: str) -> list[_Segment]:
    """The cleaned pieces of one affiliation, addresses and postcodes removed."""
    out = []
    for piece in _SEGMENT_SPLIT.split(clean(part)):
        for raw in _AND.split(piece):
            raw = _POSTCODE.sub(" ", raw).strip(" .-'")
            if raw:
                out.append(_segment(raw))
    return out


def _pick(segs: list[_Segment]) -> _Segment | None:
    """The institution segment: highest score, first on ties; generic ones get qualified."""
    usable = [s for s in segs if s.score >= 0]
    if not usable:
        return None
    best = max(usable, key=lambda s: s.score)  # max keeps the first on ties
    if best.score == 0 and best is not usable[0]:
        return None  # a city or country after something that was not an institution
    if best.score != 1:
        return best
    # Generic: "Department of Physics, NYU", "ITP, Kiev", "Sao Paulo, IFT", "Dep. Fisica-UFES".
    i = usable.index(best)
    after = [s for s in usable[i + 1 :] if s.score != 1]
    before = [s for s in usable[:i] if s.score == 0]
    own = [t for t in best.tokens if t not in _DEPT_WORDS and t not in _COUNTRIES]
    if after and after[0].score >= 2:
        return after[0]
    other = after[0] if after else (before[-1] if before else None)
    if other is None:
        if any(t not in _GENERIC for t in own):
            return _Segment(best.text, own, _key(own), 2)
        return None  # "Department of Physics" or "ITP" alone names no one institution
    if not own:
        return other
    tokens = own + other.tokens
    return _Segment(f"{best.text}, {other.text}", tokens, _key(tokens), 2)


def _slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:80]


class InstitutionResolver:
    """Resolves affiliation strings to merged institutions. Deterministic for a given order."""

    def __init__(self, fuzzy: bool = True) -> None:
        self.fuzzy = fuzzy
        self._by_key: dict[str, str] = {}  # segment key -> institution id
        self._keys_by_len: dict[int, list[str]] = {}  # token count -> keys (fuzzy candidates)
        self._names: dict[str, str] = {}
        self._aliases: dict[str, Counter[str]] = {}
        self._cache: dict[str, list[InstitutionRef]] = {}

    def resolve(self, affiliation: str) -> InstitutionRef | None:
        """The main institution named by one affiliation string, or None if it names none."""
        refs = self.resolve_all(affiliation)
        return refs[0] if refs else None

    def resolve_all(self, affiliation: str) -> list[InstitutionRef]:
        """Every institution in a string such as "(1) Kyoto U., (2) CERN" or "MIT and IAS"."""
        if affiliation in self._cache:
            refs = self._cache[affiliation]
            for ref in refs:
                self._aliases[ref.id][ref.alias] += 1
            return refs
        refs = []
        for part in self._parts(affiliation):
            seg = _pick(_segments(part))
            if seg is not None:
                ref = self._register(seg)
                if ref.id not in {r.id for r in refs}:
                    refs.append(ref)
        self._cache[affiliation] = refs
        return refs

    def institutions(self) -> list[Institution]:
        """Every institution seen so far, sorted by id, aliases most frequent first."""
        out = []
        for inst_id in sorted(self._names):
            counts = self._aliases[inst_id]
            aliases = sorted(counts, key=lambda a: (-counts[a], a))
            out.append(Institution(inst_id, self._names[inst_id], aliases, sum(counts.values())))
        return out

    @staticmethod
    def _parts(affiliation: str) -> list[str]:
        marked = [p for p in _MARKER.split(affiliation) if p.strip(" ,;")]
        parts: list[str] = []
        for chunk in marked or [affiliation]:
            pieces = _AND.split(chunk)
            if len(pieces) > 1:
                picked = [_pick(_segments(p)) for p in pieces]
                if all(s is not None for s in picked):
                    parts.extend(pieces)
                    continue
            parts.append(chunk)
        return parts

    def _register(self, seg: _Segment) -> InstitutionRef:
        inst_id = self._by_key.get(seg.key)
        if inst_id is None:
            known = _KNOWN_BY_KEY.get(seg.key)
            if known is not None:
                inst_id = f"inst:{known}"
                self._names.setdefault(inst_id, KNOWN[known][0])
            else:
                inst_id = self._fuzzy_match(seg) or self._new_id(seg.key)
                self._names.setdefault(inst_id, seg.text)
            self._by_key[seg.key] = inst_id
            self._keys_by_len.setdefault(len(seg.key.split()), []).append(seg.key)
        self._aliases.setdefault(inst_id, Counter())[seg.text] += 1
        return InstitutionRef(inst_id, self._names[inst_id], seg.text)

    def _new_id(self, key: str) -> str:
        """`inst:<slug of key>`, numbered if a table entry or a long key already has it."""
        base = f"inst:{_slug(key)}"
        inst_id, n = base, 1
        while inst_id in self._names or inst_id.removeprefix("inst:") in KNOWN:
            n += 1
            inst_id = f"{base}-{n}"
        return inst_id

    def _fuzzy_match(self, seg: _Segment) -> str | None:
        """An existing id whose key differs from this one in one long token by one edit."""
        pool = self._keys_by_len.get(len(seg.key.split()))
        if not self.fuzzy or not pool or len(seg.key) < 8:
            return None
        for cand, _, _ in process.extract(
            seg.key, pool, scorer=fuzz.ratio, score_cutoff=85, limit=5
        ):
            if _close_tokens(seg.key.split(), cand.split()):
                return self._by_key[cand]
        return None


def _close_tokens(a: list[str], b: list[str]) -> bool:
    """Same words but one, and that one a long word with one edit (two if >= 10 letters)."""
    diff = [(x, y) for x, y in zip(a, b) if x != y]  # noqa: B905 - lengths checked
    if len(a) != len(b) or len(diff) != 1:
        return False
    x, y = diff[0]
    if min(len(x), len(y)) < 7 or x[:2] != y[:2] or any(c.isdigit() for c in x + y):
        return False
    return OSA.distance(x, y) <= (2 if min(len(x), len(y)) >= 10 else 1)
