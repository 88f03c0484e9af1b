"""Shared fixtures: one real embedded FalkorDB per test session (and Neo4j when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
API_KEYS = {"test-reader-key": "reader", "test-analyst-key": "analyst",
            "test-curator-key": "curator", "test-admin-key": "admin"}
SAMPLE = REPO / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI, where ../shared/data must be present")
        pytest.skip(f"{path} is absent (a user's clone has no ../shared/data)")
    return path


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("graphsvc-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, graph_name="test", _env_file=None)


def _store_params() -> list:
    params = [pytest.param("falkordb", id="falkordb")]
    if os.environ.get("GRAPHSVC_NEO4J_URI"):
        params.append(pytest.param("neo4j", id="neo4j"))
    return params


@pytest.fixture(scope="session")
def falkor_store(settings: Settings) -> Iterator[GraphStore]:
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture(scope="session", params=_store_params())
def any_store(request: pytest.FixtureRequest, falkor_store: GraphStore) -> Iterator[GraphStore]:
    """Every adapter the contract suite runs on: FalkorDB always, Neo4j when configured."""
    if request.param == "falkordb":
        yield falkor_store
        return
    store = open_store(Settings(_env_file=None))  # reads GRAPHSVC_NEO4J_* from the environment
    yield store
    store.close()


@pytest.fixture
def empty_store(any_store: GraphStore) -> GraphStore:
    """A store with an empty graph (schema set up)."""
    any_store.clear()
    return any_store


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A second embedded store (own data dir) holding the bundled hep-th sample, loaded once."""
    from loaders.pipeline import load_paths

    settings = Settings(data_dir=tmp_path_factory.mktemp("sample-data"), _env_file=None)
    if settings.store_kind == "neo4j":  # GRAPHSVC_NEO4J_URI set: the API tests run on Neo4j
        store = open_store(settings)
        store.clear()
    else:
        store = open_store(settings)
    load_paths(store, settings, "hepth", [SAMPLE])
    yield store
    store.close()


@pytest.fixture(scope="session")
def api(sample_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """An httpx client talking HTTP to a real uvicorn server on the sample graph."""
    import httpx

    from graphsvc.api.app import create_app
    from tests.http_server import ServerThread

    data_dir = tmp_path_factory.mktemp("api-data")  # the recommendation index is saved here
    settings = Settings(data_dir=data_dir, _env_file=None, api_keys=API_KEYS)
    server = ServerThread(create_app(settings, sample_store)).start()
    headers = {"X-API-Key": "test-analyst-key"}
    with httpx.Client(base_url=server.url, timeout=30, headers=headers) as client:
        yield client
    server.stop()


def author_id_of(store: GraphStore, variant: str) -> str:
    """The id of the author one of whose name variants is `variant` (ids follow identity)."""
    rows = store.read("MATCH (a:Author) WHERE $v IN a.name_variants RETURN a.id AS id",
                      {"v": variant}).rows  # fmt: skip
    assert len(rows) == 1, f"{variant!r} names {len(rows)} authors"
    return rows[0]["id"]


@pytest.fixture(scope="session")
def gibbons(sample_store: GraphStore) -> str:
    """G. W. Gibbons, a well-connected 1992-93 hep-th author of the sample."""
    return author_id_of(sample_store, "G. W. Gibbons")
