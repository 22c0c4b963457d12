"""The HTTP service: ``create_app(settings)`` builds it, ``creditgraph serve`` runs it with uvicorn.

Laid out like the FastAPI full-stack template: settings (config.py), dependencies (deps.py), one
router per resource (routes/), Public/List models (models.py). The store is opened once in the
lifespan and closed on shutdown. Errors map to status codes here and only here, and no stack
trace or store text ever reaches a client:

====================================  ===  ===============================================
NotFound                              404  its message (names the subject)
InputError, BadParam, validation      422  names the parameter; the bad value is not echoed
Conflict                              409  its message
QueryTimeout                          503  "ran past the limit of N ms", Retry-After
StoreUnavailable, StoreError          503  names the store (Neo4j or embedded); details go to the log
ReadOnlyStore                         503  its message
anything else                         500  "internal error" and an id to find it in the log
====================================  ===  ===============================================
"""

from __future__ import annotations

import gc
import logging
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from creditgraph.graph_model.errors import InputError, NotFound, QueryTimeout, SchemaOutdated, StoreError
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store
from creditgraph.graph_model.stores.base import Store
from creditgraph.service.alerts import ALERTS, AlertRegistry
from creditgraph.service.errors import BadParam, Conflict, ReadOnlyStore, UnknownValue
from creditgraph.service.health import warm_up

from .audit import AuditLog
from .cache import CachedAnswers, TTLCache
from .config import ApiSettings, api_settings
from .deps import known_query_params
from .logsafe import AccessLogMiddleware, install_filter, mask_text
from .masking import ScrubPersonalText
from .openapi import AllowedMethods
from .openapi import install as install_openapi
from .routes import (
    alerts,
    companies,
    health,
    intermediaries,
    lists,
    meta,
    objections,
    persons,
    policy,
    practitioners,
    products,
    public,
    reports,
    risk,
    screening,
    search,
    subjects,
)
from .security import KeyRing

log = logging.getLogger("creditgraph.api")

try:
    VERSION = version("creditgraph")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    VERSION = "0.0.0"

DESCRIPTION = """
The knowledge graph of market entities, violations and the agencies that must act, for regulators.

**Authentication**: send an API key in the `X-API-Key` header (`creditgraph apikey create`).
Roles: `investigator` sees personal data unmasked; `regulator` and `analyst` see it masked;
`public` sees only what the policies publish (red and black list entries of companies).

**Personal data**: every request that returns it is recorded in a hash-chained audit log.

**Lists** are paginated (`limit`, `offset`) and answer `{data, count}`; traversals are capped in
depth, fan-out and time. A query that runs past the store's time limit answers 503.

**Bad input** answers 422 naming the parameter (never echoing its value), and so does a query
parameter the endpoint does not take: a misspelt filter is refused rather than ignored, and so does
a body that is not JSON. Dates are `YYYY-MM-DD`, calendar dates from 1900-01-01 to 2100-12-31.
Every rule a parameter must meet is declared with it (pattern, length, bounds, enum, format); the
format `uscc` means the code's check character must match (GB 32100-2015); a person named by a
citizen ID needs its check digit to match (GB 11643).

**Errors** all have one body, `ErrorOut`: `{detail, errors: [{param, location, msg}]}`. Every
operation lists the statuses it can answer. OPTIONS answers 204 and a method a path does not take
answers 405, each with an `Allow` header naming the path's methods.

**Objections** link their operations: the answer of `POST /objections` leads to reading and updating
the objection it created (OpenAPI links, `key` from the answer).

**Examples** name subjects of the demo graph (`make demo`: `creditgraph synth … --seed 1`) or the
shipped policy data; an objection key and a person's node key are made up (node keys differ per
database).
"""

