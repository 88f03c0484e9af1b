"""A statement check that refuses Cypher able to change the graph, before the store sees it.

The store enforces read-only too (FalkorDB GRAPH.RO_QUERY, Neo4j READ transactions); this check
gives a clear message early and also refuses what a read-only store would still run: procedures
that administer the server, LOAD CSV, several statements in one request, and expressions that
FalkorDB evaluates without checking its timeout or memory cap (huge `range()` lists, `reduce()`
that can double a list each step: measured, one such query took the server down).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from graphsvc.errors import InvalidParameter, ReadOnlyViolation

MAX_QUERY_CHARS = 20_000
MAX_RANGE = 100_000  # values a range() may produce; its bounds must be integer literals

_WRITE_CLAUSES = (
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "REMOVE",
    "DETACH",
    "DROP",
    "FOREACH",
    "LOAD",
    "ALTER",
    "GRANT",
    "DENY",
    "REVOKE",
    "RENAME",
    "START",
    "STOP",
    "TERMINATE",
    "ENABLE",
    "USE",
    "SHOW",
    "PROFILE",
    "PERIODIC",
    "TRANSACTIONS",
)
_REFUSED_FUNCTIONS = ("REDUCE",)
_ALLOWED_PROCEDURES = re.compile(
    r"^(db\.labels|db\.relationshiptypes|db\.propertykeys|db\.schema\.\w+|db\.indexes"
    r"|db\.idx\.fulltext\.querynodes|db\.index\.fulltext\.querynodes|db\.constraints"
    r"|algo\.(pagerank|wcc|betweenness|bfs|sppaths|sspaths))$"
)
MAX_PATH_LEN = 10
"""The `maxLen` algo.SPpaths / algo.SSpaths must give in analyst Cypher (an integer literal)."""
_PATH_PROCEDURES = ("algo.sppaths", "algo.sspaths")
_UNBOUNDED_PROCEDURES = {
    "algo.labelpropagation": "it ran 27 s past a 1 s query timeout on the 1M-paper generated "
    "graph; algo.WCC gives connected components",
}
_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?\*/)
      |(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      |(?P<quoted>`(?:[^`]|``)*`)
      |(?P<word>[A-Za-z_][A-Za-z0-9_.]*)
      |(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      |(?P<semicolon>;)
      |(?P<other>\S)""",
    re.S | re.X,
)
_OPEN, _CLOSE = "([{", ")]}"


@dataclass(frozen=True)
class Token:
    kind: str
    value: str
    start: int
    depth: int  # bracket depth: 0 is the top level of the statement


def tokens(text: str) -> list[Token]:
    """Cypher tokens without comments and string contents, with their bracket depth."""
    found: list[Token] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind, value = m.lastgroup or "other", m.group()
        if kind == "comment":
            continue
        if kind == "other" and value in _CLOSE:
            depth = max(0, depth - 1)
        found.append(Token(kind, value, m.start(), depth))
        if kind == "other" and value in _OPEN:
            depth += 1
    return found


