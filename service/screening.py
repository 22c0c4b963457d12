"""Batch screening (名单比对) for every interface: ``creditgraph screen``, ``POST /screen``,
``Client.screen``.

One item per input identifier, in input order: whether the graph holds it, its list entries in
force, whether a measure of a black-list entry bars the purpose asked about (each bar with its
clause), its credit commitments in force (and the violation that breaks one), the barred-role and
reappearance hits it is part of (as the listed subject, or as the
company or shop a listed subject holds), and the agencies to contact: the one that listed it and
the lead agencies that must act on the entry (the who-must-act answer).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.measures import purposes
from creditgraph.queries.responsible import responsible_for
from creditgraph.queries.screening import (
    MAX_IDS,
    Screened,
    commitments_by_key,
    entries_by_key,
    read_ids,
    verdict,
)

from . import alerts
from .clock import day
from .errors import BadParam

HIT_ALERTS = ("barred-roles", "reappearances")
Item = dict[str, Any]


def purpose_names() -> tuple[str, ...]:
    """The purposes a screening may be made for (the policy data's, in its order)."""
    return tuple(purposes())


def screen(
    store: Store, ids: list[Any], purpose: str | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """Screen ``ids`` against the lists in force on ``as_of`` (default today) for ``purpose``."""
    if purpose is not None and purpose not in purposes():
        raise BadParam("purpose", f"purpose must be among {', '.join(purposes())}, not {purpose!r}")
    if not ids:
        raise BadParam("ids", "no identifier to screen")
    if len(ids) > MAX_IDS:
        raise BadParam("ids", f"at most {MAX_IDS:,} identifiers in one screening, not {len(ids):,}")
    when = day(as_of)
    read = read_ids(store, ids)
    subjects = entries_by_key(store, read, when)
    hits = _hits(store, when, {key for _, key in subjects})
    made = commitments_by_key(store, read, when)
    who = responsible_for(store)
    items = [_item(r, subjects, hits, purpose, when, who) | _commitments(r, made) for r in read]
    counts = dict.fromkeys(("found", "barred", "listed", "errors"), 0)
    for i in items:
        counts["found"] += i["found"]
        counts["barred"] += bool(i["barred"])
        counts["listed"] += bool(i["entries"])
        counts["errors"] += i["error"] is not None
    return {"as_of": when, "purpose": purpose, "count": len(items), **counts, "items": items}


def _hits(store: Store, as_of: date, keys: set[str]) -> dict[str, list[Item]]:
    """The barred-role and reappearance items that name a screened subject, by node key."""
    out: dict[str, list[Item]] = defaultdict(list)
    if not keys:
        return out
    for name in HIT_ALERTS:
        alert = alerts.ALERTS.get(name)
        for item in alerts.compute(store, alert, as_of, alerts.arguments(alert, {})):
            for side in ("subject", "entity"):
                key = item[side].get("node_key") or item[side]["key"]
                if key in keys:
                    out[key].append(_hit(name, side, item))
    return out


def _commitments(r: Screened, made: dict[tuple[str, str], list[Item]]) -> Item:
    return {"commitments": made.get((r.kind or "", r.key or ""), [])}


def _hit(alert: str, side: str, item: Item) -> Item:
    return {
        "alert": alert,
        "as": side,
        "basis": item["basis"],
        "subject": item["subject"],
        "entity": item["entity"],
        "entry": item["list_entry"]["key"],
        "agency": item["list_entry"].get("agency"),
        "measure": (item.get("measure") or {}).get("name"),
        "since": item.get("since"),
    }


def _item(
    r: Screened,
    subjects: dict[tuple[str, str], dict[str, Any]],
    hits: dict[str, list[Item]],
    purpose: str | None,
    as_of: date,
    who: Any,
) -> Item:
    found = subjects.get((r.kind or "", r.key or ""))
    entries = found["entries"] if found else []
    item: Item = {
        "row": r.row,
        "id": r.shown,
        "kind": r.kind,
        "found": found is not None,
        "name": found["name"] if found else None,
        "node_key": r.key if found else None,
        "error": r.error,
        "entries": entries,
        "hits": hits.get(r.key or "", []) if found else [],
        "contact": _contacts(entries, who, as_of),
    }
    if r.id_number:
        item["id_number"] = r.id_number
    judged = verdict(entries, purpose)
    if r.error:
        judged["barred"] = None
    return item | judged


def _contacts(entries: list[Item], who: Any, as_of: date) -> list[Item]:
    """For each black-list entry in force: the agency that listed it (as written) and the lead
    agencies that must act on it."""
    out = []
    for e in entries:
        if e["list"] != "black":
            continue
        leads = [
            a["agency"]["name"] for a in who(e["reason"], e["jurisdiction"], as_of) if a["role"] == "lead"
        ]
        out.append({"entry": e["key"], "listed_by": e["agency"], "leads": list(dict.fromkeys(leads))})
    return out
