"""Who must act on an alert, where the policy data knows: a thin bridge to queries.responsible."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph_model.stores.base import Store


def responsible_for(store: Store):
    """A cached ``(violation_type, jurisdiction, as_of) -> [agency …]`` for alert items.

    The violation type is read from the list entry's reason through the taxonomy; an entry with
    no reason, a jurisdiction the policy data does not cover, or a graph without policy data
    answers with no agencies rather than failing the alert.
    """
    cache: dict[tuple[Any, Any, date], list[dict[str, Any]]] = {}

    def lookup(violation_type: str | None, jurisdiction: str | None, as_of: date) -> list[dict[str, Any]]:
        key = (violation_type, jurisdiction, as_of)
        if key not in cache:
            cache[key] = _agencies(store, violation_type, jurisdiction, as_of)
        return cache[key]

    return lookup


def _agencies(
    store: Store, violation_type: str | None, jurisdiction: str | None, as_of: date
) -> list[dict[str, Any]]:
    from graph_model.errors import InputError, NotFound
    from queries.responsible import responsible

    if not jurisdiction or not violation_type:
        return []
    try:
        answer = responsible(store, violation_type, jurisdiction, as_of)
    except (NotFound, InputError):
        return []
    return [
        {"role": role, "agency": a.get("current") or a.get("agency")}
        for role in ("lead", "coop")
        for a in answer.get(role, [])
    ]
