"""Computed answers kept in memory while the graph they were read from is unchanged.

Three things are worth keeping: the alert lists (computed whole, then paged), propagation runs
(for explanations) and the answers of the per-subject read endpoints (an entity file costs ~12 ms
of store work over every link table of the subject, a depth-2 walk a query per frontier node,
while an investigator opens the same few files again and again during a case).

A value is served while

* the store has not been written since: keys hold ``store_generation(store)``, and every write
  this process makes (objections, risk write-back) bumps the store's ``generation``;
* it is younger than ``ttl`` seconds: writes by other processes (another server on a Neo4j
  cluster) show within that bound. ``ttl = 0`` turns a cache off.

Only successful answers are kept; an error (404, 422, 503) is recomputed every time. Concurrent
misses on one key share one computation, so 64 clients opening the same file at once cost one walk.
Per-subject answers are kept *as one role sees them* (masking already applied, role in the key);
the audit log is never cached: every hit is recorded as the first request was.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from creditgraph.graph_model.clock import today

from .deps import audit_fields
from .masking import SCRUBBED


def store_generation(store: Any) -> tuple[int, Any]:
    """What identifies the store's content for caching: the object, and its write generation."""
    return id(store), getattr(store, "generation", None)


class TTLCache:
    """A thread-safe cache of computed values, each kept ``ttl`` seconds, at most ``size`` of them.

    Concurrent requests for the same key wait for one computation instead of each running it."""

    def __init__(self, ttl: float, size: int = 16) -> None:
        self.ttl, self.size = ttl, size
        self._values: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.ttl > 0 and self.size > 0

    def peek(self, key: Hashable) -> Any | None:
        """The value if it is fresh, else None; never blocks on a computation (safe on the event loop)."""
        hit = self._fresh(key)
        return None if hit is None else hit[1]

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        if not self.enabled:
            return compute()
        hit = self._fresh(key)
        if hit is not None:
            return hit[1]
        with self._lock:
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            hit = self._fresh(key)
            if hit is not None:
                return hit[1]
            try:
                value = compute()
            except BaseException:
                with self._lock:  # nothing cached: do not keep its lock either
                    if key not in self._values:
                        self._locks.pop(key, None)
                raise
            with self._lock:
                self._values[key] = (time.monotonic(), value)
                self._values.move_to_end(key)
                while len(self._values) > self.size:
                    old, _ = self._values.popitem(last=False)
                    self._locks.pop(old, None)
            return value

    def _fresh(self, key: Hashable) -> tuple[float, Any] | None:
        with self._lock:
            hit = self._values.get(key)
            if hit is None:
                return None
            if time.monotonic() - hit[0] > self.ttl:
                del self._values[key]
                self._locks.pop(key, None)
                return None
            self._values.move_to_end(key)
            return hit

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


@dataclass(frozen=True)
class Answer:
    """A per-subject answer as one role sees it, ready to send again."""

    body: bytes  # JSON
    people: tuple[str, ...]  # node keys of the persons in it, for the audit log
    route: Any  # the route that computed it: its template names the endpoint in the audit and access logs
    path_params: dict[str, Any]


def request_key(role: str, path: str, query: bytes, store: Any) -> tuple:
    """What a kept answer is filed under: the exact request (path and query as sent), the caller's
    role, the day (``as_of`` defaults to today) and the store's content."""
    return (role, path, query, today(), store_generation(store))


class CachedAnswers:
    """ASGI middleware that answers a GET from the kept answers before routing.

    A hit needs a known API key whose role already received this exact request's answer (so it
    passed the same role check and parameter validation); it is audited like the first answer
    (same endpoint template and parameters, this caller) before it is sent. Everything else —
    a miss, no key, a wrong key, another method — goes to the app untouched. Routes fill the cache
    (api/routes/subjects.py ``cached_answer``); this only replays.
    """

    def __init__(self, app: Any, state: Any) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        answer = user = None
        if scope["type"] == "http" and scope["method"] == "GET" and self.state.cache.enabled:
            user, answer = self._lookup(scope)
        if answer is None:
            await self.app(scope, receive, send)
            return
        # as routing would have set them: the access and audit logs name the route and its parameters
        scope["route"], scope["path_params"] = answer.route, answer.path_params
        scope.setdefault("state", {}).update(user=user, **{SCRUBBED: True})  # built by cached_answer
        if answer.people:
            await self.state.audit.append_async(**audit_fields(Request(scope), user, answer.people))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(answer.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})

    def _lookup(self, scope: dict) -> tuple[Any, Answer | None]:
        store = getattr(self.state, "store", None)
        key = next((v for k, v in scope["headers"] if k == b"x-api-key"), None)
        if store is None or key is None:
            return None, None
        user = self.state.keyring.authenticate(key.decode("latin-1"))
        if user is None:
            return None, None
        return user, self.state.cache.peek(
            request_key(user.role, scope["path"], scope["query_string"], store)
        )
