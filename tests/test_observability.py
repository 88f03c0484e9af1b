"""Request ids, JSON log lines with per-query timing, and /metrics in Prometheus format."""

from __future__ import annotations

import json
import logging
import time

import httpx
import pytest

from graphsvc.api.observability import JsonFormatter, Metrics
from graphsvc.store import GraphStore
from tests.test_cypher_api import gibbons_id


def test_request_id_in_and_out(api: httpx.Client) -> None:
    r = api.get("/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    fresh = api.get("/health").headers["x-request-id"]
    assert len(fresh) == 32 and fresh != api.get("/health").headers["x-request-id"]
    unsafe = api.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"


def test_json_logs_carry_request_id_and_query_timing(
    api: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="graphsvc")
    api.post("/cypher", json={"query": "MATCH (a:Author) RETURN count(a) AS n"},
             headers={"X-Request-ID": "rid-42"})  # fmt: skip
    deadline = time.monotonic() + 5  # the request line is written just after the response
    while time.monotonic() < deadline and not any(
        getattr(r, "route", None) == "/cypher" for r in caplog.records
    ):
        time.sleep(0.02)
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    queries = [d for d in lines if d["message"] == "store query"]
    requests = [d for d in lines if d["message"] == "request" and d.get("route") == "/cypher"]
    assert queries and all(d["request_id"] == "rid-42" for d in queries)
    assert queries[0]["elapsed_ms"] >= 0 and queries[0]["rows"] == 1
    assert "MATCH (a:Author)" in queries[0]["query"]
    assert requests[-1]["request_id"] == "rid-42" and requests[-1]["status"] == 200
    assert requests[-1]["role"] == "analyst" and requests[-1]["duration_ms"] > 0


def test_metrics_prometheus_format(api: httpx.Client, sample_store: GraphStore) -> None:
    from prometheus_client import parser

    api.get(f"/authors/{gibbons_id(sample_store)}")
    api.get("/authors/author:nobody")
    r = api.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in parser.text_string_to_metric_families(r.text)}
    requests = families["graphsvc_http_requests"]
    by_status = {(s.labels["route"], s.labels["status"]): s.value for s in requests.samples}
    assert by_status[("/authors/{author_id}", "200")] >= 1
    assert by_status[("/authors/{author_id}", "404")] >= 1
    latency = families["graphsvc_http_request_duration_seconds"]
    assert latency.type == "histogram"
    queries = families["graphsvc_store_query_duration_seconds"]
    counts = [s for s in queries.samples if s.name.endswith("_count")]
    assert sum(s.value for s in counts) >= 2


def test_histogram_buckets_are_cumulative() -> None:
    m = Metrics()
    for seconds in (0.002, 0.02, 0.2, 20.0):
        m.query("read", "ok", seconds)
    text = m.render()
    assert 'le="0.0025"} 1' in text and 'le="0.25"} 3' in text and 'le="+Inf"} 4' in text
    assert "graphsvc_store_query_duration_seconds_count" in text
