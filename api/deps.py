"""Dependencies as ``Annotated`` aliases (the FastAPI template's ``deps.py``).

A route declares what it needs in its signature and nothing else::

    def read_thing(store: StoreDep, user: OfficialUser, page: PageDep, audit: AuditDep): ...

* ``StoreDep``: the store opened once in the app's lifespan (reopened lazily if it was down);
* ``CurrentUser``: any valid API key (401 otherwise); ``OfficialUser``, ``RegistrarUser``,
  ``RegulatorUser``: role checks (403 otherwise);
* ``PageDep``: ``limit``/``offset`` with the settings' caps; ``DepthDep``, ``FanoutDep``: traversal caps;
* ``AuditDep``: the audit log, to record what a route returned.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request, Security, status
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from creditgraph.graph_model.stores import Store, open_store
from creditgraph.service.errors import BadParam
from creditgraph.service.objections import ObjectionService

from .audit import AuditLog
from .config import DEPTH_CAP, FANOUT_CAP, OFFSET_CAP, PAGE_SIZE_CAP, ApiSettings
from .security import KeyRing, User

API_KEY_HEADER = "X-API-Key"
api_key_header = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="An API key from `creditgraph apikey create --role R --name WHO`.",
)
_OPEN_LOCK = threading.Lock()


# Dependencies are ``async`` where they do no blocking work: FastAPI runs a sync dependency in the
# thread pool, a hop that costs more than the work itself on a cached answer.


async def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def _open_store(request: Request) -> Store:
    with _OPEN_LOCK:
        store = getattr(request.app.state, "store", None)
        if store is None:
            store = open_store(request.app.state.settings)  # raises StoreUnavailable → 503
            request.app.state.store = store
    return store


async def get_store(request: Request) -> Store:
    store = getattr(request.app.state, "store", None)
    if store is None:  # down at start-up: retried (off the event loop) on each request
        store = await run_in_threadpool(_open_store, request)
    return store


StoreDep = Annotated[Store, Depends(get_store)]


async def get_audit(request: Request) -> AuditLog:
    return request.app.state.audit


AuditDep = Annotated[AuditLog, Depends(get_audit)]


async def get_current_user(request: Request, key: Annotated[str | None, Security(api_key_header)]) -> User:
    keyring: KeyRing = request.app.state.keyring
    user = keyring.authenticate(key)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="missing or unknown API key: send it in the X-API-Key header",
            headers={"WWW-Authenticate": API_KEY_HEADER},
        )
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: str) -> Callable[[User], User]:
    """A dependency that lets only ``roles`` through (403 names the caller's role)."""

    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise HTTPException(
                status_code=status.HTTP_403_FORBIDDEN,
                detail=f"the {user.role} role may not use this endpoint (allowed: {', '.join(roles)})",
            )
        return user

    check.__name__ = f"require_{'_'.join(roles)}"
    return check


# Who may do what. Public callers see only what the policies publish.
OFFICIAL_ROLES = ("investigator", "regulator", "analyst")
OfficialUser = Annotated[User, Depends(require_roles(*OFFICIAL_ROLES))]
# objections are registered by the agencies that receive them, and decided by regulators
RegistrarUser = Annotated[User, Depends(require_roles("investigator", "regulator"))]
RegulatorUser = Annotated[User, Depends(require_roles("regulator"))]


# -- pagination and traversal caps ----------------------------------------------------------


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int

    def params(self) -> dict[str, Any]:
        return {"limit": self.limit, "offset": self.offset}


def page_params(
    settings: SettingsDep,
    limit: Annotated[
        int | None,
        Query(ge=1, le=PAGE_SIZE_CAP, description="page size (default from settings)", examples=[50]),
    ] = None,
    offset: Annotated[int, Query(ge=0, le=OFFSET_CAP, description="rows to skip")] = 0,
) -> Page:
    if limit is None:
        limit = settings.page_size
    if limit > settings.max_page_size:
        raise BadParam("limit", f"limit may be at most {settings.max_page_size} on this server")
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(page_params)]


def depth_param(
    settings: SettingsDep,
    depth: Annotated[int, Query(ge=1, le=DEPTH_CAP, description="traversal depth in hops")] = 1,
) -> int:
    if depth > settings.max_depth:
        raise BadParam("depth", f"depth may be at most {settings.max_depth} on this server")
    return depth


DepthDep = Annotated[int, Depends(depth_param)]


def fanout_param(
    settings: SettingsDep,
    fanout: Annotated[
        int | None, Query(ge=1, le=FANOUT_CAP, description="most neighbours returned per relation")
    ] = None,
) -> int:
    if fanout is None:
        return settings.max_fanout
    if fanout > settings.max_fanout:
        raise BadParam("fanout", f"fanout may be at most {settings.max_fanout} on this server")
    return fanout


FanoutDep = Annotated[int, Depends(fanout_param)]


def get_objections(store: StoreDep, settings: SettingsDep) -> ObjectionService:
    return ObjectionService.for_store(store, settings)


ObjectionsDep = Annotated[ObjectionService, Depends(get_objections)]


def audit_fields(
    request: Request,
    user: User,
    subjects: list[str] | tuple[str, ...],
    *,
    action: str = "read",
    body: dict[str, Any] | None = None,
    status_code: int = 200,
) -> dict[str, Any]:
    """What the audit log records of one request: route template, path and query parameters, body
    fields given, the subjects returned or changed."""
    route = request.scope.get("route")
    params: dict[str, Any] = {**request.path_params, **request.query_params}
    params.update(body or {})
    return {
        "user": user,
        "method": request.method,
        "endpoint": getattr(route, "path", request.url.path),
        "params": params,
        "subjects": list(subjects),
        "action": action,
        "status": status_code,
    }


def audit_request(request: Request, audit: AuditLog, user: User, subjects: list[str], **kw: Any) -> None:
    """Record one request in the audit log (from a sync route, in the thread pool)."""
    audit.append(**audit_fields(request, user, subjects, **kw))


def known_query_params(request: Request) -> None:
    """Refuse a query parameter the route does not take: a typo (``lable=Person``) would otherwise
    be ignored and answer unfiltered. The route's parameters are read from the OpenAPI schema
    (built once), which is also what clients are told."""
    route = request.scope.get("route")
    if not request.query_params or not isinstance(route, APIRoute):
        return
    operation = request.app.openapi().get("paths", {}).get(route.path, {}).get(request.method.lower())
    if operation is None:  # a route the schema leaves out: nothing to check against
        return
    taken = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    for name in request.query_params:
        if name not in taken:
            takes = ", ".join(sorted(taken)) or "no query parameters"
            raise BadParam(name, f"unknown query parameter; {route.path} takes {takes}")
