"""The policy data: who must act on a violation type in a jurisdiction, the agencies, the documents
and their task-division tables. Without policy data the lists are empty and the look-ups raise
``NotFound`` saying so (``NOT_LOADED``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.errors import NotFound, StoreError
from creditgraph.graph_model.stores.base import Store
from creditgraph.queries import responsible as policy
from creditgraph.queries.library import query

from .clock import day
from .paging import run_page

MAX_AGENCY_TASKS = 500
NOT_LOADED = policy.NOT_LOADED


def _maybe_empty(store: Store, name: str, **params: Any) -> list[dict[str, Any]]:
    """A policy look-up on a graph that may never have had policy data (Ladybug: no table yet)."""
    try:
        return query(store, name, **params)
    except StoreError as exc:
        if type(exc) is StoreError and "does not exist" in str(exc):
            return []
        raise


def jurisdiction_chain(store: Store, code: str) -> list[dict[str, Any]]:
    """The division ``code`` and those enclosing it (``NotFound`` for a code the policy data lacks)."""
    return policy.jurisdiction_chain(store, code)


def responsible(
    store: Store, violation_type: str, jurisdiction: str, as_of: date | None = None
) -> dict[str, Any]:
    """Who must act on ``violation_type`` in ``jurisdiction`` on ``as_of`` (default today), with provenance.

    An unknown division is ``NotFound`` (``unknown jurisdiction code …``), an unknown violation type
    ``InputError`` (``unknown violation type …``); without policy data ``NotFound(NOT_LOADED)``."""
    return policy.responsible(store, violation_type, jurisdiction, day(as_of))


def agencies(
    store: Store, jurisdiction: str | None = None, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of the agencies (of a division-code prefix) with their task counts, and the total."""
    try:
        rows, count = run_page(
            store, "agencies", "agencies_count", jurisdiction=jurisdiction or "", offset=offset, limit=limit
        )
    except StoreError as exc:
        if type(exc) is StoreError and "does not exist" in str(exc):
            return [], 0
        raise
    return [{**r, "tasks": r["leads"] + r["cooperates"]} for r in rows], count


def agency(store: Store, key: str, as_of: date | None = None) -> dict[str, Any]:
    """One agency: the tasks it leads or cooperates on, and who holds its duties on ``as_of``."""
    rows = _maybe_empty(store, "agency", key=key)
    if not rows:
        raise NotFound(f"no agency {key}")
    tasks = query(store, "agency_tasks", key=key, limit=MAX_AGENCY_TASKS + 1)
    succ = policy.successors(store, [key], day(as_of)).get(key, {"chain": [], "current": None})
    return {
        **rows[0],
        "aliases": rows[0].get("aliases") or [],
        "current": succ["current"],
        "chain": succ["chain"],
        "tasks": [_agency_task(t) for t in tasks[:MAX_AGENCY_TASKS]],
        "truncated": len(tasks) > MAX_AGENCY_TASKS,
    }


def _agency_task(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "role": "lead" if t["role"] == "LEADS" else "coop",
        "as_written": t["as_written"],
        "task_key": t["task_key"],
        "seq": t["seq"],
        "title": t["title"],
        "document": {
            "key": t["document_key"],
            "number": t["document_number"],
            "title": t["document_title"],
            "jurisdiction": t["document_jurisdiction"],
            "issued_at": t["issued_at"],
        },
    }


def documents(store: Store, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    """The policy documents (of a division-code prefix): tens of them, paged by the caller."""
    rows = _maybe_empty(store, "policy_documents")
    if jurisdiction:
        rows = [r for r in rows if (r["jurisdiction"] or "").startswith(jurisdiction)]
    return rows


def document_tasks(store: Store, key: str | None = None, as_of: date | None = None) -> list[dict[str, Any]]:
    """The task-division table of a document (by key or number; all when None), who holds each duty
    on ``as_of`` (default today)."""
    return policy.tasks(store, key, day(as_of))
