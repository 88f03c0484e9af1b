"""API keys with roles, compared in constant time, and a per-key rate limit.

Keys come from the setting GRAPHSVC_API_KEYS (JSON: {"key": "role"}), sent as the header
`X-API-Key` or `Authorization: Bearer <key>`. Roles are ordered: reader < analyst < curator < admin.
Keys are never logged; a request is identified in logs by a short hash of its key.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request

from graphsvc.errors import AuthError, Forbidden, RateLimited
from graphsvc.settings import Settings

Role = Literal["anonymous", "reader", "analyst", "curator", "admin"]
RANK: dict[str, int] = {"anonymous": 0, "reader": 1, "analyst": 2, "curator": 3, "admin": 4}


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role and a log-safe key fingerprint (never the key)."""

    role: Role
    key_id: str | None = None


def key_fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:10]


def _presented_key(request: Request) -> str | None:
    if key := request.headers.get("x-api-key"):
        return key
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def identify(settings: Settings, presented: str | None) -> Principal:
    """Match a presented key against every configured key in constant time."""
    if presented is None:
        return Principal("anonymous")
    role: Role | None = None
    for key, key_role in settings.api_keys.items():
        if hmac.compare_digest(presented.encode(), key.encode()):
            role = key_role
    if role is None:
        raise AuthError("the API key is not valid")
    return Principal(role, key_fingerprint(presented))


class RateLimiter:
    """A fixed one-minute window per key (or per client address for anonymous calls)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def hit(self, who: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        window = int(now // 60)
        with self._lock:
            start, count = self._windows.get(who, (window, 0))
            if start != window:
                start, count = window, 0
            count += 1
            self._windows[who] = (start, count)
            if len(self._windows) > 100_000:
                self._windows = {k: v for k, v in self._windows.items() if v[0] == window}
        if count > self.per_minute:
            retry = max(1, math.ceil((window + 1) * 60 - now))
            raise RateLimited(f"more than {self.per_minute} requests this minute", retry)


async def principal(request: Request) -> Principal:
    """Identify the caller and count the request against its rate limit.

    Async on purpose (no I/O inside): FastAPI runs sync dependencies in its thread pool, and
    two pool hops per request cost more than the work itself.
    """
    settings: Settings = request.app.state.settings
    who = identify(settings, _presented_key(request))
    limiter: RateLimiter = request.app.state.rate_limiter
    client = request.client.host if request.client else "unknown"
    limiter.hit(who.key_id or f"addr:{client}")
    request.state.principal = who
    return who


def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets through callers with at least `role`."""

    async def check(who: Annotated[Principal, Depends(principal)], request: Request) -> Principal:
        settings: Settings = request.app.state.settings
        needed = role
        if role == "reader" and settings.public_reads:
            return who
        if role == "analyst" and settings.open_cypher and who.role == "anonymous":
            return who
        if who.role == "anonymous":
            raise AuthError(f"this needs an API key with role {needed} or higher")
        if RANK[who.role] < RANK[needed]:
            raise Forbidden(f"role {who.role} may not do this; it needs {needed} or higher")
        return who

    return check


ReaderDep = Annotated[Principal, Depends(require("reader"))]
AnalystDep = Annotated[Principal, Depends(require("analyst"))]
CuratorDep = Annotated[Principal, Depends(require("curator"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
