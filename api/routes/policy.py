"""The policy data: who must act on a violation type in a jurisdiction, the agencies, the documents
and their task-division tables. Public documents: every role may read them, ``public`` included.

Read from the graph (``creditgraph ingest policies`` loads it); without policy data the lists are
empty and the look-ups answer 404 saying so.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from graph_model.clock import today
from graph_model.errors import InputError, NotFound, StoreError
from queries import responsible as policy

from ..deps import CurrentUser, PageDep, StoreDep
from ..errors import UnknownValue
from ..library import run_page
from ..models import (
    AgenciesPublic,
    AgencyDetailPublic,
    AgencyPublic,
    DocumentPublic,
    DocumentsPublic,
    ResponsiblePublic,
    TasksPublic,
    errors,
)
from ..params import PATTERNS
from .subjects import AsOfQuery

router = APIRouter(tags=["policy"])

MAX_AGENCY_TASKS = 500
JurisdictionPrefix = Annotated[
    str | None,
    Query(pattern=r"^\d{2,6}$", description="prefix of the 6-digit division code", examples=["3204"]),
]


def _maybe_empty(store: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    """A policy look-up on a graph that may never have had policy data (Ladybug: no table yet)."""
    try:
        return store.query(name, **params)
    except StoreError as exc:
        if type(exc) is StoreError and "does not exist" in str(exc):
            return []
        raise


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
    try:
        rows, count = run_page(
            store, "agencies", "agencies_count", jurisdiction=jurisdiction or "", **page.params()
        )
    except StoreError as exc:
        if type(exc) is StoreError and "does not exist" in str(exc):
            return AgenciesPublic(data=[], count=0)
        raise
    data = [AgencyPublic(**r, tasks=r["leads"] + r["cooperates"]) for r in rows]
    return AgenciesPublic(data=data, count=count)


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
    day = as_of or today()
    rows = _maybe_empty(store, "agency", key=key)
    if not rows:
        raise NotFound(f"no agency {key}")
    tasks = store.query("agency_tasks", key=key, limit=MAX_AGENCY_TASKS + 1)
    succ = policy.successors(store, [key], day).get(key, {"chain": [], "current": None})
    return AgencyDetailPublic(
        **{**rows[0], "aliases": rows[0].get("aliases") or []},
        current=succ["current"],
        chain=succ["chain"],
        tasks=[
            {
                "role": "lead" if t["role"] == "LEADS" else "coop",
                "as_written": t["as_written"],
                "task_key": t["task_key"],
                "seq": t["seq"],
                "title": t["title"],
                "document": {
                    "key": t["document_key"],
                    "number": t["document_number"],
                    "title": t["document_title"],
                    "jurisdiction": t["document_jurisdiction"],
                    "issued_at": t["issued_at"],
                },
            }
            for t in tasks[:MAX_AGENCY_TASKS]
        ],
        truncated=len(tasks) > MAX_AGENCY_TASKS,
    )


@router.get(
    "/documents",
    response_model=DocumentsPublic,
    responses=errors(401, 422, 503),
    summary="Policy documents with their jurisdiction and number of tasks, paginated",
)
def read_documents(
    store: StoreDep, user: CurrentUser, page: PageDep, jurisdiction: JurisdictionPrefix = None
) -> DocumentsPublic:
    rows = _maybe_empty(store, "policy_documents")  # tens of documents: paginated here
    if jurisdiction:
        rows = [r for r in rows if (r["jurisdiction"] or "").startswith(jurisdiction)]
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
        found = policy.tasks(store, key, as_of)
    except NotFound as exc:
        if str(exc) == policy.NOT_LOADED:
            raise
        raise NotFound("no policy document with that key or number") from None
    return TasksPublic(data=found[page.offset : page.offset + page.limit], count=len(found))
