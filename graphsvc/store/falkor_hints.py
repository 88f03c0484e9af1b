"""The FalkorDB way to write a Neo4j idiom the embedded store refuses, added to its error.

Analysts write Neo4j Cypher (the production store's dialect); on the embedded FalkorDB a few
idioms fail with a parse error or a terse message. Each rule here names the idiom and the
form that works on the embedded store (docs/operations.md, "Neo4j idioms on the embedded
store"); the rules were checked against FalkorDB's answers (tests/test_cypher_api.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class _Rule:
    message: re.Pattern[str]  # the store's error
    query: re.Pattern[str] | None  # the analyst's query, when the error alone cannot tell
    hint: str


_ANY = re.compile(r"")
_RULES = (
    _Rule(re.compile(r"shortestPath", re.I), None,
          "FalkorDB takes shortestPath() only in WITH or RETURN, between nodes matched before, "
          "along directed relationships (CO_AUTHOR ties are stored once, in one direction); for "
          "a co-author distance use CALL algo.SPpaths({sourceNode: a, targetNode: b, relTypes: "
          "['CO_AUTHOR'], relDirection: 'both', maxLen: 6}) YIELD path RETURN length(path) (maxLen "
          "is required, at most 10)"),
    _Rule(re.compile(r"=~"), None,
          "there are no regular expressions: use STARTS WITH, ENDS WITH or CONTAINS (with "
          "toLower() for any case)"),
    _Rule(re.compile(r"function 'round'", re.I), None,
          "round() takes one argument: round(x * 100) / 100.0 for two decimals"),
    _Rule(re.compile(r"Unknown function 'elementId'", re.I), None, "use id(n)"),
    _Rule(re.compile(r"Unknown function '(local)?datetime'", re.I), None,
          "use timestamp() (milliseconds since 1970) or date()"),
    _Rule(re.compile(r"(function|procedure) `?'?apoc\.", re.I), None,
          "APOC is not available on the embedded store"),
    _Rule(re.compile(r"Procedure .* is not registered", re.I), None,
          "procedures here: db.labels(), db.relationshipTypes(), db.propertyKeys(), "
          "db.indexes() and algo.*; GET /schema gives labels, types, keys and counts"),
    _Rule(_ANY, re.compile(r"\b(EXISTS|COUNT|COLLECT)\s*\{", re.I),
          "there are no EXISTS {...}, COUNT {...} or COLLECT {...} subqueries: use a pattern "
          "predicate (WHERE (a)-[:AUTHORED]->() or WHERE NOT (a)-[:AUTHORED]->()) or a "
          "pattern comprehension (size([(a)-[:AUTHORED]->(p) | p]))"),
)


def with_hint(message: str, query: str) -> str:
    """`message` with the embedded store's form of the Neo4j idiom it refused, if one is known."""
    said = message.split(" errCtx:")[0]  # a parse error quotes the query after errCtx
    for rule in _RULES:
        if rule.message.search(said) and (rule.query is None or rule.query.search(query)):
            return f"{message} (on the embedded FalkorDB store: {rule.hint})"
    return message
