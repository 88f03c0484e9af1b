"""Property-based requests generated from the OpenAPI schema never get a server error (5xx).

Runs in-process (ASGI) against the session's scratch FalkorDB store, not the shared sample, so
that generated writes (claims, loads) cannot change the graph other tests read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from tests.conftest import API_KEYS

APP = create_app(Settings(data_dir=Path("/nonexistent-unused"), _env_file=None, api_keys=API_KEYS,
                          query_timeout_ms=1000, rate_limit_per_minute=1_000_000))  # fmt: skip
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(autouse=True)
def _store(falkor_store) -> None:  # noqa: ANN001
    APP.state.store = falkor_store  # the ASGI client does not run the lifespan


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_no_server_error(case) -> None:  # noqa: ANN001
    response = case.call(headers={"X-API-Key": "test-admin-key"})
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
