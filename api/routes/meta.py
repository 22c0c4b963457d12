"""What the graph holds: counts per label and type; the jurisdictions."""

from __future__ import annotations

from fastapi import APIRouter

from creditgraph.service import health
from creditgraph.service.models import JurisdictionPublic, JurisdictionsPublic, StatusOut, errors

from ..deps import CurrentUser, OfficialUser, PageDep, StoreDep

router = APIRouter(tags=["meta"])


@router.get(
    "/status",
    response_model=StatusOut,
    responses=errors(401, 403, 503),
    summary="Count of every declared label and relationship type",
)
def status(store: StoreDep, user: OfficialUser) -> StatusOut:
    return StatusOut(**health.status(store))


@router.get(
    "/jurisdictions",
    response_model=JurisdictionsPublic,
    responses=errors(401, 422, 503),
    summary="Administrative divisions (GB/T 2260), paginated",
)
def jurisdictions(store: StoreDep, user: CurrentUser, page: PageDep) -> JurisdictionsPublic:
    rows = health.jurisdictions(store)  # a few thousand at most: paginated here
    data = [JurisdictionPublic(**r) for r in rows[page.offset : page.offset + page.limit]]
    return JurisdictionsPublic(data=data, count=len(rows))
