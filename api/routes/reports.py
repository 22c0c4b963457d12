"""A subject's credit report (信用报告) as JSON, HTML or PDF, and the check of its verification code.

Reports are for officials (persons masked by role, audited); a report handed over in a
procurement is checked by anyone with a key, the public role included: the check says only
whether the code is the report's.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from creditgraph.service import report as reports
from creditgraph.service.clock import day
from creditgraph.service.models import ReportCheckPublic, ReportPublic, errors

from ..deps import AuditDep, CurrentUser, OfficialUser, StoreDep
from ..examples import DEMO_COMPANY
from ..masking import view_for
from ..params import Day
from ..report_render import html, pdf
from .risk import propagation_runs
from .subjects import IDENT_PATTERN, AsOfQuery, IdentPath, Kind, KindPath, audit_people, resolve_subject

router = APIRouter()  # tags per route: the report is listed under subjects, its check under reports
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@router.get(
    "/subjects/{kind}/{ident:path}/report",
    response_model=ReportPublic,
    responses=errors(401, 403, 404, 422, 503)
    | {200: {"content": {"text/html": {}, "application/pdf": {}}, "description": "the report"}},
    tags=["subjects"],
    summary="A subject's credit report as of a date (identity, records in display, list entries with their "
    "measures, objections, risk with its explanation, sources) with a verification code; JSON, HTML or "
    "PDF. Audited when a person is returned.",
)
async def read_report(
    kind: KindPath,
    ident: IdentPath,
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    audit: AuditDep,
    as_of: AsOfQuery = None,
    format: Annotated[
        Literal["json", "html", "pdf"], Query(description="json (default), html or pdf")
    ] = "json",
) -> Response:
    def build() -> dict:
        ref = resolve_subject(store, kind, ident)
        return reports.report(store, ref, day(as_of), runs=propagation_runs(store))

    answer = await run_in_threadpool(build)
    await run_in_threadpool(audit_people, request, audit, user, answer["subject"])
    shown = view_for(user, answer)
    if format == "json":
        return Response(ReportPublic(**shown).model_dump_json().encode(), media_type="application/json")
    body = html(shown).encode() if format == "html" else await run_in_threadpool(pdf, shown)
    name = f"credit-report-{answer['subject']['kind']}-{answer['as_of']}.{format}"
    return Response(
        body, media_type=MEDIA[format], headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


@router.get(
    "/reports/verify",
    response_model=ReportCheckPublic,
    responses=errors(401, 404, 422, 503),
    tags=["reports"],
    summary="Check a credit report's verification code: the report of the subject on that day is built "
    "again from the graph and the codes compared (any key, the public role included).",
)
def verify_report(
    kind: Annotated[
        Kind,
        Query(description="what the subject is", examples=["company"]),
    ],
    ident: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            pattern=IDENT_PATTERN,
            description="the identifier on the report (as in /subjects/{kind}/{ident})",
            examples=[DEMO_COMPANY],
        ),
    ],
    as_of: Annotated[Day, Query(description="the report's as-of date", examples=["2026-06-30"])],
    code: Annotated[
        str,
        Query(
            min_length=8,
            max_length=40,
            pattern=r"^[A-Za-z2-7\- ]+$",
            description="the code on the report",
            examples=["DSJV-LN5H-FAXA-CCV4-FC5E"],
        ),
    ],
    store: StoreDep,
    user: CurrentUser,
) -> ReportCheckPublic:
    ref = resolve_subject(store, kind, ident, param="ident", location="query")
    answer = reports.verify(store, ref, as_of, code, runs=propagation_runs(store))
    return ReportCheckPublic(**view_for(user, answer))
