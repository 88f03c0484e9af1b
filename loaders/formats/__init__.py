"""Parsers for scholarly sources. Each yields canonical `Work` records or `Rejected` bad records.

`FORMATS` maps the CLI format names to `iter_<format>(paths) -> Iterator[Work | Rejected]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from loaders.formats.arxiv_atom import iter_arxiv_atom
from loaders.formats.arxiv_jsonl import iter_arxiv_jsonl
from loaders.formats.arxiv_oai import iter_arxiv_oai
from loaders.formats.crossref import iter_crossref
from loaders.formats.s2 import iter_s2
from loaders.formats.works_jsonl import iter_works_jsonl
from loaders.model import Rejected, Work

Parser = Callable[[Iterable[str | Path]], Iterator[Work | Rejected]]

FORMATS: dict[str, Parser] = {
    "arxiv-jsonl": iter_arxiv_jsonl,
    "arxiv-atom": iter_arxiv_atom,
    "arxiv-oai": iter_arxiv_oai,
    "s2": iter_s2,
    "crossref": iter_crossref,
    "works-jsonl": iter_works_jsonl,
}

__all__ = ["FORMATS", "Parser"]
