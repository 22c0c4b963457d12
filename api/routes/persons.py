"""One person: personal data, masked by role, every read audited.

This is the pattern for any read endpoint that returns personal data: role check in the
signature, caps from dependencies, named queries, ``view_for`` before the model, then
``audit_request`` with the subjects returned.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from graph_model.errors import InputError, NotFound
from queries.subjects import person_key

from ..deps import AuditDep, FanoutDep, OfficialUser, StoreDep, audit_request
from ..errors import BadParam
from ..models import PersonPublic, PersonRole, errors
from ..privacy import view_for

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
        key = person_key(store, key)  # a citizen ID is hashed here, on arrival
    except InputError as exc:
        raise BadParam("key", str(exc), "path") from None
    rows = store.query("person", key=key)
    if not rows:
        raise NotFound("no person with that key or citizen ID")
    phones = [r["number"] for r in store.query("person_phones", key=key, fanout=fanout + 1)]
    companies = store.query("person_companies", key=key, fanout=fanout + 1)
    truncated = len(phones) > fanout or len(companies) > fanout
    payload = {
        **rows[0],
        "phones": phones[:fanout],
        "companies": [PersonRole(**{**c, "role": c.get("role") or None}) for c in companies[:fanout]],
        "truncated": truncated,
    }
    person = PersonPublic(**view_for(user, payload))
    audit_request(request, audit, user, [key])
    return person
