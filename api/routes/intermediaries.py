"""Approval-related intermediaries eligible for a government purchase: ``GET /intermediaries/eligible``.

Officials only; companies only (no persons in the answer)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from creditgraph.service import intermediaries as svc
from creditgraph.service.models import IntermediariesEligiblePublic, errors

from ..deps import OfficialUser, StoreDep
from ..masking import view_for
from .subjects import AsOfQuery

router = APIRouter(prefix="/intermediaries", tags=["intermediaries"])

Category = Literal[svc.categories()]  # type: ignore[valid-type]


@router.get(
    "/eligible",
    response_model=IntermediariesEligiblePublic,
    responses=errors(401, 403, 422, 503),
    summary="Which approval-related intermediaries of a category may be chosen for a government "
    "purchase on as_of: no black-list entry or abnormal operations list entry in force, no "
    "administrative penalty on display, latest grade in the good band; each with why "
    "(explain=true: the ones left out and the rules they fail); an industry warning when the "
    "category's share of D grades passes the threshold",
)
def read_intermediaries_eligible(
    store: StoreDep,
    user: OfficialUser,
    category: Annotated[Category, Query(description="the intermediaries.csv category", examples=["评估"])],
    jurisdiction: Annotated[
        str | None,
        Query(
            pattern=r"^\d{2,6}$",
            description="prefix of the company's 6-digit division code: 3207 matches Lianyungang",
            examples=["3207"],
        ),
    ] = None,
    explain: Annotated[
        bool, Query(description="also list the ones left out, with the rules they fail")
    ] = False,
    as_of: AsOfQuery = None,
) -> IntermediariesEligiblePublic:
    answer = svc.eligible(store, category, as_of, jurisdiction=jurisdiction, explain=explain)
    return IntermediariesEligiblePublic(**view_for(user, answer))
