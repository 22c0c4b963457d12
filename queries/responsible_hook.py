"""Who must act on an alert: a thin bridge from a list entry to queries.responsible."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.errors import NotFound
from creditgraph.graph_model.reference.registry import load_registry
from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.responsible import responsible


def responsible_for(store: Store, list_name: str = "black"):
    """A cached ``(reason, jurisdiction, as_of) -> [agency …]`` for alert items on `list_name` entries.

    The entry's reason is read as a violation type or a list-entry reason (严重失信 …); a reason
    that is neither, or none, is answered by the task governing the list (the answer's ``step``
    and ``matched_by`` say so). An entry with no jurisdiction, or one the registry lacks, is answered for the
    province of the registry (``fallback``). Only a graph without policy data answers with no agencies.
    """
    cache: dict[tuple[Any, Any, date], list[dict[str, Any]]] = {}

    def lookup(violation_type: str | None, jurisdiction: str | None, as_of: date) -> list[dict[str, Any]]:
        key = (violation_type, jurisdiction, as_of)
        if key not in cache:
            cache[key] = _agencies(store, violation_type, jurisdiction, as_of, list_name)
        return cache[key]

    return lookup


def _agencies(
    store: Store, reason: str | None, jurisdiction: str | None, as_of: date, list_name: str
) -> list[dict[str, Any]]:

    registry = load_registry()
    place = jurisdiction if jurisdiction in registry.jurisdictions else _province(registry)
    try:
        answer = responsible(store, reason or "", place, as_of, list_name=list_name)
    except NotFound:
        return []
    return [
        {
            "role": role,
            "agency": a.get("current") or a.get("agency"),
            "step": a["step"],
            "document": a["document"]["number"] or a["document"]["key"],
            "task_seq": a["task_seq"],
            "fallback": answer["table"]["fallback"],
            "draft": answer["table"]["draft"],
        }
        for role in ("lead", "coop")
        for a in answer.get(role, [])
    ]


def _province(registry: Any) -> str:
    """The registry's root jurisdiction (Jiangsu, 320000): where an entry with no place is answered."""
    return next(code for code, j in registry.jurisdictions.items() if not j.parent)
