"""One person: personal data, masked by role, every read audited.

This is the pattern for any read endpoint that returns personal data: role check in the
signature, caps from dependencies, named queries, ``view_for`` before the model, then
``audit_request`` with the subjects returned.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from creditgraph.graph_model.errors import InputError
from creditgraph.service.errors import BadParam
from creditgraph.service.models import PersonPublic, errors
from creditgraph.service.subjects import person

from ..deps import AuditDep, FanoutDep, OfficialUser, StoreDep, audit_request
from ..masking import view_for

router = APIRouter(prefix="/persons", tags=["subjects"])

PersonKey = Annotated[
    str,
    Path(
        pattern=r"^(?:[0-9a-f]{64}|\d{17}[\dXx])$",
        description="the person's key (keyed hash of the citizen ID) or the 18-character citizen ID "
        "itself, hashed on arrival (never stored or logged); the example is made up (keys differ per database)",
        examples=["5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455"],
    ),
]


@router.get(
    "/{key}",
    response_model=PersonPublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="A person: identity (masked unless investigator), phones, company roles. Audited.",
)
def read_person(
    key: PersonKey, request: Request, store: StoreDep, user: OfficialUser, fanout: FanoutDep, audit: AuditDep
) -> PersonPublic:
    try:
        payload = person(store, key, fanout)  # a citizen ID is hashed there, on arrival
    except InputError as exc:
        raise BadParam("key", str(exc), "path") from None
    out = PersonPublic(**view_for(user, payload))
    audit_request(request, audit, user, [payload["key"]])
    return out
