"""The policy data: who must act on a violation type in a jurisdiction, the agencies, the documents
and their task-division tables. Public documents: every role may read them, ``public`` included.

Read from the graph (``creditgraph ingest policies`` loads it); without policy data the lists are
empty and the look-ups answer 404 saying so.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from creditgraph.graph_model.errors import InputError, NotFound
from creditgraph.service import policy
from creditgraph.service.errors import UnknownValue
from creditgraph.service.models import (
    AgenciesPublic,
    AgencyDetailPublic,
    AgencyPublic,
    DocumentPublic,
    DocumentsPublic,
    ResponsiblePublic,
    TasksPublic,
    errors,
)

from ..deps import CurrentUser, PageDep, StoreDep
from ..params import PATTERNS
from .subjects import AsOfQuery

router = APIRouter(tags=["policy"])

JurisdictionPrefix = Annotated[
    str | None,
    Query(pattern=r"^\d{2,6}$", description="prefix of the 6-digit division code", examples=["3204"]),
]


@router.get(
    "/responsible",
    response_model=ResponsiblePublic,
    responses=errors(401, 404, 422, 503),
    summary="Who must act on a violation type in a jurisdiction on a date: lead and cooperating agencies "
    "(after institutional reforms), from the nearest task-division table, with provenance",
)
def read_responsible(
    store: StoreDep,
    user: CurrentUser,
    violation_type: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="a name, synonym or code of the violation taxonomy; 404 when it is none",
            examples=["刷单"],
        ),
    ],
    jurisdiction: Annotated[
        str,
        Query(
            pattern=PATTERNS["region"],
            description="6-digit GB/T 2260 division code (a province's prefix); 404 when the policy data "
            "lacks it",
            examples=["320412"],
        ),
    ],
    as_of: AsOfQuery = None,
) -> ResponsiblePublic:
    try:
        policy.jurisdiction_chain(store, jurisdiction)
    except NotFound as exc:
        if str(exc) == policy.NOT_LOADED:
            raise
        raise UnknownValue("jurisdiction", "no such division in the policy data") from None
    try:
        answer = policy.responsible(store, violation_type, jurisdiction, as_of)
    except InputError:
        raise UnknownValue(
            "violation_type", "not a name, synonym or code of the violation taxonomy (see the examples)"
        ) from None
    return ResponsiblePublic(**answer)


@router.get(
    "/agencies",
    response_model=AgenciesPublic,
    responses=errors(401, 422, 503),
    summary="Agencies with how many tasks each leads and cooperates on, paginated",
)
def read_agencies(
    store: StoreDep, user: CurrentUser, page: PageDep, jurisdiction: JurisdictionPrefix = None
) -> AgenciesPublic:
    rows, count = policy.agencies(store, jurisdiction, offset=page.offset, limit=page.limit)
    return AgenciesPublic(data=[AgencyPublic(**r) for r in rows], count=count)


@router.get(
    "/agencies/{key}",
    response_model=AgencyDetailPublic,
    responses=errors(401, 404, 422, 503),
    summary="One agency: the tasks it leads or cooperates on, and who holds its duties on as_of",
)
def read_agency(
    key: Annotated[
        str,
        Path(pattern=r"^[0-9A-Za-z][0-9A-Za-z_\-.]{0,99}$", description="agency key", examples=["cz.samr"]),
    ],
    store: StoreDep,
    user: CurrentUser,
    as_of: AsOfQuery = None,
) -> AgencyDetailPublic:
    return AgencyDetailPublic(**policy.agency(store, key, as_of))


@router.get(
    "/documents",
    response_model=DocumentsPublic,
    responses=errors(401, 422, 503),
    summary="Policy documents with their jurisdiction and number of tasks, paginated",
)
def read_documents(
    store: StoreDep, user: CurrentUser, page: PageDep, jurisdiction: JurisdictionPrefix = None
) -> DocumentsPublic:
    rows = policy.documents(store, jurisdiction)
    data = [DocumentPublic(**r) for r in rows[page.offset : page.offset + page.limit]]
    return DocumentsPublic(data=data, count=len(rows))


@router.get(
    "/documents/{key}/tasks",
    response_model=TasksPublic,
    responses=errors(401, 404, 422, 503),
    summary="The task-division table of a document (by key or number): each task's lead and "
    "cooperating agencies as written and who holds the duties on as_of, paginated",
)
def read_document_tasks(
    key: Annotated[
        str,
        Path(
            min_length=1,
            max_length=200,
            description="document key or number",
            examples=["澄信用发〔2018〕7号"],
        ),
    ],
    store: StoreDep,
    user: CurrentUser,
    page: PageDep,
    as_of: AsOfQuery = None,
) -> TasksPublic:
    try:
        found = policy.document_tasks(store, key, as_of)
    except NotFound as exc:
        if str(exc) == policy.NOT_LOADED:
            raise
        raise NotFound("no policy document with that key or number") from None
    return TasksPublic(data=found[page.offset : page.offset + page.limit], count=len(found))
