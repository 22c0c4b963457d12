"""Parameter and body types of the HTTP API (and of the service models), built from the schema's value types
(``graph_model.types``): each one validates with the type's own rule and declares that rule in the
OpenAPI description (pattern, format), so the description and the validation cannot drift.

A value that breaks the rule is a 422 naming the parameter (``main.py``); the bad value is never
echoed. ``Day`` replaces ``datetime.date`` everywhere a caller sends a date: pydantic's lax ``date``
reads ``0`` as 1970-01-01, which turned a mistyped date into an empty answer.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from creditgraph.graph_model.types import (
    EARLIEST_DATE,
    ISO_DATE_PATTERN,
    LATEST_DATE,
    REGION_PATTERN,
    USCC,
    USCC_PATTERN,
    ValueTypeError,
    iso_date,
)

DATE_RULE = f"YYYY-MM-DD, a calendar date from {EARLIEST_DATE} to {LATEST_DATE}"


def _day(value: Any) -> date:
    try:
        return iso_date(value)
    except ValueTypeError as exc:
        raise ValueError(str(exc)) from None


Day = Annotated[
    date,
    BeforeValidator(_day),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}),
]
"""A date a caller sends: exactly ``ISO_DATE_PATTERN`` (what ``iso_date`` accepts)."""


def _uscc(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a USCC is a string of 18 characters")
    try:
        cleaned = USCC().clean(value)
    except ValueTypeError as exc:
        raise ValueError(str(exc)) from None
    if cleaned is None or cleaned.lower() != value.lower():  # clean() strips blanks: the pattern does not
        raise ValueError("a USCC is 18 characters, no blanks")
    return cleaned


Uscc = Annotated[
    str,
    BeforeValidator(_uscc),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 18,
            "maxLength": 18,
            "pattern": USCC_PATTERN,
            "format": "uscc",
            "description": "unified social credit code (GB 32100-2015), either case; format `uscc`: "
            "its 18th character is the check character of the first 17",
        }
    ),
]
"""A USCC, upper-cased, check character verified (format ``uscc``)."""

# for routes that declare a plain pattern (pydantic enforces it as declared)
PATTERNS = {
    "date": ISO_DATE_PATTERN,
    "uscc": USCC_PATTERN,
    "region": REGION_PATTERN,
}
