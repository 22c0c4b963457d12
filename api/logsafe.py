"""Personal data never reaches the application log: a filter as the last line of defence.

The service never logs query parameters or request bodies (the access log below names the route
template, never the raw path or query string), and this filter masks whatever slips through:
citizen ID numbers, mobile phone numbers and long digit runs (bank accounts) in the message, its
arguments and any traceback. Installed on uvicorn's handlers by ``creditgraph serve`` and on the
root and uvicorn handlers when the app starts under another server.
"""

from __future__ import annotations

import copy
import logging
import time
from typing import Any

from creditgraph.graph_model.privacy import scrub_text

# The scrubber lives in the privacy layer: the outputs, this log and the audit file share it.
mask_text = scrub_text


class PersonalDataFilter(logging.Filter):
    """Rewrites each record with its message, arguments and traceback masked; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template only
            message = str(record.msg)
        record.msg, record.args = mask_text(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


_FILTER = PersonalDataFilter()
LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "creditgraph", "fastapi")


def install_filter() -> None:
    """Put the filter on every handler of the loggers the service writes through (idempotent)."""
    for name in LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
                handler.addFilter(_FILTER)


def uvicorn_log_config(level: str = "info") -> dict[str, Any]:
    """uvicorn's own logging config with the filter on its handlers and our loggers routed to them."""
    from uvicorn.config import LOGGING_CONFIG

    cfg = copy.deepcopy(LOGGING_CONFIG)
    cfg["filters"] = {"personal": {"()": "creditgraph.api.logsafe.PersonalDataFilter"}}
    for handler in cfg["handlers"].values():
        handler["filters"] = ["personal"]
    cfg["loggers"]["creditgraph"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    cfg["loggers"]["uvicorn"]["level"] = level.upper()
    return cfg


access_log = logging.getLogger("creditgraph.access")


class AccessLogMiddleware:
    """One line per request: method, route template, status, time, caller name. No query string."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def send_wrapper(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "(unmatched route)"
            user = scope.get("state", {}).get("user")
            access_log.info(
                "%s %s %s %.1fms %s",
                scope.get("method", "-"),
                path,
                status["code"],
                (time.perf_counter() - start) * 1000,
                f"user={user.name}/{user.role}" if user is not None else "user=-",
            )
