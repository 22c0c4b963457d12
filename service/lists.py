"""Published red and black list entries (what the ``public`` role may see)."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.types import mask_id
from creditgraph.queries.couriers import courier_statuses
from creditgraph.queries.subjects import LABEL_KINDS, display_key

from .alerts import ALERTS, arguments, compute
from .clock import day
from .paging import run_page


def list_entries(
    store: Store, lists: list[str], as_of: date | None = None, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int, list[dict[str, str]]]:
    """One page of the entries of ``lists`` (red, black) in force on ``as_of`` (default today) as
    published, the total, and the persons on the page (for the audit)."""
    rows, count = run_page(
        store, "list_entries", "list_entries_count", lists=lists, as_of=day(as_of), offset=offset, limit=limit
    )
    people = [
        {"kind": "person", "node_key": r["subject_key"]} for r in rows if r["subject_label"] == "Person"
    ]
    return [_published(dict(r)) for r in rows], count, people


def _published(row: dict[str, Any]) -> dict[str, Any]:
    """A row as published: its subject's kind, a person by the masked ID (the ID beside it for
    the privacy layer to mask or drop by role), the node key never for a person."""
    label = row.pop("subject_label")
    masked, id_number = row.pop("id_masked"), row.pop("id_number")
    row["subject_kind"] = LABEL_KINDS.get(label, (label or "").lower())
    if label == "Person":
        shown = masked or (mask_id(id_number) if id_number else display_key(label, row["subject_key"]))
        row["subject_key"], row["id_number"] = shown, id_number
    return row


PUBLIC_PAGE = 50  # entries per public page


def published(
    store: Store, list_name: str, q: str = "", as_of: date | None = None, *, page: int = 1
) -> dict[str, Any]:
    """One public page (电子商务意见 (二十), 个人诚信意见 六(三)) of a list's entries in force on
    ``as_of`` whose subject's name contains ``q``: the rows as published, the page and the totals.
    The interface removes the personal fields (the public role) before showing them."""
    when = day(as_of)
    query_text = (q or "").strip()
    rows, count = run_page(
        store,
        "published_entries",
        "published_entries_count",
        lists=[list_name],
        q=query_text,
        as_of=when,
        offset=(page - 1) * PUBLIC_PAGE,
        limit=PUBLIC_PAGE,
    )
    pages = _pages(count)
    return {
        "list": list_name,
        "q": query_text,
        "as_of": when,
        "page": page,
        "pages": pages,
        "count": count,
        "entries": [_published(dict(r)) | {"measures": list(r["measures"] or [])} for r in rows],
    }


def published_broken_commitments(
    store: Store, q: str = "", as_of: date | None = None, *, page: int = 1
) -> dict[str, Any]:
    """One public page of the broken credit commitments (苏政办发〔2017〕144号 (十): commitments are
    made public; a 承诺不符 violation is a dishonesty record): what the ``broken-commitments`` alert
    publishes to the public role (companies' public commitments), whose subject's name contains ``q``."""
    alert = ALERTS.get("broken-commitments")
    when = day(as_of)
    text = (q or "").strip()
    items = [
        i
        for i in compute(store, alert, when, arguments(alert, {}))
        if (alert.public is None or alert.public(i, {})) and text in (i["subject"].get("name") or "")
    ]
    items.sort(key=lambda i: (i["decided_at"], i["commitment"]["key"]), reverse=True)
    return {
        "q": text,
        "as_of": when,
        "page": page,
        "pages": _pages(len(items)),
        "count": len(items),
        "items": _slice(items, page),
    }


def courier_status_list(
    store: Store, as_of: date | None = None, *, status: str | None = None, q: str = "", page: int = 1
) -> dict[str, Any]:
    """One page of the couriers' status list on ``as_of`` (电子商务意见 (六)): banned, warned, good,
    each with why; filtered by status and a part of the name."""
    when = day(as_of)
    text = (q or "").strip()
    items = [
        c
        for c in courier_statuses(store, when)
        if (status is None or c["status"] == status) and text in (c["name"] or "")
    ]
    counts = {s: sum(c["status"] == s for c in items) for s in ("banned", "warned", "good")}
    return {
        "as_of": when,
        "status": status,
        "q": text,
        "page": page,
        "pages": _pages(len(items)),
        "count": len(items),
        "counts": counts,
        "items": _slice(items, page),
    }


def _pages(count: int) -> int:
    """How many public pages ``count`` rows fill (one, empty, when there are none)."""
    return max(1, -(-count // PUBLIC_PAGE))


def _slice(items: list[dict[str, Any]], page: int) -> list[dict[str, Any]]:
    """Page ``page`` (from 1) of a list computed whole."""
    start = (page - 1) * PUBLIC_PAGE
    return items[start : start + PUBLIC_PAGE]
