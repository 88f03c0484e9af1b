"""Roles, public reads, Cypher for analysts, rate limits with Retry-After, keys never logged."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from graphsvc.api.security import RateLimiter, identify
from graphsvc.errors import AuthError, RateLimited
from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from tests.conftest import API_KEYS
from tests.test_cypher_api import gibbons_id

CYPHER = {"query": "MATCH (a:Author) RETURN count(a) AS n"}


@pytest.fixture(scope="module")
def make_api(sample_store: GraphStore) -> Iterator[Callable[..., httpx.Client]]:
    """Start API servers on the sample with the given settings; all stop at module end."""
    from graphsvc.api.app import create_app
    from tests.http_server import ServerThread

    servers: list[ServerThread] = []
    clients: list[httpx.Client] = []

    def make(**overrides: object) -> httpx.Client:
        settings = Settings(data_dir=Path("/nonexistent-unused"), _env_file=None,
                            api_keys=API_KEYS, **overrides)  # fmt: skip
        server = ServerThread(create_app(settings, sample_store)).start()
        servers.append(server)
        clients.append(httpx.Client(base_url=server.url, timeout=30))
        return clients[-1]

    yield make
    for client in clients:
        client.close()
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def author(sample_store: GraphStore) -> str:
    return f"/authors/{gibbons_id(sample_store)}"


def key(name: str) -> dict[str, str]:
    return {"X-API-Key": f"test-{name}-key"}


def test_public_reads_open(author: str, make_api: Callable[..., httpx.Client]) -> None:
    api = make_api(public_reads=True)
    assert api.get(author).status_code == 200
    assert api.get("/schema").status_code == 200
    r = api.post("/cypher", json=CYPHER)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"


def test_public_reads_closed(author: str, make_api: Callable[..., httpx.Client]) -> None:
    api = make_api(public_reads=False)
    assert api.get(author).status_code == 401
    assert api.get("/schema").status_code == 401
    assert api.get("/health").status_code == 200  # liveness stays open
    assert api.get(author, headers=key("reader")).status_code == 200
    bearer = {"Authorization": "Bearer test-reader-key"}
    assert api.get(author, headers=bearer).status_code == 200
    wrong = api.get(author, headers={"X-API-Key": "test-reader-kez"})
    assert wrong.status_code == 401 and "not valid" in wrong.json()["message"]


@pytest.mark.parametrize(("role", "status"), [("reader", 403), ("analyst", 200),
                                              ("curator", 200), ("admin", 200)])  # fmt: skip
def test_cypher_needs_analyst(make_api: Callable[..., httpx.Client], role: str,
                              status: int) -> None:  # fmt: skip
    api = make_api(public_reads=False)
    r = api.post("/cypher", json=CYPHER, headers=key(role))
    assert r.status_code == status
    if status == 403:
        assert r.json()["error"] == "forbidden" and "analyst" in r.json()["message"]


def test_open_cypher_for_local_use(make_api: Callable[..., httpx.Client]) -> None:
    api = make_api(open_cypher=True)
    assert api.post("/cypher", json=CYPHER).status_code == 200
    assert api.post("/cypher", json=CYPHER, headers=key("reader")).status_code == 403


def test_rate_limit_answers_429_with_retry_after(
    author: str, make_api: Callable[..., httpx.Client]
) -> None:
    api = make_api(rate_limit_per_minute=3)
    codes = [api.get(author, headers=key("reader")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = api.get(author, headers=key("reader"))
    assert r.json()["error"] == "rate_limited"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    # another key has its own budget
    assert api.get(author, headers=key("analyst")).status_code == 200


def test_rate_limiter_window() -> None:
    limiter = RateLimiter(2)
    limiter.hit("k", now=120.0)
    limiter.hit("k", now=130.0)
    with pytest.raises(RateLimited) as info:
        limiter.hit("k", now=150.5)
    assert info.value.retry_after == 30
    limiter.hit("k", now=180.0)  # a new minute


def test_identify_constant_time_roles() -> None:
    settings = Settings(_env_file=None, api_keys=API_KEYS)
    assert identify(settings, "test-curator-key").role == "curator"
    assert identify(settings, None).role == "anonymous"
    with pytest.raises(AuthError):
        identify(settings, "test-curator-ke")
    assert "test-curator-key" not in repr(identify(settings, "test-curator-key"))


def test_keys_never_logged(author: str, make_api: Callable[..., httpx.Client],
                           caplog: pytest.LogCaptureFixture,
                           capfd: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    api = make_api(public_reads=False, rate_limit_per_minute=5)
    caplog.set_level(logging.DEBUG)
    secret = "test-admin-key"
    api.post("/cypher", json=CYPHER, headers={"X-API-Key": secret})
    api.post("/cypher", json={"query": "MATCH (n RETURN n"}, headers={"X-API-Key": secret})
    api.get(author, headers={"Authorization": f"Bearer {secret}"})
    api.get(author, headers={"X-API-Key": secret + "x"})
    for _ in range(6):
        api.get(author, headers={"X-API-Key": secret})
    out, err = capfd.readouterr()
    logged = caplog.text + out + err + "".join(str(r.__dict__) for r in caplog.records)
    assert "request" in logged and "key_id" in logged  # the requests were logged ...
    assert secret not in logged  # ... without the key
