"""Approval-related intermediaries: which may be chosen for a government purchase on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries import intermediaries as q

from .clock import day
from .errors import BadParam


def categories() -> tuple[str, ...]:
    """The categories of intermediaries.csv (the Lianyungang opinions 二 (1)-(6))."""
    return q.categories()


def eligible(
    store: Store,
    category: str,
    as_of: date | None = None,
    *,
    jurisdiction: str | None = None,
    explain: bool = False,
) -> dict[str, Any]:
    """The intermediaries of ``category`` that may be chosen on ``as_of`` (default today), each with
    why; with ``explain`` the ones left out and the rules they fail; the industry warning."""
    if category not in categories():
        raise BadParam("category", f"category must be among {', '.join(categories())}, not {category!r}")
    if jurisdiction is not None and not (jurisdiction.isdigit() and 2 <= len(jurisdiction) <= 6):
        raise BadParam(
            "jurisdiction", f"jurisdiction must be 2 to 6 digits of a division code, not {jurisdiction!r}"
        )
    answer = q.eligible(store, category, day(as_of), jurisdiction=jurisdiction)
    answer["count"] = len(answer["data"])
    if not explain:
        answer["left_out"] = None
    return answer