TAGS = [
    {"name": "health", "description": "Liveness and readiness, no key needed."},
    {"name": "meta", "description": "What the graph holds."},
    {"name": "subjects", "description": "Entity files, related parties, paths and risk of any subject."},
    {"name": "risk", "description": "Related-party risk scores."},
    {
        "name": "alerts",
        "description": "Reappearances of blacklisted subjects, courier bans, shared-identifier rings.",
    },
    {"name": "products", "description": "Product traces."},
    {"name": "policy", "description": "Who must act; agencies, policy documents and their tasks (public)."},
    {"name": "search", "description": "Name search over the subjects."},
    {"name": "lists", "description": "Published red and black list entries of companies."},
    {"name": "objections", "description": "Objections (异议) against violations and list entries."},
    {
        "name": "screening",
        "description": "Batch screening (名单比对) of identifiers against the lists, for a purpose.",
    },
    {
        "name": "reports",
        "description": "Credit reports (信用报告) and the check of their verification codes.",
    },
    {
        "name": "public pages",
        "description": "The red and black lists as published: HTML pages, no key needed.",
    },
]


def _param_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:]) or where
        if err.get("type") == "json_invalid":  # loc is ("body", offset): the body is at fault
            name = "body"
        out.append({"param": name, "location": where, "msg": str(err.get("msg", "invalid"))})
    return out


