"""``POST /screen``: batch screening (名单比对) of identifiers against the lists in force, for a purpose.

Officials only; the answer is masked by role (citizen IDs: ``id`` always masked, ``id_number`` for
investigators only); every screening is audited with its purpose and the persons it found.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from creditgraph.service import screening
from creditgraph.service.models import ScreenPublic, ScreenRequest, errors

from ..deps import AuditDep, OfficialUser, StoreDep, audit_fields
from ..masking import view_for
from .subjects import person_keys

router = APIRouter(tags=["screening"])


@router.post(
    "/screen",
    response_model=ScreenPublic,
    responses=errors(401, 403, 422, 503),
    summary="Screen identifiers (USCCs, citizen IDs, platform_id/shop_id) against the red and black lists "
    "in force: one item each, in order, with the measures that bar the purpose (each with its clause), "
    "barred-role and reappearance hits and the agencies to contact. Audited with its purpose.",
)
async def screen_ids(
    body: ScreenRequest, request: Request, store: StoreDep, user: OfficialUser, audit: AuditDep
) -> ScreenPublic:
    answer = await run_in_threadpool(screening.screen, store, body.ids, body.purpose, body.as_of)
    fields = audit_fields(
        request,
        user,
        person_keys(answer["items"]),
        action="screen",
        body={"purpose": body.purpose, "as_of": str(answer["as_of"]), "ids": len(body.ids)},
    )
    await audit.append_async(**fields)
    return ScreenPublic(**view_for(user, answer))
