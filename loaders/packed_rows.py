"""Rows a FalkorDB statement returns packed into one string (`cypher/falkordb/identity_*`):
rows joined by ROW_SEP, fields by FIELD_SEP, list items by LIST_SEP. The client decodes every
returned value separately (~5 us each), so one string per batch saves most of a large read.
Names and affiliations never hold the separators: `loaders.model` collapses control characters.
"""

from __future__ import annotations

from collections.abc import Iterator

ROW_SEP, FIELD_SEP, LIST_SEP = "\x1e", "\x1f", "\x1d"
PACKING = {"sep": FIELD_SEP, "rec": LIST_SEP, "row": ROW_SEP}  # the statements' parameters


def packed_records(rows: list[dict]) -> Iterator[list[str]]:
    """The fields of every row packed in `rows` (each `{"packed": str}`)."""
    for packed in (r["packed"] for r in rows if r["packed"]):
        for record in packed.split(ROW_SEP):
            yield record.split(FIELD_SEP)


def items(field: str) -> list[str]:
    """A packed list field's items."""
    return field.split(LIST_SEP) if field else []
