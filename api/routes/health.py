"""Liveness (``/health``: the process answers; no store, no key) and readiness (``/ready``:
the store answers a trivial query)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from creditgraph.service.health import ready as store_ready
from creditgraph.service.models import HealthOut, ReadyOut, errors

from ..deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, summary="The process is alive (cheap, no store access)")
async def health(request: Request) -> HealthOut:
    return HealthOut(version=request.app.version)


@router.get(
    "/ready",
    response_model=ReadyOut,
    responses=errors(503),
    summary="The store answers: ready to serve",
)
def ready(store: StoreDep) -> ReadyOut:
    return ReadyOut(backend=store_ready(store))
