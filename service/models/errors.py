"""Error bodies and the ``responses`` map every route declares."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from .common import (
    _examples,
)

# -- errors ----------------------------------------------------------------------------------


class ParamError(BaseModel):
    param: str = Field(description="the parameter's name (dotted for a body field)")
    location: str = Field(description="path, query, header or body")
    msg: str = Field(description="what is wrong with it; the value itself is never echoed")


class ErrorOut(BaseModel):
    """The one error body every operation answers with, whatever the status."""

    detail: str = Field(description="what went wrong, safe to show a user")
    errors: list[ParamError] = Field(
        default_factory=list, description="the parameters at fault (422, and 404 for a look-up value)"
    )
    model_config = _examples(
        {
            "detail": "invalid parameter 'as_of': Value error, date must be a calendar date YYYY-MM-DD "
            "between 1900-01-01 and 2100-12-31",
            "errors": [
                {
                    "param": "as_of",
                    "location": "query",
                    "msg": "Value error, date must be a calendar date YYYY-MM-DD between 1900-01-01 and "
                    "2100-12-31",
                }
            ],
        },
        {"detail": "no company 91320413504986847Q in the graph", "errors": []},
    )


ERROR_TEXT = {
    401: "missing or unknown API key (header X-API-Key)",
    403: "the caller's role may not use this endpoint",
    404: "no such subject or record; the answer names what was looked up",
    409: "the request conflicts with the resource's state",
    422: "a parameter, or the body, is invalid (or is not JSON); the answer names it",
    500: "internal error; the answer holds an id to quote to the operator",
    503: "the store is unavailable or the query ran past the time limit (Retry-After)",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry for a route: each listed error with the one error model."""
    return {code: {"model": ErrorOut, "description": ERROR_TEXT[code]} for code in codes}
