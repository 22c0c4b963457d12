"""One company by its USCC. A placeholder for the entity file (the lead's), on the same pattern."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from graph_model.errors import NotFound
from graph_model.types import USCC, ValueTypeError

from ..deps import OfficialUser, StoreDep
from ..errors import BadParam
from ..models import CompanyPublic, errors
from ..privacy import view_for

router = APIRouter(prefix="/companies", tags=["subjects"])

UsccPath = Annotated[
    str,
    Path(
        min_length=18,
        max_length=18,
        pattern=r"^[0-9A-Za-z]{18}$",
        description="unified social credit code (GB 32100-2015), check character verified",
        examples=["91320400MA1X2Y3Z4K"],
    ),
]


def clean_uscc(value: str, param: str = "uscc") -> str:
    try:
        return USCC().clean(value)
    except ValueTypeError as exc:
        raise BadParam(param, str(exc), "path") from None


@router.get(
    "/{uscc}",
    response_model=CompanyPublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="A company's own record",
)
def read_company(uscc: UsccPath, store: StoreDep, user: OfficialUser) -> CompanyPublic:
    key = clean_uscc(uscc)
    rows = store.query("company", key=key)
    if not rows:
        raise NotFound(f"no company with USCC {key}")
    return CompanyPublic(**view_for(user, rows[0]))
