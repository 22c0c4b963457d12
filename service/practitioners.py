"""Practitioners of key occupational groups: who, where, and their serious dishonesty on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries import practitioners as q

from .clock import day
from .errors import BadParam


def groups() -> tuple[str, ...]:
    """The groups the contract and the personal-credit opinions 三(二) name."""
    return q.groups()


def practitioners(
    store: Store,
    group: str,
    as_of: date | None = None,
    *,
    jurisdiction: str | None = None,
    dishonest: bool = False,
) -> list[dict[str, Any]]:
    """Practitioners of ``group`` in force on ``as_of`` (default today), optionally in a
    jurisdiction (a division-code prefix of the licence's issuing agency) and only the seriously
    dishonest; one clear error naming a bad group or prefix."""
    if group not in groups():
        raise BadParam("group", f"group must be among {', '.join(groups())}, not {group!r}")
    if jurisdiction is not None and not (jurisdiction.isdigit() and 2 <= len(jurisdiction) <= 6):
        raise BadParam(
            "jurisdiction", f"jurisdiction must be 2 to 6 digits of a division code, not {jurisdiction!r}"
        )
    return q.practitioners(store, group, day(as_of), jurisdiction=jurisdiction, dishonest=dishonest)
