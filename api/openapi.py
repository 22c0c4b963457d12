"""The OpenAPI description as the single truth of the HTTP interface.

FastAPI writes most of it from the routes; ``install`` completes what it cannot know:

* every operation documents every status it can answer, each with the one error body
  (``models.ErrorOut``): 422 (any operation refuses an unknown query parameter), 500, and 503 for
  the operations that reach the store;
* the caps this server's settings narrow (page size, fan-out, depth) are the maxima declared;
* OpenAPI links connect the objection operations (create → read → update), so a client, or a
  stateful tester, can follow them.

``AllowedMethods`` answers OPTIONS (204) and a method a path does not declare (405) with an ``Allow``
header listing exactly the methods the description declares for that path.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import Router
from starlette.types import ASGIApp, Receive, Scope, Send

from creditgraph.service.models import ERROR_TEXT
from creditgraph.service.subjects import MAX_DEPTH

from .config import ApiSettings

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
NO_STORE = frozenset({"/health"})  # operations that answer without the store (no 503)
OBJECTION = "/objections/{key}"


def install(app: FastAPI, settings: ApiSettings) -> None:
    """Make ``app.openapi()`` return the completed description, built once by one thread.

    Every request with a query string reads it (``deps.known_query_params``). Unlocked, the first
    burst of requests after a start built it once per thread at the same time: 64 concurrent
    first requests took 8-15 s instead of the 0.6 s of one build (the lifespan builds it before
    the first request anyway; the lock covers apps used without it)."""
    build: Callable[[], dict[str, Any]] = app.openapi
    lock = threading.Lock()

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            with lock:
                if app.openapi_schema is None:
                    complete(build(), settings)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def complete(schema: dict[str, Any], settings: ApiSettings) -> dict[str, Any]:
    """Fill in statuses, caps and links (in place)."""
    caps = {
        "limit": settings.max_page_size,
        "fanout": settings.max_fanout,
        "depth": min(settings.max_depth, MAX_DEPTH),
    }
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            _statuses(path, operation)
            for param in operation.get("parameters", []):
                if param.get("in") == "query" and param["name"] in caps:
                    _cap(param["schema"], caps[param["name"]])
    _links(schema)
    for unused in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(unused, None)
    return schema


def _statuses(path: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    codes = [422, 500] if path in NO_STORE else [422, 500, 503]
    for code in codes:
        responses.setdefault(str(code), {"description": ERROR_TEXT[code]})
    for code, response in responses.items():
        if code.startswith(("4", "5")):
            response["content"] = {"application/json": {"schema": ERROR_REF}}
            response.setdefault("description", ERROR_TEXT.get(int(code), "error"))


def _cap(schema: dict[str, Any], maximum: int) -> None:
    """Lower an integer schema's maximum (also inside an Optional's anyOf) to ``maximum``."""
    for part in [schema, *schema.get("anyOf", [])]:
        if part.get("type") == "integer":
            part["maximum"] = min(part.get("maximum", maximum), maximum)


def _links(schema: dict[str, Any]) -> None:
    paths = schema.get("paths", {})
    if OBJECTION not in paths or "/objections" not in paths:
        return
    read = paths[OBJECTION]["get"]["operationId"]
    update = paths[OBJECTION]["patch"]["operationId"]
    key = {"key": "$response.body#/key"}
    follow = {
        "read": {"operationId": read, "parameters": key, "description": "the objection as stored now"},
        "update": {
            "operationId": update,
            "parameters": key,
            "description": "reply to it, decide it, publish the correction or send the feedback",
        },
    }
    paths["/objections"]["post"]["responses"]["201"]["links"] = dict(follow)
    paths[OBJECTION]["get"]["responses"]["200"]["links"] = {"update": follow["update"]}
    paths[OBJECTION]["patch"]["responses"]["200"]["links"] = dict(follow)


class AllowedMethods:
    """OPTIONS answers 204 and an undeclared method 405, each with ``Allow`` naming the methods of the
    path's route template (the first template the path matches, as routing tries them)."""

    def __init__(self, app: ASGIApp, router: Router) -> None:
        self.app = app
        self.router = router
        self._table: list[tuple[re.Pattern[str], str, frozenset[str]]] | None = None

    def table(self) -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
        """(path regex, template, methods) of every route, in the order routing tries them; built
        on the first request, when every router is included."""
        if self._table is None:
            self._table = [
                (c.path_regex, c.path, frozenset(c.methods or ()))
                for c in iter_route_contexts(self.router.routes)
            ]
        return self._table

    def methods(self, path: str) -> set[str] | None:
        table = self.table()
        first = next((t for t in table if t[0].match(path)), None)
        if first is None or not first[2]:
            return None
        return {m for regex, template, methods in table if template == first[1] for m in methods}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        methods = self.methods(scope["path"])
        if methods is None or scope["method"] in methods:
            await self.app(scope, receive, send)
            return
        allow = ", ".join(sorted(methods | {"OPTIONS"}))
        if scope["method"] == "OPTIONS":
            await _respond(send, 204, allow, b"")
        else:
            body = b'{"detail":"method not allowed on this path","errors":[]}'
            await _respond(send, 405, allow, body)


async def _respond(send: Send, status: int, allow: str, body: bytes) -> None:
    headers = [(b"allow", allow.encode())]
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
