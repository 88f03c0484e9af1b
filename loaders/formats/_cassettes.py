"""VCR.py cassettes (YAML recordings of HTTP exchanges): the JSON bodies of their responses."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import Any

import yaml

from loaders.model import Rejected
from loaders.sources import InputFile

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_cassette(file: InputFile) -> bool:
    """A YAML file (by name) or one starting with VCR's `interactions:` key."""
    name = file.name.lower()
    return name.endswith((".yaml", ".yml")) or file.data.lstrip().startswith(b"interactions:")


def iter_responses(file: InputFile) -> Iterator[tuple[str, int, Any] | Rejected]:
    """Yield `(location, HTTP status, parsed JSON body)` per recorded response."""
    try:
        cassette = yaml.load(file.data, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        yield Rejected(file.name, "file", f"not valid YAML: {' '.join(str(exc).split())[:300]}")
        return
    interactions = cassette.get("interactions") if isinstance(cassette, dict) else None
    if not isinstance(interactions, list):
        yield Rejected(file.name, "interactions", "not a VCR cassette (no 'interactions' list)")
        return
    for index, interaction in enumerate(interactions):
        location = f"{file.name} interaction {index}"
        response = interaction.get("response") if isinstance(interaction, dict) else None
        if not isinstance(response, dict):
            yield Rejected(location, "response", "interaction has no response")
            continue
        status = response.get("status")  # {"code": 200} (requests) or "200" (httpx stubs)
        code = status.get("code", 0) if isinstance(status, dict) else response.get("status_code")
        code = int(code) if str(code).isdigit() else 0
        body = _body_text(response.get("body", response.get("content")))
        if body is None:
            yield Rejected(location, "body", "response body is not readable text")
            continue
        try:
            yield location, code, json.loads(body)
        except json.JSONDecodeError:
            kind = " ".join(body[:80].split())
            yield Rejected(location, "body", f"HTTP {code} response is not JSON: {kind!r}")


def _body_text(body: Any) -> str | None:
    raw = body.get("string") if isinstance(body, dict) else body
    if isinstance(raw, bytes):
        if raw[:2] == b"\x1f\x8b":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError, zlib.error):
                return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return raw if isinstance(raw, str) else None
