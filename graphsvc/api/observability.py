"""Structured JSON logs with request ids, per-query timing, and `/metrics` in Prometheus format.

Every request gets an id (the caller's `X-Request-ID` when it is a short safe token, else a new
one), echoed in the response header and in every log line written while serving it. Store queries
made while serving a request are timed, logged and counted. API keys never reach a log line: the
request log names the caller by `key_id`, a short hash (see graphsvc.api.security).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

log = logging.getLogger("graphsvc.requests")
query_log = logging.getLogger("graphsvc.queries")

REQUEST_ID: ContextVar[str | None] = ContextVar("graphsvc_request_id", default=None)
_METRICS: ContextVar[Metrics | None] = ContextVar("graphsvc_metrics", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id := getattr(record, "request_id", None) or REQUEST_ID.get():
            doc["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _RESERVED and key not in doc and not key.startswith("_"):
                doc[key] = value
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str)


def configure_logging(level: str = "info") -> None:
    """Send graphsvc's logs to stderr as JSON lines (once per process)."""
    logger = logging.getLogger("graphsvc")
    logger.setLevel(level.upper())
    if not any(getattr(h, "_graphsvc_json", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        handler._graphsvc_json = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


# Metrics ---------------------------------------------------------------------------------------


class Histogram:
    """Cumulative buckets, sum and count per label set."""

    def __init__(self) -> None:
        self.series: dict[tuple[tuple[str, str], ...], list[float]] = {}

    def observe(self, labels: dict[str, str], seconds: float) -> None:
        key = tuple(sorted(labels.items()))
        s = self.series.setdefault(key, [0.0] * (len(BUCKETS) + 2))
        for i, bound in enumerate(BUCKETS):
            if seconds <= bound:
                s[i] += 1
        s[-2] += seconds
        s[-1] += 1


class Metrics:
    """The few metrics graphsvc exports, kept in memory per app."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[tuple[str, str], ...], int] = {}
        self.request_seconds = Histogram()
        self.query_seconds = Histogram()

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            key = tuple(sorted({"method": method, "route": route, "status": str(status)}.items()))
            self.requests[key] = self.requests.get(key, 0) + 1
            self.request_seconds.observe({"method": method, "route": route}, seconds)

    def query(self, kind: str, outcome: str, seconds: float) -> None:
        with self._lock:
            self.query_seconds.observe({"kind": kind, "outcome": outcome}, seconds)

    def render(self) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        lines: list[str] = []
        with self._lock:
            lines += [
                "# HELP graphsvc_http_requests_total HTTP requests by route and status.",
                "# TYPE graphsvc_http_requests_total counter",
            ]
            for key, n in sorted(self.requests.items()):
                lines.append(f"graphsvc_http_requests_total{_labels(key)} {n}")
            _histogram(
                lines,
                "graphsvc_http_request_duration_seconds",
                "HTTP request latency by route.",
                self.request_seconds,
            )
            _histogram(
                lines,
                "graphsvc_store_query_duration_seconds",
                "Graph store query time by kind and outcome.",
                self.query_seconds,
            )
        return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(key: tuple[tuple[str, str], ...], extra: tuple[str, str] | None = None) -> str:
    items = list(key) + ([extra] if extra else [])
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in items) + "}"


def _histogram(lines: list[str], name: str, help_text: str, hist: Histogram) -> None:
    lines += [f"# HELP {name} {help_text}", f"# TYPE {name} histogram"]
    for key, s in sorted(hist.series.items()):
        for bound, count in zip(BUCKETS, s, strict=False):
            lines.append(f"{name}_bucket{_labels(key, ('le', repr(bound)))} {int(count)}")
        lines.append(f"{name}_bucket{_labels(key, ('le', '+Inf'))} {int(s[-1])}")
        lines.append(f"{name}_sum{_labels(key)} {s[-2]:.6f}")
        lines.append(f"{name}_count{_labels(key)} {int(s[-1])}")


# Store timing ----------------------------------------------------------------------------------


def instrument_store(store: Any) -> None:
    """Time every read and write of `store` (once), logging and counting them per request."""
    if getattr(store, "_graphsvc_timed", False):
        return
    for kind in ("read", "write"):
        setattr(store, kind, _timed(getattr(store, kind), kind))
    store._graphsvc_timed = True


def _timed(fn: Callable[..., Any], kind: str) -> Callable[..., Any]:
    @wraps(fn)
    def call(query: str, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        outcome = "error"
        rows = None
        try:
            result = fn(query, *args, **kwargs)
            outcome = "ok"
            rows = len(getattr(result, "rows", []) or [])
            return result
        finally:
            seconds = time.perf_counter() - start
            metrics = _METRICS.get()
            if metrics is not None:
                metrics.query(kind, outcome, seconds)
                query_log.info(
                    "store query",
                    extra={
                        "request_id": REQUEST_ID.get(),
                        "kind": kind,
                        "outcome": outcome,
                        "elapsed_ms": round(seconds * 1000, 3),
                        "rows": rows,
                        "query": " ".join(query.split())[:300],
                    },
                )

    return call


# Middleware ------------------------------------------------------------------------------------


class ObservabilityMiddleware:
    """Request ids, a JSON log line per request, and request metrics (a plain ASGI middleware)."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        rid_token = REQUEST_ID.set(request_id)
        metrics_token = _METRICS.set(self.metrics)
        scope.setdefault("state", {})
        state = scope["state"]
        application = scope.get("app")
        store = getattr(getattr(application, "state", None), "store", None)
        if store is not None:
            instrument_store(store)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.request(scope["method"], route, status, seconds)
            who = state.get("principal")
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "role": getattr(who, "role", None),
                    "key_id": getattr(who, "key_id", None),
                },
            )
            REQUEST_ID.reset(rid_token)
            _METRICS.reset(metrics_token)


def install_observability(app: FastAPI, log_level: str = "info") -> Metrics:
    """Add request ids, JSON logs and GET /metrics to `app`."""
    configure_logging(log_level)
    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)

    @app.get(
        "/metrics", tags=["health"], summary="Prometheus metrics", response_class=PlainTextResponse
    )
    def prometheus_metrics() -> PlainTextResponse:
        return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4")

    return metrics
