"""Related-party risk: one subject's score explained, and the riskiest subjects.

Both answers are ``service.risk``'s; the propagation an explanation needs is computed on the whole
graph as of the requested date and cached here, in-process, for ``RISK_TTL`` seconds per (store,
generation, as_of). Its own score and rank are reported beside the stored ones (they agree when the
last run used the same date and graph). When the run fails, the stored score is returned with
``explained: false`` and a note.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from creditgraph.service import risk
from creditgraph.service.clock import day
from creditgraph.service.models import RiskTopPublic, SubjectRiskPublic, errors

from ..cache import TTLCache, store_generation
from ..deps import AuditDep, OfficialUser, StoreDep
from ..masking import view_for
from .subjects import AsOfQuery, IdentPath, KindPath, SubjectLabel, audit_people, resolve_subject

# tags per route: a router tag would add "risk" to the subject route too, listing it twice in /docs
router = APIRouter()

RISK_TTL = 600.0  # seconds a propagation run is reused for explanations
_RUNS = TTLCache(RISK_TTL, size=2)  # a run holds the whole graph: keep few


def propagation_runs(store: Any):
    """The propagation runs of ``store``, kept ``RISK_TTL`` seconds per (store, generation, date)."""
    generation = store_generation(store)
    return lambda as_of: _RUNS.get(("risk", generation, as_of), lambda: risk.run(store, as_of))


@router.get(
    "/subjects/{kind}/{ident:path}/risk",
    response_model=SubjectRiskPublic,
    responses=errors(401, 403, 404, 422, 503),
    tags=["subjects"],
    summary="A subject's risk: stored score and rank, own risk record by record, and where the rest "
    "came from (top sources with the path). Audited when persons are returned.",
)
def read_subject_risk(
    kind: KindPath,
    ident: IdentPath,
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    audit: AuditDep,
    as_of: AsOfQuery = None,
    top: Annotated[int, Query(ge=1, le=20, description="how many sources to explain")] = 5,
) -> SubjectRiskPublic:
    ref = resolve_subject(store, kind, ident)
    answer = risk.subject_risk(store, ref, day(as_of), top_k=top, runs=propagation_runs(store))
    out = SubjectRiskPublic(**view_for(user, answer))
    audit_people(request, audit, user, answer)
    return out


@router.get(
    "/risk/top",
    response_model=RiskTopPublic,
    responses=errors(401, 403, 422, 503),
    tags=["risk"],
    summary="The subjects with the highest stored risk score (as written back by the last propagation "
    "run), of one label or all. Audited when persons are returned.",
)
def read_risk_top(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    audit: AuditDep,
    limit: Annotated[int, Query(ge=1, le=500, description="how many")] = 50,
    label: Annotated[
        SubjectLabel | None,
        Query(description="one subject label (default all)"),
    ] = None,
) -> RiskTopPublic:
    data = [
        {**r.stored(), **r.subject, "kind": r.kind}
        for r in risk.top(store, limit, [label] if label else None)
    ]
    out = RiskTopPublic(data=view_for(user, data), count=len(data))
    audit_people(request, audit, user, data)
    return out
