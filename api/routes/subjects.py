"""Subjects as users name them (a kind and an identifier): the entity file, related parties and the
shortest path between two subjects. Officials only; persons masked by role; every answer that
holds a person is audited.

Shops are keyed ``platform/shop``, so the identifier is a ``path`` parameter: the routes below it
(``/related`` here, ``/risk`` in risk.py) must be matched first — main.py includes risk.py's
router before this one, and ``/related`` is declared before the entity file.

Also the helpers the other regulator routes share (kinds, dates, who is in an answer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores import Store
from creditgraph.graph_model.types import CitizenID, ValueTypeError
from creditgraph.service import subjects
from creditgraph.service.errors import BadParam
from creditgraph.service.models import EntityFilePublic, MeasuresPublic, PathPublic, RelatedPublic, errors
from creditgraph.service.subjects import GROUPS, MAX_DEPTH, SubjectRef, resolve

from ..cache import Answer, TTLCache, request_key
from ..deps import AuditDep, DepthDep, FanoutDep, OfficialUser, StoreDep, audit_fields, audit_request
from ..examples import DEMO_COMPANY
from ..masking import SCRUBBED, view_for
from ..params import DATE_RULE, Day
from ..security import User

router = APIRouter(tags=["subjects"])

# a subject's kind: each subject label's `kind` in the schema (company, person, shop, platform, courier)
Kind = Literal[tuple(load_schema().subject_kinds)]  # type: ignore[valid-type]
# a subject's label: the schema's Subject family (Company, Person, Shop, Platform, Courier)
SubjectLabel = Literal[load_schema().subjects]  # type: ignore[valid-type]
IDENT_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_\-./]{0,99}$"
_NODE_KEY_LEN = 64
_GROUP = "|".join(GROUPS)

KindPath = Annotated[Kind, Path(description="what the subject is", examples=["company"])]
IdentPath = Annotated[
    str,
    Path(
        pattern=IDENT_PATTERN,
        description=(
            "company: USCC; person: citizen ID number or node key (64 hex); shop: platform_id/shop_id; "
            "platform: platform_id; courier: courier_id"
        ),
        examples=[DEMO_COMPANY],
    ),
]
AsOfQuery = Annotated[
    Day | None,
    Query(description=f"the date the answer holds on (default today); {DATE_RULE}", examples=["2026-06-30"]),
]


# -- shared helpers --------------------------------------------------------------------------


def resolve_subject(store, kind: str, ident: str, param: str = "ident", location: str = "path") -> SubjectRef:
    """The subject a request names; 404 when the graph lacks it, 422 for a malformed citizen ID."""
    ident = ident.strip()
    if kind == "person" and len(ident) != _NODE_KEY_LEN:
        try:
            CitizenID().clean(ident)
        except ValueTypeError as exc:
            raise BadParam(param, f"not a node key or a valid citizen ID ({exc})", location) from None
    try:
        return resolve(store, kind, ident)
    except InputError as exc:
        raise BadParam(param, str(exc), location) from None


def person_keys(payload: Any) -> list[str]:
    """Node keys of every person an answer holds (for the audit log)."""
    found: dict[str, None] = {}

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            if (v.get("kind") == "person" or v.get("label") == "Person") and isinstance(
                v.get("node_key"), str
            ):
                found[v["node_key"]] = None
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(payload)
    return list(found)


def audit_people(request: Request, audit, user: User, payload: Any) -> None:
    """Record the request if its answer holds personal data (any person, masked or not)."""
    keys = person_keys(payload)
    if keys:
        audit_request(request, audit, user, keys)


# -- routes ----------------------------------------------------------------------------------


async def cached_answer(
    request: Request, store: Store, user: User, compute: Callable[[], tuple[BaseModel, Any]]
) -> Response:
    """Compute the answer once per exact request, role, day and store content (api/cache.py), audit it.

    ``compute`` (run in the thread pool) returns the response model built from ``view_for``'s
    payload (masked and scrubbed for ``user``: the body is serialised once and not scrubbed again,
    api/masking.py ``SCRUBBED``) and the raw payload whose persons the audit records. Repeats are
    answered by ``api.cache.CachedAnswers`` before routing, audited the same way."""
    cache: TTLCache = request.app.state.cache
    key = request_key(user.role, request.scope["path"], request.scope["query_string"], store)

    def build() -> Answer:
        model, payload = compute()
        people = tuple(person_keys(payload))
        return Answer(
            model.model_dump_json().encode(), people, request.scope["route"], dict(request.path_params)
        )

    answer = cache.peek(key) or await run_in_threadpool(cache.get, key, build)
    if answer.people:
        await request.app.state.audit.append_async(**audit_fields(request, user, answer.people))
    request.scope.setdefault("state", {})[SCRUBBED] = True
    return Response(answer.body, media_type="application/json")


@router.get(
    "/subjects/{kind}/{ident:path}/related",
    response_model=RelatedPublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="Related parties up to depth 3 over roles, shareholding, operation and shared identifiers. "
    "Audited when persons are returned.",
)
async def read_related(
    kind: KindPath,
    ident: IdentPath,
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    depth: DepthDep,
    fanout: FanoutDep,
    types: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=f"^(?:{_GROUP})(?:,(?:{_GROUP}))*$",
            description=f"comma-separated relationship groups, no blanks: {', '.join(GROUPS)} (default all)",
            examples=["roles,shareholding"],
        ),
    ] = None,
    as_of: AsOfQuery = None,
) -> Response:
    if depth > MAX_DEPTH:
        raise BadParam("depth", f"depth may be at most {MAX_DEPTH}")
    groups = [g.strip() for g in (types or "").split(",") if g.strip()] or list(GROUPS)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise BadParam("types", f"types must be among {', '.join(GROUPS)}")
    day = subjects.day(as_of)  # fixed before the cached computation: a hit holds on the same day

    def compute() -> tuple[BaseModel, Any]:
        ref = resolve_subject(store, kind, ident)
        answer = subjects.related(store, ref, depth=depth, groups=groups, as_of=day, fanout=fanout)
        answer.update(types=groups, fanout=fanout)
        return RelatedPublic(**view_for(user, answer)), answer["nodes"]

    return await cached_answer(request, store, user, compute)


@router.get(
    "/subjects/{kind}/{ident:path}/measures",
    response_model=MeasuresPublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="The incentives (red list) and restrictions (black list) that apply to a subject on a date, "
    "each with its entry, document and clause. Audited when a person is returned.",
)
async def read_measures(
    kind: KindPath,
    ident: IdentPath,
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    as_of: AsOfQuery = None,
) -> Response:
    day = subjects.day(as_of)  # fixed before the cached computation: a hit holds on the same day

    def compute() -> tuple[BaseModel, Any]:
        answer = subjects.measures(store, resolve_subject(store, kind, ident), day)
        return MeasuresPublic(**view_for(user, answer)), answer["subject"]

    return await cached_answer(request, store, user, compute)


@router.get(
    "/subjects/{kind}/{ident:path}",
    response_model=EntityFilePublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="The entity file (一企一档 / 一人一档): identity, links, records, objections, stored risk. "
    "Audited when persons are returned.",
)
async def read_entity_file(
    kind: KindPath,
    ident: IdentPath,
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    as_of: AsOfQuery = None,
    history: Annotated[
        bool, Query(description="keep links and records not current on as_of (marked)")
    ] = True,
) -> Response:
    day = subjects.day(as_of)

    def compute() -> tuple[BaseModel, Any]:
        answer = subjects.entity_file(store, resolve_subject(store, kind, ident), day, history=history)
        return EntityFilePublic(**view_for(user, answer)), answer

    return await cached_answer(request, store, user, compute)


@router.get(
    "/paths",
    response_model=PathPublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="A shortest path of at most 4 links between two subjects. Audited when persons are on it.",
)
def read_path(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    audit: AuditDep,
    from_kind: Annotated[Kind, Query(description="kind of the first subject")],
    from_: Annotated[
        str, Query(alias="from", pattern=IDENT_PATTERN, description="identifier of the first subject")
    ],
    to_kind: Annotated[Kind, Query(description="kind of the second subject")],
    to: Annotated[str, Query(pattern=IDENT_PATTERN, description="identifier of the second subject")],
) -> PathPublic:
    a = resolve_subject(store, from_kind, from_, "from", "query")
    b = resolve_subject(store, to_kind, to, "to", "query")
    if a == b:
        raise BadParam("to", "from and to name the same subject")
    found = subjects.path(store, a, b)
    if found is None:
        return PathPublic(found=False)
    out = PathPublic(found=True, **view_for(user, found))
    audit_people(request, audit, user, found["nodes"])
    return out
