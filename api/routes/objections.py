"""Objections (异议): file one, reply and decide, list the late ones. Every change is audited,
and so is every read (objections concern persons' records too)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, status

from creditgraph.service.models import (
    ObjectionCreate,
    ObjectionPublic,
    ObjectionRulesOut,
    ObjectionsPublic,
    ObjectionUpdate,
    errors,
)
from creditgraph.service.objections import policy_clause
from creditgraph.service.workdays import load_calendar

from ..deps import AuditDep, ObjectionsDep, OfficialUser, PageDep, RegistrarUser, RegulatorUser, audit_request
from ..masking import view_for
from ..params import DATE_RULE, Day

router = APIRouter(prefix="/objections", tags=["objections"])

ObjectionKey = Annotated[
    str,
    Path(
        pattern=r"^OBJ-\d{8}-[0-9a-f]{8}$",
        description="objection key, as `POST /objections` answered it (the example is made up)",
        examples=["OBJ-20250901-3f2a9c1e"],
    ),
]
LatenessDay = Annotated[
    Day | None, Query(description=f"judge lateness on this date (default today); {DATE_RULE}")
]
Status = Literal["open", "replied", "upheld", "rejected", "corrected"]


def _subjects(row: dict) -> list[str]:
    return [row["key"], row.get("target_key"), row.get("subject_key")]


@router.get(
    "",
    response_model=ObjectionsPublic,
    responses=errors(401, 403, 422, 503),
    summary="Objections, newest first; `overdue=true` lists the late ones. Audited.",
)
def list_objections(
    request: Request,
    service: ObjectionsDep,
    user: OfficialUser,
    page: PageDep,
    audit: AuditDep,
    status_: Annotated[
        list[Status] | None, Query(alias="status", description="any of these statuses")
    ] = None,
    overdue: Annotated[bool | None, Query(description="true: only late ones; false: only on time")] = None,
    target_key: Annotated[
        str | None, Query(max_length=200, description="objections against this record")
    ] = None,
    as_of: LatenessDay = None,
) -> ObjectionsPublic:
    rows, count = service.list(
        status=status_,
        overdue=overdue,
        target_key=target_key,
        as_of=as_of,
        limit=page.limit,
        offset=page.offset,
    )
    audit_request(request, audit, user, [s for r in rows for s in _subjects(r)])
    return ObjectionsPublic(data=[ObjectionPublic(**view_for(user, r)) for r in rows], count=count)


@router.get(
    "/rules",
    response_model=ObjectionRulesOut,
    responses=errors(401, 403),
    summary="The deadline rules in force and where they come from",
)
def objection_rules(service: ObjectionsDep, user: OfficialUser) -> ObjectionRulesOut:
    calendar = load_calendar(service.settings.holidays_file)
    return ObjectionRulesOut(
        **service.rules,
        contestable=policy_clause("contestable"),
        routing=policy_clause("routing"),
        calendar_years=sorted(calendar.years),
        calendar_source=sorted(set(calendar.sources.values())),
    )


@router.get(
    "/{key}",
    response_model=ObjectionPublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="One objection with its deadlines. Audited.",
)
def read_objection(
    key: ObjectionKey,
    request: Request,
    service: ObjectionsDep,
    user: OfficialUser,
    audit: AuditDep,
    as_of: LatenessDay = None,
) -> ObjectionPublic:
    row = service.get(key, as_of)
    audit_request(request, audit, user, _subjects(row))
    return ObjectionPublic(**view_for(user, row))


@router.post(
    "",
    response_model=ObjectionPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 404, 409, 422, 503),
    summary="File an objection against a violation, list entry or credit evaluation; routed to the record's "
    "issuer (or its successor), the record is flagged contested at once (and stays in risk and alerts)",
)
def create_objection(
    body: ObjectionCreate, request: Request, service: ObjectionsDep, user: RegistrarUser, audit: AuditDep
) -> ObjectionPublic:
    row = service.create(body)
    audit_request(
        request,
        audit,
        user,
        _subjects(row),
        action="objection.create",
        body=body.model_dump(exclude={"reason"}),
        status_code=201,
    )
    return ObjectionPublic(**view_for(user, row))


@router.patch(
    "/{key}",
    response_model=ObjectionPublic,
    responses=errors(401, 403, 404, 409, 422, 503),
    summary="Reply, uphold, reject, publish the correction or send the feedback",
)
def update_objection(
    key: ObjectionKey,
    body: ObjectionUpdate,
    request: Request,
    service: ObjectionsDep,
    user: RegulatorUser,
    audit: AuditDep,
) -> ObjectionPublic:
    row = service.update(key, body)
    audit_request(
        request,
        audit,
        user,
        _subjects(row),
        action=f"objection.{body.action}",
        body=body.model_dump(exclude={"text"}),
    )
    return ObjectionPublic(**view_for(user, row))
