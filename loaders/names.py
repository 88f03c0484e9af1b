"""Author names: LaTeX decoding, splitting author lists, display forms and matching keys.

- `decode_latex`: LaTeX accents and escapes in a name to Unicode.
- `split_author_list`: an "A, B and C (Inst)" author line to (name, affiliations) pairs.
- `normalize_name`: the display form ("J.Strathdee" -> "J. Strathdee").
- `key_form`: the form keys compare ("J. Torres A" -> "J. Torres": a second surname's initial).
- `name_key`: ASCII-folded lowercase "first-names surname" key for exact-variant matching.
- `block_key`: "surname first-initial" key for identity blocking ("odintsov s").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------- LaTeX decoding

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306",
    "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
    "t": "\u0361",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
}  # fmt: skip
# \'a  \'{a}  \' a  \'{\i}  \'\i  \v{s}  \v s  \c{c}; a bare \i ends at one space, as in TeX
# (`Par\'\i s` is "París")
_ACCENT_RE = re.compile(
    r"\\(?:([`'^\"~=.])|([cvuHkrdbt])(?![A-Za-z]))\s*"
    r"(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|(\\[ij](?![A-Za-z])) ?|([A-Za-z]))"
)
_LETTER_NAMES = "|".join(sorted(_LETTERS, key=len, reverse=True))
_LETTER_RE = re.compile(rf"\\({_LETTER_NAMES})(?![A-Za-z])(?:\{{\}}| )?")
_SYMBOL_RE = re.compile(r"\\([&%$#_{}'`\-, ;:!])")
_COMMAND_RE = re.compile(r"\\[A-Za-z]+\*? ?")
_GERMAN_UMLAUT_RE = re.compile(r'(?<=[A-Za-z])"([aouAOUs])')


def _accent(m: re.Match[str]) -> str:
    mark = _ACCENTS[m.group(1) or m.group(2)]
    base = m.group(3) or m.group(4) or m.group(5) or ""
    if base.startswith("\\"):
        base = base[1:]  # \i, \j: dotless base takes the accent as a plain i / j
    return base + mark if base else ""


_BRACED_ACCENTED_RE = re.compile(r"\{([^\W\d_a-zA-Z])\}")  # "Schr{\"o}dinger" read as {ö}


def decode_latex_accents(s: str) -> str:
    """Accented letters written in LaTeX as letters, other commands left as they are (for
    titles and abstracts): "Poincar\\'e" -> "Poincaré", "Schr{\\"o}dinger" -> "Schrödinger";
    "\\cal N" stays."""
    if "\\" not in s:
        return s
    s = _ACCENT_RE.sub(_accent, s)
    s = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], s)
    return _BRACED_ACCENTED_RE.sub(r"\1", unicodedata.normalize("NFC", s))


def decode_latex(s: str) -> str:
    """LaTeX accents and escapes to Unicode (NFC); braces dropped, `~` becomes a space.

    A bare apostrophe (`Painlev'e`, `D'Hoker`) is kept: only `\\'` is an accent.
    German-style `M"uller` (quote after a letter) is read as an umlaut.
    """
    if "\\" not in s and "{" not in s and "}" not in s and "~" not in s and '"' not in s:
        return s
    s = _ACCENT_RE.sub(_accent, s)
    s = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], s)
    s = _GERMAN_UMLAUT_RE.sub(lambda m: "ß" if m.group(1) == "s" else m.group(1) + "\u0308", s)
    s = _SYMBOL_RE.sub(lambda m: " " if m.group(1) in ", ;:!" else m.group(1), s)
    s = _COMMAND_RE.sub("", s)
    s = s.replace("{", "").replace("}", "").replace("~", " ").replace("\\", "")
    return unicodedata.normalize("NFC", " ".join(s.split()))


# ---------------------------------------------------------------- display form and keys

SUFFIXES = {"jr", "jnr", "sr", "ii", "iii", "iv"}
PARTICLES = {
    "de", "da", "das", "do", "dos", "di", "del", "della", "der", "den", "van", "von",
    "la", "le", "du", "des", "ter", "ten", "y", "zu", "af", "al", "el", "bin", "ibn", "st",
}  # fmt: skip
_FOLD = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
    "Ł": "L", "ı": "i", "ȷ": "j", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
    "Þ": "TH", "ŋ": "ng", "Ŋ": "NG",
})  # fmt: skip
_TEX_DASH_RE = re.compile(r"\s*-{2,3}\s*|(?<=[^\W\d_]) - (?=[^\W\d_])")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LONE_INITIAL_RE = re.compile(r"[A-Z]\.?")
_INITIAL_GAP_RE = re.compile(r"(?<=\w)\.(?=[^\W\d_])")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.])")


def normalize_name(s: str) -> str:
    """Display form: LaTeX decoded, one space between parts, a space after each initial's
    period ("S.D.Odintsov" -> "S. D. Odintsov"; "J.-B. Zuber" keeps its hyphen),
    "Last, First" turned to "First Last", all-lowercase words other than particles
    capitalised ("a K Rebhan" -> "A K Rebhan"), TeX dashes and a spaced hyphen between
    letters made one hyphen ("Ruiz--Altaba", "Lima - Santos" -> "Lima-Santos"), a surname
    followed only by initials put last ("Leznov A. N" -> "A. N. Leznov")."""
    s = decode_latex(s)
    if "-" in s:
        s = _TEX_DASH_RE.sub("-", s)
    s = _INITIAL_GAP_RE.sub(". ", s)
    s = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", s)
    s = " ".join(s.split()).strip(" ,;")
    last, sep, first = s.partition(",")
    if sep and first.strip() and "," not in first:
        s = f"{first.strip()} {last.strip()}"
    elif not sep:
        s = _initials_first(s)
    return " ".join(
        t[0].upper() + t[1:] if t.islower() and t not in PARTICLES else t for t in s.split()
    )


def _initials_first(s: str) -> str:
    """ "Leznov A. N" -> "A. N. Leznov": one capitalised word, then initials only."""
    words = s.split()
    if (
        len(words) >= 2
        and len(words[0]) > 1
        and words[0][0].isupper()
        and _WORD_RE.fullmatch(words[0])
        and all(_LONE_INITIAL_RE.fullmatch(w) for w in words[1:])
    ):
        initials = [w if w.endswith(".") else w + "." for w in words[1:]]
        return " ".join([*initials, words[0]])
    return s


def key_form(s: str) -> str:
    """The form names are keyed and compared in: `normalize_name`, then initials after the
    surname of a name with given names dropped, as they cut a second surname (Spanish
    naming), not the surname ("J. Fernando Barbero G." -> "J. Fernando Barbero")."""
    s = normalize_name(s)
    if "," in s:
        return s
    words = s.split()
    k = 0
    while k < len(words) and _LONE_INITIAL_RE.fullmatch(words[-1 - k]):
        k += 1
    rest = words[: len(words) - k]
    if k and len(rest) >= 2 and len(rest[-1]) > 1 and _WORD_RE.fullmatch(rest[-1]):
        return " ".join(rest)
    return s


def fold_ascii(s: str) -> str:
    """Unicode to plain ASCII letters: accents dropped (unicodedata), ß -> ss, ø -> o, ..."""
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


@lru_cache(maxsize=200_000)
def _parts(s: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(given-name tokens, surname tokens), folded and lowercased; suffixes dropped
    (cached: a load asks for the same names' keys many times).

    "Last, First" order is recognised by the comma; otherwise the surname is the last
    token plus any particles before it ("van der Berg", "De Jonghe").
    """
    s = fold_ascii(key_form(s)).lower()
    s = s.replace("'", "").replace("`", "")
    # hyphens join a token ("zinn-justin") until the surname is found, then split it
    chunks = [c.split() for c in re.sub(r"[^a-z0-9,\-]+", " ", s).split(",")]
    chunks = [[t.strip("-") for t in c if t.strip("-") not in SUFFIXES] for c in chunks]
    chunks = [[t for t in c if t] for c in chunks]
    chunks = [c for c in chunks if c]
    if not chunks:
        return (), ()
    if len(chunks) >= 2:  # "Odintsov, S. D." (anything after a second comma is ignored)
        given, surname = chunks[1], chunks[0]
    elif len(chunks[0]) == 1:
        given, surname = [], chunks[0]
    else:
        tokens = chunks[0]
        start = len(tokens) - 1
        while start > 1 and tokens[start - 1] in PARTICLES:
            start -= 1
        given, surname = tokens[:start], tokens[start:]
    return _unhyphen(given), _unhyphen(surname)


