"""Practitioners of key occupational groups (重点职业人群): ``GET /practitioners?group=G``.

Officials only; persons and licence numbers masked by role (licence numbers are personal data);
a page that holds persons is audited."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from creditgraph.service import practitioners as svc
from creditgraph.service.clock import day
from creditgraph.service.models import PractitionerPublic, PractitionersPublic, errors

from ..deps import AuditDep, OfficialUser, PageDep, StoreDep
from ..masking import view_for
from .subjects import AsOfQuery, audit_people

router = APIRouter(prefix="/practitioners", tags=["practitioners"])

Group = Literal[svc.groups()]  # type: ignore[valid-type]


@router.get(
    "",
    response_model=PractitionersPublic,
    responses=errors(401, 403, 422, 503),
    summary="Practitioners of one key occupational group whose qualification is in force on as_of, by "
    "the issuing agency's jurisdiction, each with the serious-dishonesty records in force (black-list "
    "entries, violations of severity 严重); dishonest=true keeps those that have one. Paginated; "
    "audited when persons are returned.",
)
def read_practitioners(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    page: PageDep,
    audit: AuditDep,
    group: Annotated[
        Group, Query(description="the key occupational group (个人诚信意见 三(二))", examples=["律师"])
    ],
    jurisdiction: Annotated[
        str | None,
        Query(
            pattern=r"^\d{2,6}$",
            description="prefix of the issuing agency's 6-digit division code: 3204 matches Changzhou",
            examples=["3204"],
        ),
    ] = None,
    dishonest: Annotated[bool, Query(description="only practitioners with serious dishonesty")] = False,
    as_of: AsOfQuery = None,
) -> PractitionersPublic:
    items = svc.practitioners(store, group, as_of, jurisdiction=jurisdiction, dishonest=dishonest)
    shown = items[page.offset : page.offset + page.limit]
    out = PractitionersPublic(
        data=[PractitionerPublic(**i) for i in view_for(user, shown)],
        count=len(items),
        as_of=day(as_of),
    )
    audit_people(request, audit, user, [i["person"] for i in shown])
    return out
