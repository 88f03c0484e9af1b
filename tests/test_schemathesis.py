"""Property-based requests generated from the OpenAPI schema never get a server error (5xx),
and every answer, errors included, has a status, content type and body the schema documents.

Runs in-process (ASGI) against the session's scratch FalkorDB store, not the shared sample, so
that generated writes (claims, loads) cannot change the graph other tests read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from tests.conftest import API_KEYS

CONFORMANCE = [status_code_conformance, content_type_conformance, response_schema_conformance]

APP = create_app(Settings(data_dir=Path("/nonexistent-unused"), _env_file=None, api_keys=API_KEYS,
                          query_timeout_ms=1000, rate_limit_per_minute=1_000_000))  # fmt: skip
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(autouse=True)
def _store(falkor_store) -> None:  # noqa: ANN001
    APP.state.store = falkor_store  # the ASGI client does not run the lifespan


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_no_server_error_and_answers_as_documented(case) -> None:  # noqa: ANN001
    response = case.call(headers={"X-API-Key": "test-admin-key"})
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
    case.validate_response(response, checks=CONFORMANCE)
