"""Settings in one place, from the environment (prefix ``CREDITGRAPH_``) or the CLI's global options."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = Path("data/creditgraph.lbug")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CREDITGRAPH_", extra="ignore")

    db: Path = Field(default=DEFAULT_DB, description="embedded store path (ignored when NEO4J_URI is set)")
    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "CREDITGRAPH_NEO4J_URI")
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "CREDITGRAPH_NEO4J_USER")
    )
    neo4j_password: str = Field(
        default="", validation_alias=AliasChoices("NEO4J_PASSWORD", "CREDITGRAPH_NEO4J_PASSWORD"), repr=False
    )
    neo4j_database: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_DATABASE", "CREDITGRAPH_NEO4J_DATABASE")
    )
    query_timeout_ms: int = Field(
        default=30_000, ge=0, description="interrupt queries running longer; 0 = never"
    )
    batch_size: int = Field(default=10_000, ge=1, le=100_000, description="rows per UNWIND batch")
    read_only: bool = False
    bulk_dir: Path | None = Field(default=None, description="keep the Parquet files of bulk loads here")

    @property
    def backend(self) -> str:
        return "neo4j" if self.neo4j_uri else "embedded"
