"""Name and affiliation features for author identity: given-name parsing and comparison.

`parse_name` splits a display name into surname and given-name parts; `compare_given`
says whether two given names can belong to one person ("S." / "Sergei" yes,
"Sergei" / "Stefan" no, "S. D." / "S. A." no) and how strongly they agree.
`affiliation_similarity` compares two affiliation lists with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from loaders.institutions import InstitutionResolver
from loaders.names import GIVEN_ABBREVIATIONS, fold_ascii, key_form, name_key

PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le ten ter zu af av bin ibn st".split()
)
SUFFIXES = frozenset("jr jr. jnr jnr. sr sr. ii iii iv".split())
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?", re.UNICODE)

# Name agreement levels, strongest first (see `compare_given`).
EXACT = "exact"  # same full given names
FULL_FIRST = "full-first"  # same full first name, middle names missing on one side
VARIANT = "variant"  # transliteration variants (Sergei / Sergey, Aleksei / Alexey)
INITIALS = "initials"  # agree only as far as initials go (S. D. / Sergei D., Ph. / Philippe)
TYPO = "typo"  # a letter more or two swapped in a long given name (Kenichro / Kenichiro):
# merges only with evidence (a shared co-author or affiliation)
SURNAME_ONLY = "surname-only"  # one side has no given name at all


@dataclass(frozen=True)
class ParsedName:
    """A name split into surname and given parts (lower-case ASCII, initials without dots)."""

    surname: str
    given: tuple[str, ...]  # e.g. ("sergei", "d") or ("jian-wei",)

    @property
    def initials(self) -> tuple[str, ...]:
        """One letter per given part; hyphenated parts give one letter per piece."""
        out: list[str] = []
        for part in self.given:
            out.extend(p[0] for p in part.split("-") if p)
        return tuple(out)

    @property
    def has_full_first(self) -> bool:
        """The first given part is spelled out: not an initial, nor a hyphenated run of them
        ("J-P" written without periods, which "Jean-Pierre" and "J. P." fit)."""
        return bool(self.given) and any(len(p) > 1 for p in self.given[0].split("-"))

    @property
    def given_joined(self) -> str:
        """Full given name without spaces and hyphens ("fei-fei" and "fei fei" -> "feifei")."""
        return "".join(self.given).replace("-", "")

    @property
    def is_full(self) -> bool:
        """Every given part is spelled out (no initial)."""
        return bool(self.given) and all(len(p.replace("-", "")) > 1 for p in self.given)

    def display(self) -> str:
        """A readable form, e.g. "Sergei D. Odintsov"."""
        parts = [p.title() if len(p) > 1 else p.upper() + "." for p in self.given]
        return " ".join([*parts, self.surname.title()])


@lru_cache(maxsize=200_000)
def parse_name(name: str) -> ParsedName:
    """Split a name ("S.D. Odintsov", "Odintsov, Sergei D.", "J. van der Bij") into parts."""
    text = key_form(name)
    if "," in text:
        last, _, first = text.partition(",")
        if first.strip().lower().strip(".") not in {"jr", "jnr", "sr", "ii", "iii", "iv"}:
            text = f"{first} {last}"
    tokens = [t for t in _TOKEN.findall(text.replace(".", ". ")) if t]
    tokens = [t for t in tokens if t.lower() not in SUFFIXES]
    if not tokens:
        return ParsedName(surname=name_key(name), given=())
    i = len(tokens) - 1
    while i > 0 and tokens[i - 1].lower().rstrip(".") in PARTICLES and i - 1 > 0:
        i -= 1
    surname = name_key(" ".join(tokens[i:]).replace(".", ""))
    capitals = not all(t.isupper() for t in tokens)  # the name is not all in capitals
    given = tuple(g for t in tokens[:i]
                  for g in (t if capitals and _CAPITALS.fullmatch(t) else [t]))  # fmt: skip
    given = tuple(_given_part(t) for t in given)
    return ParsedName(surname=surname, given=tuple(g for g in given if g))


# two or three capitals without periods before the surname are initials ("CM Hull", "Bengt
# EW Nilsson"), unless the whole name is written in capitals
_CAPITALS = re.compile(r"[A-Z]{2,3}")


def _given_part(token: str) -> str:
    key = fold_ascii(token).lower()
    key = re.sub(r"[^a-z-]+", "", key)
    return re.sub(r"-+", "-", key).strip("-")


_TRANSLIT = (
    (r"ks", "x"), (r"kh", "h"), (r"ph", "f"), (r"oe", "o"), (r"(?<=.)ue", "u"), (r"y", "i"),
    (r"i[ij]$", "i"),
)  # fmt: skip


@lru_cache(maxsize=100_000)
def _translit(s: str) -> str:
    for pat, rep in _TRANSLIT:
        s = re.sub(pat, rep, s)
    return s


# Short forms of one given name (groups split by "|"). Only forms with the same first
# letter are listed: blocks are by first initial, so Bill / William never meet.
# Transliteration variants such as Sergei / Sergey are left to `_translit`.
_NICKNAME_GROUPS = """
joseph joe|robert robertus rob|william will|michael mike mick|thomas tom tommy|james jim jimmy
david dave|stephen steven steve|christopher chris|andrew andy|daniel dan danny
edward ed eddie|frederick fred|gregory greg|jeffrey jeff|kenneth ken|lawrence larry
matthew matt|nicholas nick|patrick pat|peter pete|philip phil phillip|raymond ray
richard rick rich|ronald ron|samuel sam|benjamin ben|charles charlie chuck|douglas doug
donald don|eugene gene|henry harry|jonathan jon|anthony tony|victor vic|walter walt
alexander alexandr aleksandr alexandros alex|alexei aleksei alex|mikhail misha|dmitri dima
nikolai nikolay|edmund ed
katherine kathy kate|geoffrey geoff|timothy tim|terence terry|gerald gerry|bernard bernie
joshua josh|jerzy jurek|constantin constantine constantinos costas|nikolaos nikos
konstantin konstantinos kostas kostya
"""
_NICKNAMES: dict[str, frozenset[int]] = {}  # a short form may stand for several names
for _i, _group in enumerate(_NICKNAME_GROUPS.replace("\n", "|").split("|")):
    for _name in _group.split():
        _NICKNAMES[_name] = _NICKNAMES.get(_name, frozenset()) | {_i}


def _full_agree(a: str, b: str) -> str | None:
    """Compare two spelled-out given parts: EXACT, VARIANT, INITIALS (a two-letter
    abbreviation and a name it starts: "ph" / "philippe", "yu" / "yuri"), TYPO or None
    (different names)."""
    a, b = a.replace("-", ""), b.replace("-", "")
    if a == b:
        return EXACT
    short, long = sorted((a, b), key=len)
    if short in GIVEN_ABBREVIATIONS and long.startswith(short):
        return INITIALS
    if min(len(a), len(b)) >= 4 and _translit(a) == _translit(b):
        return VARIANT
    ga = _NICKNAMES.get(_translit(a), _NICKNAMES.get(a))
    gb = _NICKNAMES.get(b, _NICKNAMES.get(_translit(b)))
    if ga and gb and ga & gb:  # one name's forms ("ed" is edward's and edmund's)
        return VARIANT
    if _one_letter_inside(short, long) or _swapped_pair(a, b):  # last: a listed variant
        return TYPO  # ("philip" / "phillip") is more
    return None


def _swapped_pair(a: str, b: str, min_length: int = 6) -> bool:
    """`b` is `a` (at least `min_length` letters) with two neighbouring letters swapped after
    the first: "zhonghau" / "zhonghua"."""
    if len(a) != len(b) or len(a) < min_length or a[0] != b[0]:
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and (
        a[diff[1]] == b[diff[0]])  # fmt: skip


def _one_letter_inside(short: str, long: str, min_length: int = 6, end_length: int = 7) -> bool:
    """`long` is `short` (at least `min_length` letters) with one letter added after the first:
    "kenichro" / "kenichiro". At the end only when `short` has at least `end_length` letters
    ("shinich" / "shinichi", "corneliu" / "cornelius"): shorter, it is often another name
    ("daniel" / "daniela", "andrea" / "andreas")."""
    if len(short) < min_length or len(long) != len(short) + 1:
        return False
    if len(short) >= end_length and long.startswith(short):
        return True
    return any(long[:i] == short[:i] and long[i + 1 :] == short[i:] for i in range(1, len(short)))


CLOSE_RATIO = 75  # two spelled-out first names that may be one, misspelt (rapidfuzz ratio)
SHORT_FORM = 4  # a first name that starts another and is this long may be its short form


def close_first_names(a: ParsedName, b: ParsedName) -> bool:
    """Spelled-out first names that may be one name by a slip of the pen, with the same
    initials after them: a rapidfuzz ratio of at least `CLOSE_RATIO` ("Herbert" / "Hubert" 77,
    "Donalf" / "Donald", "Luis" / "Luiz"; "Alexander" / "Alexei" 67 is not) or one name of at
    least `SHORT_FORM` letters starting the other ("Marc" / "Marcus"). Different people
    write such names too ("Hiroki" / "Hiroyuki Hata", "Fernando" / "Hernando Quevedo"), so
    this alone never says two names are one person."""
    if not (a.has_full_first and b.has_full_first):
        return False
    n = min(len(a.initials), len(b.initials))
    first, other = sorted((a.given[0], b.given[0]), key=len)
    return a.initials[1:n] == b.initials[1:n] and (
        fuzz.ratio(first, other) >= CLOSE_RATIO
        or (len(first) >= SHORT_FORM and other.startswith(first)))


def close_given(a: ParsedName, b: ParsedName) -> bool:
    """Given names that may be one by a slip: close spelled-out first names
    (`close_first_names`), or as many initials differing in one letter ("O. N." / "O. M.")."""
    if a.has_full_first or b.has_full_first:
        return close_first_names(a, b)
    if len(a.initials) != len(b.initials):
        return False
    return sum(x != y for x, y in zip(a.initials, b.initials, strict=True)) == 1


@dataclass(frozen=True)
class GivenMatch:
    """How two given names agree: `level` (EXACT ... SURNAME_ONLY) and a human reason."""

    level: str
    reason: str


@lru_cache(maxsize=500_000)
def compare_given(a: ParsedName, b: ParsedName) -> GivenMatch | None:
    """Return how the given names of `a` and `b` agree, or None when they conflict."""
    if not a.given or not b.given:
        return GivenMatch(SURNAME_ONLY, "one name has no given name")
    if a.given_joined == b.given_joined and a.is_full and b.is_full:
        return GivenMatch(EXACT, f"same given name {a.given_joined!r}")
    ia, ib = a.initials, b.initials
    n = min(len(ia), len(ib))
    if ia[:n] != ib[:n]:
        return None  # first initials or middle initials conflict
    level = EXACT
    if a.has_full_first and b.has_full_first:
        agree = _full_agree(a.given[0], b.given[0])
        if agree is None:
            return None
        level = agree
        for pa, pb in zip(a.given[1:], b.given[1:], strict=False):
            if len(pa) > 1 and len(pb) > 1:
                middle = _full_agree(pa, pb)
                if middle is None:
                    return None
                level = TYPO if middle == TYPO else level
            if len(pa) == 1 or len(pb) == 1:
                level = INITIALS if level == EXACT else level
        if len(ia) != len(ib) and level == EXACT:
            level = FULL_FIRST
    else:
        level = INITIALS
    names = f"{' '.join(a.given)!r} ~ {' '.join(b.given)!r}"
    return GivenMatch(level, f"given names {names} agree ({level})")


_AFF_ABBREV = (
    (r"\buniv\b\.?", "university"),
    (r"\bu\b\.?", "university"),
    (r"\binst\b\.?", "institute"),
    (r"\bnat\b\.?", "national"),
    (r"\blab\b\.?", "laboratory"),
    (r"\bdept\b\.?", "department"),
    (r"\bphys\b\.?", "physics"),
    (r"\bacad\b\.?", "academy"),
    (r"\bsci\b\.?", "sciences"),
    (r"\btech\b\.?", "technology"),
    (r"\bres\b\.?", "research"),
)
_AFF_STOP = frozenset("of the and for at in de la di der und et".split())
_AFF_GENERIC = frozenset(
    """university institute department school college laboratory national research center
    centre sciences science physics technology academy faculty division group state
    engineering computer mathematics china usa us uk germany japan korea france italy canada
    india""".split()
)


@lru_cache(maxsize=200_000)
def normalize_affiliation(aff: str) -> str:
    """Lower-case ASCII, abbreviations expanded; only distinctive words (no "university")."""
    s = unicodedata.normalize("NFKD", aff)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    for pat, rep in _AFF_ABBREV:
        s = re.sub(pat, rep, s)
    words = [w for w in s.split() if w not in _AFF_STOP]
    distinctive = [w for w in words if w not in _AFF_GENERIC]
    return " ".join(distinctive or words)


class AffiliationKeyer:
    """Affiliation strings to institution keys: the institution part (via
    `loaders.institutions`), then only its distinctive words ("carnegie mellon")."""

    def __init__(self) -> None:
        self._institutions = InstitutionResolver()
        self._cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def learned(cls, affiliations: Iterable[str]) -> AffiliationKeyer:
        """A keyer that has seen every distinct string of `affiliations`, in sorted order: the
        institutions found depend on the order strings come in, so each string's keys then
        depend on the set alone, not on which mentions are resolved first."""
        keyer = cls()
        for affiliation in sorted(set(affiliations)):
            keyer.keys(affiliation)
        return keyer

    def keys(self, affiliation: str) -> tuple[str, ...]:
        hit = self._cache.get(affiliation)
        if hit is None:
            names = [r.name for r in self._institutions.resolve_all(affiliation)] or [affiliation]
            hit = tuple(sorted({k for k in map(normalize_affiliation, names) if k}))
            self._cache[affiliation] = hit
        return hit


def affiliation_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, str, str]:
    """Best rapidfuzz token-set score (0-100) between normalised affiliations of `a` and `b`."""
    a = tuple(sorted({normalize_affiliation(x) for x in a} - {""}))
    b = tuple(sorted({normalize_affiliation(x) for x in b} - {""}))
    if not a or not b:
        return 0.0, "", ""
    if set(a) & set(b):
        same = min(set(a) & set(b))
        return 100.0, same, same
    best = (0.0, "", "")
    for x in a:
        hit = process.extractOne(x, b, scorer=fuzz.token_set_ratio)
        if hit is not None and hit[1] > best[0]:
            best = (float(hit[1]), x, hit[0])
    return best
