"""Opaque cursors for list endpoints (`{meta: {count, next_cursor}, results}`)."""

from __future__ import annotations

import base64
import json

from graphsvc.errors import InvalidParameter


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for (0 for none); InvalidParameter for a forged one."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        offset = json.loads(raw)["o"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidParameter(f"cursor {cursor!r} is not a cursor this API issued") from exc
    if not isinstance(offset, int) or offset < 0:
        raise InvalidParameter(f"cursor {cursor!r} is not a cursor this API issued")
    return offset


def next_cursor(offset: int, page_len: int, total: int) -> str | None:
    end = offset + page_len
    return encode_cursor(end) if end < total else None
