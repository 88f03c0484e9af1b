"""The OpenAPI document names every error an operation really answers, in the `{error,
message}` shape it is sent in (generated clients read errors by it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.api.models import ErrorBody
from graphsvc.api.openapi_errors import codes_of
from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from tests.conftest import API_KEYS

ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def _client(store: GraphStore, **overrides: Any) -> TestClient:
    """An in-process client of an app on `store` (entered: the app's lifespan runs)."""
    settings = Settings(data_dir=Path("/nonexistent-unused"), _env_file=None, api_keys=API_KEYS,
                        **overrides)  # fmt: skip
    return TestClient(create_app(settings, store))


def key(role: str) -> dict[str, str]:
    return {"X-API-Key": f"test-{role}-key"}


@pytest.fixture(scope="module")
def client(sample_store: GraphStore) -> Iterator[TestClient]:
    with _client(sample_store) as c:
        yield c


@pytest.fixture(scope="module")
def doc(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def documented(doc: dict[str, Any], template: str, method: str, status: int) -> dict[str, Any]:
    """The documented answer of `status`, failing when the operation does not name it."""
    responses = doc["paths"][template][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {template}: {status} not documented"
    return responses[str(status)]


def check_error(doc: dict[str, Any], template: str, method: str, response: Any,
                status: int) -> None:  # fmt: skip
    assert response.status_code == status, response.text
    answer = documented(doc, template, method, status)
    assert answer["content"]["application/json"]["schema"] == ERROR_REF
    body = ErrorBody.model_validate(response.json())
    assert body.error and body.message


def test_no_operation_documents_fastapis_validation_shape(doc: dict[str, Any]) -> None:
    text = json.dumps(doc)
    assert "HTTPValidationError" not in text
    assert doc["components"]["schemas"]["ErrorBody"]["required"] == ["error", "message"]
    for template, operations in doc["paths"].items():
        for method, op in operations.items():
            for status, answer in op["responses"].items():
                if status.startswith(("4", "5")):
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == ERROR_REF, (method, template, status)


def test_guarded_operations_document_auth_limits_and_ids(doc: dict[str, Any]) -> None:
    recs = doc["paths"]["/authors/{author_id}/recommendations"]["get"]["responses"]
    assert {"401", "403", "404", "422", "429", "500", "503"} <= set(recs)
    assert "Retry-After" in recs["429"]["headers"]
    assert "404" not in doc["paths"]["/search"]["get"]["responses"]
    assert "400" in doc["paths"]["/cypher"]["post"]["responses"]  # a body
    assert "408" in doc["paths"]["/cypher"]["post"]["responses"]  # the route's own
    assert "409" in doc["paths"]["/loads"]["post"]["responses"]
    assert "application/octet-stream" in doc["paths"]["/loads"]["post"]["requestBody"]["content"]
    assert set(doc["paths"]["/health"]["get"]["responses"]) == {"200"}
    assert set(doc["paths"]["/ready"]["get"]["responses"]) == {"200", "500", "503"}


def test_codes_by_rule() -> None:
    with_id = {"parameters": [{"in": "path", "name": "author_id"}]}
    assert 404 in codes_of("/authors/{author_id}", with_id, guarded=True)
    assert 404 not in codes_of("/search", {"parameters": [{"in": "query"}]}, guarded=True)
    assert 400 in codes_of("/cypher", {"requestBody": {}}, guarded=True)
    assert codes_of("/health", {}, guarded=False) == []


def test_real_errors_are_documented(client: TestClient, doc: dict[str, Any]) -> None:
    reader, analyst = key("reader"), key("analyst")
    cases = [
        ("/cypher", "post", client.post("/cypher", json={"query": "RETURN 1"}), 401),
        ("/cypher", "post", client.post("/cypher", json={"query": "RETURN 1"}, headers=reader),
         403),
        ("/authors/{author_id}/recommendations", "get",
         client.get("/authors/author:nobody/recommendations", headers=reader), 404),
        ("/graph/slice", "get", client.get("/graph/slice?center=author:nobody", headers=reader),
         404),
        ("/search", "get", client.get("/search?q=witten&bogus=1", headers=reader), 422),
        ("/cypher", "post", client.post("/cypher", json={"query": 5}, headers=analyst), 422),
        ("/cypher", "post", client.post("/cypher", content=b"\x10\xff{", headers={
            **analyst, "content-type": "application/json"}), 400),  # not UTF-8: not read
        ("/cypher", "post", client.post("/cypher", json={"query": "MATCH (n RETURN n"},
                                        headers=analyst), 400),
    ]  # fmt: skip
    for template, method, response, status in cases:
        check_error(doc, template, method, response, status)


def test_rate_limit_answer_is_documented(sample_store: GraphStore, doc: dict[str, Any]) -> None:
    with _client(sample_store, rate_limit_per_minute=1) as limited:
        assert limited.get("/search?q=witten", headers=key("reader")).status_code == 200
        response = limited.get("/search?q=witten", headers=key("reader"))
    check_error(doc, "/search", "get", response, 429)
    assert int(response.headers["Retry-After"]) >= 1