def name_parts(s: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(given-name parts, surname parts), ASCII-folded and lowercase, hyphenated parts split
    ("A. González-Ruiz" -> (("a",), ("gonzalez", "ruiz"))); cached, as for the keys."""
    return _parts(s)


def _unhyphen(tokens: list[str]) -> tuple[str, ...]:
    return tuple(p for t in tokens for p in t.split("-") if p)


def name_key(s: str) -> str:
    """ASCII-folded lowercase "first-names surname": punctuation and hyphens become spaces,
    apostrophes vanish, Jr./II dropped ("J.-B. Zuber" -> "j b zuber")."""
    given, surname = _parts(s)
    return " ".join(given + surname)


def block_key(s: str) -> str:
    """Surname (particles included, spaces and hyphens removed) and first initial, for
    identity blocking: "S.D. Odintsov" -> "odintsov s", "P. van Nieuwenhuizen" ->
    "vannieuwenhuizen p"."""
    given, surname = _parts(s)
    key = "".join(surname)
    return f"{key} {given[0][0]}" if given else key


# ---------------------------------------------------------------- author lists

_EMAIL_RE = re.compile(r"<?[\w.+%-]+@\s?[\w.-]+(?:\.\s?[\w-]+)*>?")
_EMAIL_LABEL_RE = re.compile(r"\b(?:e-?mail|email)(?:\s+address(?:es)?)?\s*:?", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"\s*(?:,|;|&|\\and\b|\b(?:and|amd|nd)\b)\s*", re.IGNORECASE)
_INITIAL = r"[A-Z][a-z]?\.|[A-Z]\b"
_INITIALS_ONLY_RE = re.compile(rf"^(?:(?:{_INITIAL})[\s-]*)+$")
# "C. G. Bollini L. E. Oxman": a second name starts at an initial after a full word; also
# "M.Nagy.M.K.Volkov" (no spaces), "H. Lu. C.N. Pope" (a two-letter surname ending in a
# period) and "I Batalin R Marnelius" (initials without periods)
_FULL_WORD_RE = re.compile(r"[^\W\d_]{2,}(?![\w.])")
_RUN_ON_RE = re.compile(r"(?:(?<=[a-z]{2})(?:\.?\s+|\.)|(?<=\s[A-Z][a-z])\.\s*)(?=[A-Z][a-z]?\.)")
# in a list written without periods; not before "E", "Y" or "I" ("Costa E Silva")
_RUN_ON_BARE_RE = re.compile(r"(?<=[a-z]{2})\s+(?=[A-DF-HJ-XZ]\s)")
# two-letter given names written with a period ("A. Yu. Morozov"): never a surname
GIVEN_ABBREVIATIONS = {"yu", "ch", "sh", "zh", "kh", "ph", "th", "ts", "st"}
_COLLABORATION_RE = re.compile(r"^.*\bcollaboration\s*:\s*(?=\S)", re.IGNORECASE)
_MARK = r"(?:\d{1,2}|[a-z]|\*{1,3}|\+)"
_MARKER_RE = re.compile(rf"^\s*{_MARK}(?:\s*(?:,|and|&)\s*{_MARK})*\s*$")
_LEGEND_RE = re.compile(rf"\(\s*({_MARK})\s*\)")
_CREDIT_RE = re.compile(r"^\s*(?:with\s+)?(?:an?\s+)?appendi(?:x|ces)\s+by\b", re.IGNORECASE)
_ET_AL_RE = re.compile(r"\bet\.?\s+al\b\.?|\band\s+others\b", re.IGNORECASE)
_INSTITUTION_RE = re.compile(
    r"\b(?:univ\w*|universit\w*|institut\w*|inst|dept|department|dipartimento|departamento|"
    r"laborator\w*|lab|physics|college|school|centre|center|faculty|academy|infn|cern)\b",
    re.IGNORECASE,
)
_JUNK_RE = re.compile(r"\d|\b(?:latex|revtex|figures|preprint)\b", re.IGNORECASE)


def _clean_affiliation(text: str) -> str:
    text = _EMAIL_RE.sub(" ", text)
    text = _EMAIL_LABEL_RE.sub(" ", text)
    text = " ".join(decode_latex(text).split())
    return text.strip(" ,;:-")


def _top_level(s: str) -> list[tuple[str, str]]:
    """Split into ("text", ...) and ("group", inner) pieces at top-level parentheses.
    Nested parentheses stay inside their group; an unclosed group runs to the end and a
    stray ")" is dropped."""
    pieces: list[tuple[str, str]] = []
    depth, buf = 0, []
    for ch in s:
        if ch == "(":
            if depth == 0:
                pieces.append(("text", "".join(buf)))
                buf = []
            else:
                buf.append(ch)
            depth += 1
        elif ch == ")":
            if depth == 0:
                continue
            depth -= 1
            if depth == 0:
                pieces.append(("group", "".join(buf)))
                buf = []
            else:
                buf.append(ch)
        else:
            buf.append(ch)
    pieces.append(("group" if depth else "text", "".join(buf)))
    return [p for p in pieces if p[1].strip()]


def _clean_name(piece: str) -> str:
    piece = _EMAIL_RE.sub(" ", piece)
    piece = _EMAIL_LABEL_RE.sub(" ", piece)
    piece = _ET_AL_RE.sub(" ", piece)
    piece = re.sub(r"^\s*by\s+", "", piece, flags=re.IGNORECASE)
    piece = _COLLABORATION_RE.sub("", piece)  # "SDLCQ Collaboration: F. Antonuccio"
    piece = " ".join(piece.split()).strip(" ,;:-")
    # a trailing period belongs to an initial or "Jr." only
    last = piece.rsplit(" ", 1)[-1]
    if piece.endswith(".") and len(last) > 3 and last.lower() != "jr.":
        piece = piece[:-1]
    return piece


def _is_junk(piece: str) -> bool:
    """Not a name: digits, "LaTeX", no letters, or a sentence (3+ lowercase words)."""
    if _JUNK_RE.search(piece) or not re.search(r"[^\W\d_]", piece):
        return True
    lower = [t for t in piece.split() if t.islower() and t not in PARTICLES]
    return len(lower) >= 3


def _split_run_on(piece: str) -> list[str]:
    """Split names run together without a separator, only when the piece starts with an
    initial ("C. G. Bollini L. E. Oxman", "I Batalin R Marnelius"); "Alexandre G. de M.
    Schmidt" is kept."""
    if re.match(r"[A-Z][a-z]?\.", piece):
        run_on = _RUN_ON_RE
    elif re.match(r"[A-Z]\s", piece):
        run_on = _RUN_ON_BARE_RE
    else:
        return [piece]
    out, start = [], 0
    for m in run_on.finditer(piece):
        word = re.split(r"[\s.]", piece[: m.start()].rstrip("."))[-1].lower()
        if word in PARTICLES or word in SUFFIXES or word in GIVEN_ABBREVIATIONS:
            continue
        out.append(piece[start : m.start()])
        start = m.end()
    out.append(piece[start:])
    merged: list[str] = []
    for part in (p.strip() for p in out):
        if merged and not _FULL_WORD_RE.search(part):  # "Moreira Jr.", "Barbero G."
            merged[-1] += " " + part
        elif part:
            merged.append(part)
    return merged


class _Names:
    """Accumulates names, their footnote markers and the names still without affiliation."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.affs: list[list[str]] = []
        self.markers: list[list[str]] = []
        self.pending: list[int] = []  # names since the last affiliation

    def add_text(self, text: str) -> None:
        prefix = ""  # initials waiting for their surname ("H, Lu")
        last_added = -1
        for raw in _SEPARATOR_RE.split(text):
            piece = _clean_name(raw)
            if not piece or _is_junk(piece):
                continue
            if piece.lower().rstrip(".") in SUFFIXES and self.names:
                self.names[-1] += " " + piece
            elif _INSTITUTION_RE.search(piece):
                self.add_affiliation(piece)
            elif _INITIALS_ONLY_RE.match(piece):
                prev = self.names[last_added] if last_added >= 0 else ""
                if prev and not prefix and not re.search(_INITIAL, prev):
                    self.names[last_added] = f"{prev}, {piece}"  # "Emparan, R."
                else:
                    prefix = f"{prefix} {piece}".strip()
            else:
                for name in _split_run_on(piece):
                    self.add_name(f"{prefix} {name}".strip())
                    prefix = ""
                last_added = len(self.names) - 1
        if prefix:
            self.add_name(prefix)

    def add_name(self, name: str) -> None:
        self.names.append(name)
        self.affs.append([])
        self.markers.append([])
        self.pending.append(len(self.names) - 1)

    def add_affiliation(self, text: str) -> None:
        aff = _clean_affiliation(text)
        targets = self.pending or ([len(self.names) - 1] if self.names else [])
        if aff:
            for i in targets:
                if aff not in self.affs[i]:
                    self.affs[i].append(aff)
        self.pending = []

    def add_group(self, inner: str) -> None:
        if _MARKER_RE.match(inner) and self.names:
            marks = [m.lower() for m in re.split(r"\s*(?:,|and|&)\s*", inner.strip()) if m]
            for i in self.pending or [len(self.names) - 1]:
                self.markers[i].extend(marks)
            self.pending = []
        elif _LEGEND_RE.match(inner) and any(self.markers):
            self.add_legend(inner)
        elif _CREDIT_RE.match(inner):  # "(with an appendix by S. Katz)": neither
            self.pending = []
        else:
            self.add_affiliation(inner)

    def add_legend(self, inner: str) -> None:
        parts = _LEGEND_RE.split(inner)  # ["", "1", "text", "2", "text", ...]
        legend = {}
        for mark, text in zip(parts[1::2], parts[2::2], strict=True):
            text = re.sub(r"(?:\s*(?:,|;|\band\b))+\s*$", "", text, flags=re.IGNORECASE)
            legend[mark.lower()] = _clean_affiliation(text)
        for i, marks in enumerate(self.markers):
            for m in marks:
                if legend.get(m) and legend[m] not in self.affs[i]:
                    self.affs[i].append(legend[m])
        self.pending = []


def split_author_list(s: str) -> list[tuple[str, list[str]]]:
    """Split an author line into (name, affiliations) pairs, names as written.

    Names are separated by ",", ";", "&" and "and"; "Jr."/"II" stay with their name;
    "et al" and e-mail addresses are dropped. A parenthesised group is an affiliation of
    every name since the previous group ("A and B (Inst)": both at Inst); arXiv-style
    markers "A (1), B (2) ((1) X, (2) Y)" are resolved; a comma-separated piece outside
    parentheses that names an institution ("..., Yale University") is an affiliation too.
    """
    acc = _Names()
    for kind, text in _top_level(" ".join(s.split())):
        if kind == "text":
            acc.add_text(text)
        else:
            acc.add_group(text)
    return list(zip(acc.names, acc.affs, strict=True))