def _error(status: int, detail: str, errors: list[dict[str, str]] | None = None, **kw: Any) -> JSONResponse:
    """The one error body (models.ErrorOut) for every status."""
    return JSONResponse(status_code=status, content={"detail": detail, "errors": errors or []}, **kw)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            # FastAPI's answer to a body it cannot decode (not UTF-8): bad input, 422 as documented
            errors = [{"param": "body", "location": "body", "msg": "the body is not JSON in UTF-8"}]
            return _error(422, "invalid parameter 'body': the body is not JSON in UTF-8", errors)
        return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default echoes the bad input (it may be an ID number): name the parameter only.
        errors = _param_errors(exc)
        first = errors[0] if errors else {"param": "request", "msg": "invalid"}
        return _error(422, f"invalid parameter {first['param']!r}: {first['msg']}", errors)

    @app.exception_handler(BadParam)
    async def bad_param(request: Request, exc: BadParam) -> JSONResponse:
        msg = mask_text(str(exc))
        errors = [{"param": exc.param, "location": exc.location, "msg": msg}]
        return _error(422, f"invalid parameter {exc.param!r}: {msg}", errors)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        return _error(422, mask_text(str(exc)))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        if isinstance(exc, UnknownValue):
            errors = [{"param": exc.param, "location": exc.location, "msg": mask_text(exc.reason)}]
            return _error(404, mask_text(str(exc)), errors)
        return _error(404, mask_text(str(exc)))

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> JSONResponse:
        return _error(409, str(exc))

    @app.exception_handler(ReadOnlyStore)
    async def read_only(request: Request, exc: ReadOnlyStore) -> JSONResponse:
        return _error(503, str(exc))

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
        ms = request.app.state.settings.query_timeout_ms
        log.warning("query timeout on %s", _route(request))
        return _error(
            503,
            f"the query ran past this server's time limit ({ms} ms) and was stopped; "
            "narrow it (a smaller page, depth or fan-out) or try again later",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(SchemaOutdated)
    async def schema_outdated(request: Request, exc: SchemaOutdated) -> JSONResponse:
        """An operator's error, not a passing one: say what to run (the log has the database's path)."""
        log.error("store error on %s: %s", _route(request), exc)
        return _error(
            503,
            f"the {_store_name(request)} database has no {exc.table} table (an older creditgraph built it, or it "
            "was never initialised): the operator runs `creditgraph init` on it, which keeps every record",
        )

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s: %s: %s", _route(request), type(exc).__name__, exc)
        return _error(
            503,
            f"the {_store_name(request)} store is unavailable or refused the query; try again later",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        error_id = uuid.uuid4().hex[:12]
        log.exception("unexpected error %s on %s", error_id, _route(request))
        return _error(500, f"internal error; quote {error_id} to the operator")


def _store_name(request: Request) -> str:
    """Which store a 503 is about, so an operator knows which server to look at."""
    return "Neo4j" if request.app.state.settings.backend == "neo4j" else "embedded"


def _route(request: Request) -> str:
    route = request.scope.get("route")
    return f"{request.method} {getattr(route, 'path', '(unmatched route)')}"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    install_filter()
    # uvicorn's access log prints the raw query string; ours (AccessLogMiddleware) the route only
    logging.getLogger("uvicorn.access").disabled = True
    settings: ApiSettings = app.state.settings
    try:
        app.state.store = _upgraded(open_store(settings))
    except StoreError as exc:  # serve anyway: /health answers, /ready and the rest say 503
        log.warning("store not available at start-up (%s); will retry on the next request", exc)
        app.state.store = None
    app.openapi()  # read by every request with a query string (deps.known_query_params): built now, not by the first burst
    # what start-up built (schema, query library, routes, the jieba dictionary) lives for good:
    # keep it out of the collector's full passes, which otherwise stall requests at the tail
    gc.collect()
    gc.freeze()
    stopping = threading.Event()
    app.state.warm_up = _start_warm_up(app, stopping)
    try:
        yield
    finally:
        stopping.set()
        if app.state.warm_up is not None:  # at most the statement it is running
            app.state.warm_up.join(timeout=settings.query_timeout_ms / 1000 + 5)
        store = getattr(app.state, "store", None)
        if store is not None:
            store.close()
            app.state.store = None


def _upgraded(store: Store) -> Store:
    """A writable embedded database built by an older creditgraph gets the tables added since
    (declaring is idempotent and keeps every record); without it, every read that meets a new table
    would fail. A read-only one, or one never initialised (a mistyped path must not look like an
    empty graph), is left as it is: its reads say to run ``creditgraph init``."""
    if store.backend == "embedded" and not getattr(store, "read_only", True) and store.has_tables():
        store.create_schema()
    return store


def _start_warm_up(app: FastAPI, stopping: threading.Event) -> threading.Thread | None:
    """The store's start-up warm-up, in the background (service.health.warm_up): the embedded store
    reads its database file into the page cache, a Neo4j server runs every library read once. A
    fresh server's first reads paid for the cold store (on Neo4j a reappearance scan 25-47 s cold
    against under 1 s warm; on the embedded store 10.2 s against 4.0-5.0 s on 15M subjects). What it
    did is left in ``app.state.warmed`` (and the log)."""
    store, settings = app.state.store, app.state.settings
    app.state.warmed = None
    if store is None or not settings.warm_up:
        return None

    def run() -> None:
        done = warm_up(store, stop=stopping.is_set)
        app.state.warmed = done
        log.info(
            "warm-up: %d library reads, %.1f MiB of database files read, in %.1f s%s",
            done.ran,
            done.bytes_read / (1 << 20),
            done.seconds,
            f"; failed: {', '.join(done.failed)}" if done.failed else "",
        )

    thread = threading.Thread(target=run, name="creditgraph-warm-up", daemon=True)
    thread.start()
    return thread


def create_app(settings: Settings | None = None, alerts_registry: AlertRegistry = ALERTS) -> FastAPI:
    """Build the app. ``settings`` default to the environment (``CREDITGRAPH_*``, ``NEO4J_URI``); the
    ``/alerts/NAME`` routes are those of ``alerts_registry``."""
    settings = api_settings(settings)
    app = FastAPIOffline(
        title="creditgraph",
        version=VERSION,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        swagger_ui_parameters={"defaultModelsExpandDepth": 0},
        dependencies=[Depends(known_query_params)],
        # operationId = the route function's name: what a generated client calls its functions
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.settings = settings
    app.state.store = None
    app.state.keyring = KeyRing(settings.api_keys_file, settings.api_keys)
    app.state.audit = AuditLog(settings.audit_log)
    app.state.cache = TTLCache(settings.cache_ttl_s, size=settings.cache_entries)
    _install_handlers(app)
    app.add_middleware(CachedAnswers, state=app.state)  # inside the access log: hits are logged too
    app.add_middleware(ScrubPersonalText)  # outside the cache: kept answers are scrubbed as they go out
    app.add_middleware(AllowedMethods, router=app.router)  # OPTIONS and 405 before keys and caches
    app.add_middleware(AccessLogMiddleware)
    # risk and reports before subjects: /subjects/{kind}/{ident:path}/risk (/report) must be tried before
    # the entity file
    routers = (
        health,
        meta,
        companies,
        persons,
        lists,
        objections,
        risk,
        reports,
        subjects,
        alerts,
        products,
        policy,
        screening,
        public,
        practitioners,
        intermediaries,
    )
    for module in (*routers, search):
        app.include_router(alerts.alerts_router(alerts_registry) if module is alerts else module.router)
    install_openapi(app, settings)
    return app
