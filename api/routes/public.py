"""The public pages (no key): the red and black lists as the documents publish them.

电子商务意见 (二十) publishes the blacklisted subjects, (十九) the red-listed ones; 个人诚信意见 六(三)
discloses persons' serious dishonesty. A page shows only the published fields: a person by name and
masked ID, never a phone, an account or the ID itself; free text is scrubbed of personal data.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from creditgraph.service import lists
from creditgraph.service.models import errors

from ..deps import StoreDep
from ..masking import mask_payload
from ..pages import public_broken_commitments, public_couriers, public_list
from .subjects import AsOfQuery

router = APIRouter(tags=["public pages"])


@router.get(
    "/public/lists/{list_name}",
    response_class=HTMLResponse,
    responses=errors(422, 503) | {200: {"content": {"text/html": {}}, "description": "the page"}},
    summary="The black or red list as published (HTML, no key): entries in force, searchable by name, "
    "50 a page; persons by name and masked ID only",
)
async def public_list_page(
    list_name: Annotated[Literal["black", "red"], Path(description="black or red", examples=["black"])],
    store: StoreDep,
    q: Annotated[str, Query(max_length=50, description="a part of the subject's name")] = "",
    page: Annotated[int, Query(ge=1, le=100_000, description="the page, from 1")] = 1,
    as_of: AsOfQuery = None,
) -> HTMLResponse:
    answer = await run_in_threadpool(lists.published, store, list_name, q, as_of, page=page)
    shown = answer | {"entries": mask_payload(answer["entries"], "public")}
    return HTMLResponse(public_list(shown))


@router.get(
    "/public/commitments/broken",
    response_class=HTMLResponse,
    responses=errors(422, 503) | {200: {"content": {"text/html": {}}, "description": "the page"}},
    summary="Companies' public credit commitments broken by a 承诺不符 violation on display (HTML, no key), "
    "searchable by name, 50 a page",
)
async def public_broken_commitments_page(
    store: StoreDep,
    q: Annotated[str, Query(max_length=50, description="a part of the subject's name")] = "",
    page: Annotated[int, Query(ge=1, le=100_000, description="the page, from 1")] = 1,
    as_of: AsOfQuery = None,
) -> HTMLResponse:
    answer = await run_in_threadpool(lists.published_broken_commitments, store, q, as_of, page=page)
    shown = answer | {"items": mask_payload(answer["items"], "public")}
    return HTMLResponse(public_broken_commitments(shown))


@router.get(
    "/public/couriers",
    response_class=HTMLResponse,
    responses=errors(422, 503) | {200: {"content": {"text/html": {}}, "description": "the page"}},
    summary="The couriers' status list as of a date (HTML, no key): banned (black list), warned (violation on "
    "display or complaints), good standing, each with why (电子商务意见 (六))",
)
async def public_couriers_page(
    store: StoreDep,
    status: Annotated[
        Literal["banned", "warned", "good"] | None, Query(description="keep one status")
    ] = None,
    q: Annotated[str, Query(max_length=50, description="a part of the courier's name")] = "",
    page: Annotated[int, Query(ge=1, le=100_000, description="the page, from 1")] = 1,
    as_of: AsOfQuery = None,
) -> HTMLResponse:
    answer = await run_in_threadpool(lists.courier_status_list, store, as_of, status=status, q=q, page=page)
    shown = answer | {"items": mask_payload(answer["items"], "public")}
    return HTMLResponse(public_couriers(shown))
