"""A statement check that refuses Cypher able to change the graph, before the store sees it.

The store enforces read-only too (FalkorDB GRAPH.RO_QUERY, Neo4j READ transactions); this check
gives a clear message early and also refuses what a read-only store would still run (procedures
that administer the server, LOAD CSV, several statements in one request).
"""

from __future__ import annotations

import re
import unicodedata

from graphsvc.errors import InvalidParameter, ReadOnlyViolation

MAX_QUERY_CHARS = 20_000

_WRITE_CLAUSES = ("CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DETACH", "DROP", "FOREACH",
                  "LOAD", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "START", "STOP",
                  "TERMINATE", "ENABLE")  # fmt: skip
_ALLOWED_PROCEDURES = re.compile(
    r"^(db\.labels|db\.relationshiptypes|db\.propertykeys|db\.schema\.\w+|db\.indexes"
    r"|db\.idx\.fulltext\.querynodes|db\.index\.fulltext\.querynodes|db\.constraints"
    r"|algo\.\w+)$"
)
_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?\*/)
      |(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      |(?P<quoted>`(?:[^`]|``)*`)
      |(?P<word>[A-Za-z_][A-Za-z0-9_.]*)
      |(?P<semicolon>;)
      |(?P<other>\S)""",
    re.S | re.X,
)


def check_read_only(query: str) -> str:
    """Return the normalised query, or raise ReadOnlyViolation / InvalidParameter saying why."""
    if not query or not query.strip():
        raise InvalidParameter("query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidParameter(f"query is {len(query)} characters; at most {MAX_QUERY_CHARS}")
    text = unicodedata.normalize("NFKC", query)
    if any(unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\t\n\r" for ch in text):
        raise InvalidParameter("query contains invisible or control characters")
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("string", "comment"):
            tokens.append((kind, m.group()))
    semicolons = sum(1 for kind, _ in tokens if kind == "semicolon")
    stripped = text.strip().rstrip(";").strip()
    if semicolons > 1 or (semicolons == 1 and tokens[-1][0] != "semicolon"):
        raise ReadOnlyViolation("only one statement per request is allowed")
    for i, (kind, value) in enumerate(tokens):
        word = value.upper() if kind == "word" else ""
        if word in _WRITE_CLAUSES:
            raise ReadOnlyViolation(
                f"{word} changes the graph or the server; analyst Cypher is read-only"
            )
        if word == "CALL" and i + 1 < len(tokens) and tokens[i + 1][0] == "word":
            proc = tokens[i + 1][1]
            if not _ALLOWED_PROCEDURES.match(proc.lower()):
                raise ReadOnlyViolation(f"procedure {proc} is not allowed in analyst Cypher")
    return stripped
