"""One company by its USCC. A placeholder for the entity file (the lead's), on the same pattern."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from creditgraph.service.models import CompanyPublic, errors
from creditgraph.service.subjects import company

from ..deps import OfficialUser, StoreDep
from ..examples import DEMO_COMPANY
from ..masking import view_for
from ..params import Uscc

router = APIRouter(prefix="/companies", tags=["subjects"])

UsccPath = Annotated[
    Uscc,
    Path(
        description="unified social credit code (GB 32100-2015), check character verified",
        examples=[DEMO_COMPANY],
    ),
]


@router.get(
    "/{uscc}",
    response_model=CompanyPublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="A company's own record",
)
def read_company(uscc: UsccPath, store: StoreDep, user: OfficialUser) -> CompanyPublic:
    return CompanyPublic(**view_for(user, company(store, uscc)))
