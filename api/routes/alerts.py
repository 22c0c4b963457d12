"""The alert lists, one route per entry of the alert registry (``service.alerts``): ``GET /alerts/NAME``.

Each route's query parameters are the alert's parameters as the registry declares them (the value
types' rules stated in the OpenAPI document), plus ``as_of`` and the page. The whole list is cached
in-process per (store, its generation if it has one, the alert, as_of, its computing parameters) for
``ALERT_TTL`` seconds so paging does not recompute it. A change to the graph (an upheld objection)
shows after at most that long. Officials only, except an alert with a ``public`` filter: the public
role gets what that filter publishes; persons masked by role; a page that holds persons is audited.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, create_model

from creditgraph.service.alerts import ALERTS, PREFIX_PATTERN, Alert, AlertRegistry, Param, alert_page
from creditgraph.service.models import errors

from ..cache import TTLCache, store_generation
from ..deps import AuditDep, CurrentUser, OfficialUser, PageDep, StoreDep
from ..masking import view_for
from ..params import DATE_RULE, Day
from .subjects import AsOfQuery, audit_people

ALERT_TTL = 60.0  # seconds a computed alert list is reused for paging

_CACHE = TTLCache(ALERT_TTL)
_KW = inspect.Parameter.KEYWORD_ONLY


def _annotation(p: Param) -> Any:
    """The query parameter of one registry parameter, its rule declared for the OpenAPI document."""
    if p.kind == "day":
        return Annotated[Day | None, Query(description=f"{p.help}; {DATE_RULE}")]
    if p.kind == "int":
        return Annotated[int, Query(ge=p.low, le=p.high, description=p.help)]
    if p.kind == "choices":
        return Annotated[list[Literal[p.choices]] | None, Query(description=p.help)]  # type: ignore[valid-type]
    if p.kind == "choice":
        return Annotated[Literal[p.choices] | None, Query(description=p.help)]  # type: ignore[valid-type]
    examples = [p.example] if p.example else None
    return Annotated[str | None, Query(pattern=PREFIX_PATTERN, description=p.help, examples=examples)]


def _signature(alert: Alert) -> inspect.Signature:
    """Dependencies, the filters, ``as_of``, then the parameters the computation takes."""
    deps = [
        inspect.Parameter("request", _KW, annotation=Request),
        inspect.Parameter("store", _KW, annotation=StoreDep),
        inspect.Parameter("user", _KW, annotation=CurrentUser if alert.public else OfficialUser),
        inspect.Parameter("page", _KW, annotation=PageDep),
        inspect.Parameter("audit", _KW, annotation=AuditDep),
    ]
    filters = [p for p in alert.params if p.name not in alert.computed_by]
    knobs = [p for p in alert.params if p.name in alert.computed_by]
    params = [inspect.Parameter(p.name, _KW, default=p.default, annotation=_annotation(p)) for p in filters]
    params.append(inspect.Parameter("as_of", _KW, default=None, annotation=AsOfQuery))
    params += [inspect.Parameter(p.name, _KW, default=p.default, annotation=_annotation(p)) for p in knobs]
    return inspect.Signature([*deps, *params])


def page_model(alert: Alert) -> type[BaseModel]:
    """The answer's model: the entry's own, or ``data``/``count``/``as_of`` of its item model."""
    if alert.page_model is not None:
        return alert.page_model
    name = "".join(w.title() for w in alert.name.split("-")) + "Public"
    return create_model(name, data=(list[alert.item_model], ...), count=(int, ...), as_of=(date, ...))


def endpoint(alert: Alert) -> Callable[..., BaseModel]:
    """The route function of one alert (a plain def: it runs in the thread pool, the store blocks)."""
    model = page_model(alert)

    def read(request: Request, store: Any, user: Any, page: Any, audit: Any, **params: Any) -> BaseModel:
        generation = store_generation(store)
        answer = alert_page(
            store,
            alert,
            params.pop("as_of"),
            offset=page.offset,
            limit=page.limit,
            cached=lambda key, compute: _CACHE.get((generation, *key), compute),
            public=user.role == "public",
            **params,
        )
        out = model(data=view_for(user, answer.data), count=answer.count, as_of=answer.as_of)
        audit_people(request, audit, user, answer.data)
        return out

    read.__signature__ = _signature(alert)  # type: ignore[attr-defined]
    read.__name__ = alert.operation_id
    return read


def alerts_router(registry: AlertRegistry = ALERTS) -> APIRouter:
    """``/alerts/NAME`` for every alert of ``registry``."""
    router = APIRouter(prefix="/alerts", tags=["alerts"])
    for alert in registry:
        router.add_api_route(
            f"/{alert.name}",
            endpoint(alert),
            methods=["GET"],
            name=alert.operation_id,
            response_model=page_model(alert),
            responses=errors(401, 403, 422, 503),
            summary=alert.summary,
        )
    return router
