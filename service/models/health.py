"""Liveness, readiness, the store's status and jurisdictions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .common import (
    _examples,
)

# -- health, meta ----------------------------------------------------------------------------


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    model_config = _examples({"status": "ok", "version": "0.1.0"})


class ReadyOut(BaseModel):
    status: Literal["ready"] = "ready"
    backend: str
    model_config = _examples({"status": "ready", "backend": "embedded"})


class StatusOut(BaseModel):
    nodes: dict[str, int]
    relationships: dict[str, int]
    model_config = _examples(
        {"nodes": {"Company": 120000, "Person": 80000}, "relationships": {"COMMITTED": 35000}}
    )


class JurisdictionPublic(BaseModel):
    code: str = Field(description="6-digit GB/T 2260 code")
    name: str | None = None
    level: str | None = None
    parent: str | None = Field(default=None, description="code of the enclosing division")
    model_config = _examples({"code": "320400", "name": "常州市", "level": "city", "parent": "320000"})


class JurisdictionsPublic(BaseModel):
    data: list[JurisdictionPublic]
    count: int = Field(description="total matching, across all pages")
