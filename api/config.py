"""The HTTP service's settings: the store settings plus the API's own, from the same environment.

One pydantic-settings class with the ``CREDITGRAPH_`` prefix (the FastAPI template's
``core/config.py``); it extends :class:`graph_model.settings.Settings`, so the server picks its store
exactly as the CLI does (``NEO4J_URI`` set → Neo4j, else the embedded database at ``CREDITGRAPH_DB``).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from creditgraph.graph_model.settings import Settings

ROLES = ("investigator", "regulator", "analyst", "public")

# Bounds that appear in the OpenAPI schema (FastAPI needs them when the routes are declared);
# the settings below may only narrow them at run time.
PAGE_SIZE_CAP = 500
OFFSET_CAP = 100_000
DEPTH_CAP = 4
FANOUT_CAP = 500


class ApiSettings(Settings):
    api_keys_file: Path = Field(
        default=Path("data/api_keys.json"),
        description="JSON file of API keys: [{name, role, sha256}]; written by `creditgraph apikey create`",
    )
    api_keys: str | None = Field(
        default=None,
        repr=False,
        description="extra keys for CI and demos, 'key:role:name,...'; hashed when read, never logged",
    )
    audit_log: Path = Field(
        default=Path("data/audit.jsonl"), description="append-only, hash-chained audit log (JSON lines)"
    )
    page_size: int = Field(default=50, ge=1, le=PAGE_SIZE_CAP, description="default page size of every list")
    max_page_size: int = Field(default=PAGE_SIZE_CAP, ge=1, le=PAGE_SIZE_CAP)
    max_depth: int = Field(default=3, ge=1, le=DEPTH_CAP, description="deepest traversal a request may ask")
    max_fanout: int = Field(
        default=200, ge=1, le=FANOUT_CAP, description="most neighbours a traversal returns per step"
    )
    cache_ttl_s: float = Field(
        default=60.0,
        ge=0,
        description="entity files and related parties are served from memory while the graph is unchanged "
        "and for at most this many seconds (writes by other processes show within it); 0 = off",
    )
    cache_entries: int = Field(
        default=4096, ge=0, description="most answers kept in memory per worker (an entity file is ~5-50 kB)"
    )
    warm_up: bool = Field(
        default=True,
        description="at start-up, in the background: the embedded store reads its database file into the "
        "page cache; a Neo4j store runs every library read once; so the first requests find plans and "
        "pages warm",
    )
    holidays_file: Path | None = Field(
        default=None, description="working-day calendar (default: the one shipped in graph_model/resources)"
    )
    # Objection deadlines. None = read from the policy data (graph_model/resources/intermediaries.yaml),
    # falling back to 30 calendar days / 3 working days / 7 working days.
    objection_reply_days: int | None = Field(default=None, ge=1)
    objection_correction_working_days: int | None = Field(default=None, ge=1)
    objection_feedback_working_days: int | None = Field(default=None, ge=1)
    objection_roll_to_workday: bool = Field(
        default=False,
        description="move a calendar-day deadline that falls on a rest day to the next working day",
    )


def api_settings(settings: Settings | None = None) -> ApiSettings:
    """The API settings from the environment, with a plain ``Settings`` (from the CLI) laid over them."""
    if isinstance(settings, ApiSettings):
        return settings
    base = ApiSettings()
    if settings is None:
        return base
    return base.model_copy(update=settings.model_dump())
