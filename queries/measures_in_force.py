"""Which incentives and which restrictions apply to one subject on one date.

A red-list entry in force grants the incentives it names, or, naming none, every incentive the
documents grant a red-listed subject of its kind (``graph_model/resources/incentives.yaml``, 苏政办发
〔2017〕144号 电子商务意见 (十九), 个人诚信意见 六(一); 连云港涉审中介意见 四(六)). A black-list
entry in force imposes the measures it names (``measures.yaml``); while one is in force, the
subject's incentives are suspended (the data's ``suspension`` reading). Every item names its entry
and its clause; a measure name no document gives is kept and shown as unknown, never dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store

from .library import query
from .measures import incentives, restriction, suspension_rule
from .subjects import SubjectRef, people_by_key, subject_out


def measures_in_force(store: Store, ref: SubjectRef, as_of: date) -> dict[str, Any]:
    """The subject, its entries in force on ``as_of``, and the incentives and restrictions they carry."""
    node = query(store, "subject", subject=ref.label, key=ref.key)[0]["s"]
    entries = query(store, "subject_entries_in_force", subject=ref.label, key=ref.key, as_of=as_of)
    black = [e["key"] for e in entries if e["list"] == "black"]
    intermediary = bool(node.get("intermediary_category"))
    granted = [item for e in entries if e["list"] == "red" for item in _granted(e, ref.kind, intermediary)]
    for item in granted:
        item["suspended_by"] = black
    return {
        "subject": subject_out(ref.label, ref.key, node.get("name"), people_by_key(store, _persons(ref))),
        "as_of": as_of,
        "entries": [_entry_out(e) for e in entries],
        "incentives": granted,
        "restrictions": [item for e in entries if e["list"] == "black" for item in _imposed(e)],
        "suspension": suspension_rule() if black and granted else None,
    }


def _entry_out(e: dict[str, Any]) -> dict[str, Any]:
    return {
        k: e[k] for k in ("key", "list", "listed_at", "expires_at", "reason", "agency", "jurisdiction")
    } | {
        "measures": list(e["measures"] or []),
        "contested": e["contested"],
    }


def _granted(entry: dict[str, Any], kind: str, intermediary: bool) -> list[dict[str, Any]]:
    """The incentives one red-list entry grants: its own names, or the documents' set for the kind."""
    named = list(entry["measures"] or [])
    known = [i for i in incentives() if i.applies_to(kind, intermediary)]
    if not named:
        return [{"entry": entry["key"], "source": "documents", "known": True} | i.out() for i in known]
    items = []
    for name in dict.fromkeys(named):
        rows = [i for i in known if i.name == name] or [i for i in incentives() if i.name == name][:1]
        if not rows:
            items.append(_unknown(entry["key"], name))
        items += [{"entry": entry["key"], "source": "entry", "known": True} | i.out() for i in rows]
    return items


def _imposed(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The restrictions one black-list entry imposes: the measures it names, as the documents state them."""
    items = []
    for name in dict.fromkeys(entry["measures"] or []):
        rule = restriction(name)
        items.append(
            _unknown(entry["key"], name) if rule is None else {"entry": entry["key"], "known": True} | rule
        )
    return items


def _unknown(entry: str, name: str) -> dict[str, Any]:
    return {"entry": entry, "name": name, "known": False, "document": None, "clause": None}


def _persons(ref: SubjectRef) -> list[str]:
    return [ref.key] if ref.label == "Person" else []