def check_read_only(query: str) -> str:
    """Return the normalised query, or raise ReadOnlyViolation / InvalidParameter saying why."""
    if not query or not query.strip():
        raise InvalidParameter("query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidParameter(f"query is {len(query)} characters; at most {MAX_QUERY_CHARS}")
    text = unicodedata.normalize("NFKC", query)
    if any(
        unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cs") and ch not in "\t\n\r" for ch in text
    ):
        raise InvalidParameter("query contains invisible or control characters")
    toks = tokens(text)
    for tok in toks:
        if tok.kind == "other" and not tok.value.isascii():
            raise InvalidParameter(
                f"character {tok.value!r} (U+{ord(tok.value):04X}) at offset {tok.start} is not "
                "allowed outside a string literal or a `quoted` name"
            )
    semicolons = sum(1 for t in toks if t.kind == "semicolon")
    if semicolons > 1 or (semicolons == 1 and toks[-1].kind != "semicolon"):
        raise ReadOnlyViolation("only one statement per request is allowed")
    for i, tok in enumerate(toks):
        word = tok.value.upper() if tok.kind == "word" else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if word in _WRITE_CLAUSES:
            raise ReadOnlyViolation(
                f"{word} changes the graph or the server; analyst Cypher is read-only"
            )
        if word == "CALL" and nxt is not None and nxt.kind == "word":
            _check_procedure(toks, i + 1)
        if nxt is not None and nxt.value == "(":
            if word in _REFUSED_FUNCTIONS:
                raise InvalidParameter(f"{tok.value}() is not allowed in analyst Cypher")
            if word == "RANGE":
                _check_range(toks, i)
    return text.strip().rstrip(";").strip()


def _check_procedure(toks: list[Token], i: int) -> None:
    """A procedure of the allow list; a path search only with a small literal `maxLen`."""
    name = toks[i].value.lower()
    if name in _UNBOUNDED_PROCEDURES:
        raise InvalidParameter(f"{toks[i].value} is not allowed in analyst Cypher: "
                               f"{_UNBOUNDED_PROCEDURES[name]}")  # fmt: skip
    if not _ALLOWED_PROCEDURES.match(name):
        raise ReadOnlyViolation(f"procedure {toks[i].value} is not allowed in analyst Cypher")
    if name in _PATH_PROCEDURES and not _small_max_len(toks, i):
        raise InvalidParameter(
            f"{toks[i].value} needs maxLen: N, an integer literal of at most {MAX_PATH_LEN}, in "
            "analyst Cypher: without it the search does not stop at the query timeout "
            "(measured: it ran on until the server was stopped)"
        )


def _small_max_len(toks: list[Token], i: int) -> bool:
    """Whether the call at toks[i] gives `maxLen: <integer literal <= MAX_PATH_LEN>`."""
    if i + 1 >= len(toks) or toks[i + 1].value != "(":
        return False
    inside = _in_brackets(toks, i + 1)
    for k, tok in enumerate(inside[:-2]):
        if tok.kind == "word" and tok.value == "maxLen" and inside[k + 1].value == ":":
            arg = inside[k + 2]
            return arg.kind == "number" and arg.value.isdigit() and int(arg.value) <= MAX_PATH_LEN
    return False


def _in_brackets(toks: list[Token], opening: int) -> list[Token]:
    """The tokens between the bracket at toks[opening] and the one that closes it."""
    depth, inside = toks[opening].depth, []
    for tok in toks[opening + 1 :]:
        if tok.depth == depth and tok.kind == "other" and tok.value in _CLOSE:
            break
        inside.append(tok)
    return inside


def _check_range(toks: list[Token], i: int) -> None:
    """range(a, b[, step]) only with integer literals producing at most MAX_RANGE values."""
    depth = toks[i + 1].depth
    args: list[list[Token]] = [[]]
    for tok in _in_brackets(toks, i + 1):
        if tok.depth == depth + 1 and tok.value == ",":
            args.append([])
        else:
            args[-1].append(tok)
    values = []
    for arg in args:
        literal = "".join(t.value for t in arg)
        if not re.fullmatch(r"-?\d+", literal):
            raise InvalidParameter(
                f"range() takes integer literals only in analyst Cypher (got {literal!r})"
            )
        values.append(int(literal))
    if len(values) not in (2, 3):
        raise InvalidParameter("range() takes two or three arguments")
    step = values[2] if len(values) == 3 else 1
    count = 0 if step == 0 else max(0, (values[1] - values[0]) // step + 1)
    if step == 0 or count > MAX_RANGE:
        raise InvalidParameter(f"range() may produce at most {MAX_RANGE} values")


def cap_rows(query: str, max_rows: int, params: Mapping[str, object] | None = None) -> str:
    """The query with its final RETURN limited to `max_rows` rows, so the store never sends more.

    A final top-level LIMIT of at most the cap (an integer literal, or a parameter whose value
    is one) is kept; a larger one is replaced by the cap in place, so a SKIP after it stays.
    A LIMIT given by an expression is kept as written. Queries that end in UNION branches or in
    a procedure call without RETURN are returned unchanged. In those cases the row cap applies
    after the fact.
    """
    toks = tokens(query)
    top = [t for t in toks if t.depth == 0 and t.kind == "word"]
    if any(t.value.upper() == "UNION" for t in top):
        return query
    returns = [k for k, t in enumerate(top) if t.value.upper() == "RETURN"]
    if not returns:
        return query
    tail = top[returns[-1] :]
    limit = next((t for t in tail if t.value.upper() == "LIMIT"), None)
    body = query.rstrip().rstrip(";").rstrip()
    if limit is None:
        return f"{body}\nLIMIT {max_rows}"
    arg = _limit_argument(toks, limit)
    if len(arg) == 1 and arg[0].kind == "number":
        given = _whole_number(arg[0].value)
    elif len(arg) == 2 and arg[0].value == "$" and arg[1].kind == "word":
        given = _whole_number((params or {}).get(arg[1].value))
    else:
        given = None  # an expression
    if given is None or given <= max_rows:
        return body  # kept as written; an expression's rows are capped after the fact
    end = arg[-1].start + len(arg[-1].value)
    return f"{body[: arg[0].start]}{max_rows}{body[end:]}"


def _limit_argument(toks: list[Token], limit: Token) -> list[Token]:
    """The tokens of LIMIT's argument: up to a top-level SKIP, `;` or the end."""
    arg = []
    for t in toks:
        if t.start <= limit.start:
            continue
        if t.kind == "semicolon" or (t.depth == 0 and t.kind == "word"
                                     and t.value.upper() == "SKIP"):  # fmt: skip
            break
        arg.append(t)
    return arg


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def check_params(params: dict[str, object], max_depth: int = 8) -> dict[str, object]:
    """Parameters as the store can take them: identifier names, finite numbers, plain map keys."""
    for name, value in params.items():
        if not _PARAM_NAME.match(name):
            raise InvalidParameter(f"params: {name!r} is not a valid parameter name")
        _check_value(f"params.{name}", value, max_depth)
    return params


def check_params_given(query: str, params: dict[str, object]) -> None:
    """Raise InvalidParameter naming the `$parameters` the query uses that `params` lacks (the
    stores only say "Missing parameters")."""
    toks = tokens(query)
    used = [b.value.partition(".")[0] for a, b in zip(toks, toks[1:], strict=False)
            if a.value == "$" and b.kind == "word" and b.start == a.start + 1]  # fmt: skip
    missing = [f"${name}" for name in dict.fromkeys(used) if name not in params]
    if missing:
        raise InvalidParameter(f"the query uses {', '.join(missing)}, which params does not "
                               "give")  # fmt: skip


def _check_value(where: str, value: object, depth: int) -> None:
    if depth < 0:
        raise InvalidParameter(f"{where}: nested too deeply")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise InvalidParameter(f"{where}: numbers must be finite")
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(f"{where}[{i}]", item, depth - 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key or "`" in key:
                raise InvalidParameter(f"{where}: map key {key!r} must be non-empty, no backtick")
            _check_value(f"{where}.{key}", item, depth - 1)
