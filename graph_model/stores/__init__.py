"""Store selection: Neo4j when NEO4J_URI is set, else the embedded Ladybug database on disk."""

from __future__ import annotations

from ..errors import StoreUnavailable
from ..settings import Settings
from .base import RelBatch, Row, Store, normalise_value

__all__ = ["RelBatch", "Row", "Store", "normalise_value", "open_store"]


def open_store(
    settings: Settings | None = None, *, create: bool = False, read: bool = False, existing: bool = False
) -> Store:
    """Open the configured store; with ``create`` declare the schema (idempotent) first.

    ``read`` opens the embedded database read-only: a read never creates one, and it works beside
    the process that writes (a running server). ``existing`` refuses a path with no database
    instead of creating one, for commands that write into a graph but must not start one."""
    settings = settings or Settings()
    if settings.backend == "embedded" and (read or existing) and not create and not settings.db.exists():
        raise StoreUnavailable(f"no database at {settings.db}: run `creditgraph init`")
    if settings.backend == "neo4j":
        from .neo4j import Neo4jStore

        store: Store = Neo4jStore(
            settings.neo4j_uri or "",
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
            query_timeout_ms=settings.query_timeout_ms,
            batch_size=settings.batch_size,
        )
    else:
        from .embedded import EmbeddedStore

        store = EmbeddedStore(
            settings.db,
            read_only=settings.read_only or (read and not create),
            query_timeout_ms=settings.query_timeout_ms,
            batch_size=settings.batch_size,
            bulk_dir=settings.bulk_dir,
        )
    if create:
        store.create_schema()
    return store
