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
import re
import time
from typing import Any

from graph_model.types import mask_account, mask_id, mask_phone, uscc_check_char

# 18-character citizen IDs (6 region digits, birth date 18/19/20YYMMDD, 3 digits, check 0-9/X)
_ID = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
# mainland mobile numbers, optionally with +86/86 in front
_PHONE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])")
# bank card and account numbers: 12-19 digits not already caught above. Runs inside a longer
# token (a hex hash, a USCC) are left alone.
_ACCOUNT = re.compile(r"(?<![0-9A-Za-z*])\d{12,19}(?![0-9A-Za-z*])")


def _is_company_code(digits: str) -> bool:
    """An all-digit USCC (91320411309538815 8) is a company's public code, not an account: valid
    check character, a registration authority and type code, and a province code 11–65."""
    if len(digits) != 18 or digits[0] not in "159" or not 11 <= int(digits[2:4]) <= 65:
        return False
    try:
        return uscc_check_char(digits[:17]) == digits[17]
    except ValueError:
        return False


def _mask_account(match: re.Match[str]) -> str:
    digits = match.group(0)
    return digits if _is_company_code(digits) else mask_account(digits)


def mask_text(text: str) -> str:
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _ID.sub(lambda m: mask_id(m.group(0)), text)
    text = _PHONE.sub(lambda m: mask_phone(m.group(0)), text)
    return _ACCOUNT.sub(_mask_account, text)


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
    cfg["filters"] = {"personal": {"()": "api.logsafe.PersonalDataFilter"}}
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
