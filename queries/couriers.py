"""The couriers' status list (快递企业信用状况) as of a date: banned, warned or in good standing.

电子商务意见 (六) asks for couriers' credit records, public exposure of the dishonest and, for the
seriously dishonest, 限制入驻电子商务平台. The statuses, what puts a courier in each and the
complaint window are data (``graph_model/resources/courier_status.yaml``); every courier's status names
the records that decide it (entry, violation, complaint count) and the clause.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from typing import Any

from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.yamlfile import read_yaml

from .library import query

STATUS_FILE = RESOURCES / "courier_status.yaml"


@cache
def status_rules() -> dict[str, Any]:
    """The statuses (in the order they are tried) and the complaint window, from the policy data."""
    data = read_yaml(STATUS_FILE)
    return {"statuses": {s["name"]: s for s in data["statuses"]}, "complaints": data["complaints"]}


def courier_statuses(store: Store, as_of: date) -> list[dict[str, Any]]:
    """Every courier's status on ``as_of`` with why, ordered banned, warned, good, then by key."""
    rules = status_rules()
    couriers: dict[str, dict[str, Any]] = {}
    for r in query(store, "couriers_with_operators"):
        c = couriers.setdefault(r["key"], {"key": r["key"], "name": r["name"], "operators": []})
        if r["operator_key"]:
            c["operators"].append({"key": r["operator_key"], "name": r["operator_name"]})
    keys = sorted(couriers)
    operators = sorted({o["key"] for c in couriers.values() for o in c["operators"]})
    black = _black_entries(store, keys, operators, as_of)
    shown = _violations(store, keys, operators, as_of)
    window = rules["complaints"]["window_days"]
    complaints = {
        r["key"]: int(r["n"])
        for r in (
            query(store, "screen_complaints", subject="Courier", keys=keys,
                  since=as_of - timedelta(days=window), as_of=as_of) if keys else []
        )
    }  # fmt: skip
    out = [_status(c, black, shown, complaints.get(c["key"], 0), rules) for c in couriers.values()]
    order = {name: i for i, name in enumerate(rules["statuses"])}
    return sorted(out, key=lambda c: (order[c["status"]], c["key"]))


def _black_entries(
    store: Store, couriers: list[str], operators: list[str], as_of: date
) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for label, keys in (("Courier", couriers), ("Company", operators)):
        if not keys:
            continue
        for r in query(store, "screen_subjects", subject=label, keys=keys, as_of=as_of):
            if r["list"] == "black":
                found[r["key"]].append(
                    {"entry": r["entry"], "listed_at": r["listed_at"], "agency": r["agency"]}
                )
    return found


def _violations(
    store: Store, couriers: list[str], operators: list[str], as_of: date
) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for label, keys in (("Courier", couriers), ("Company", operators)):
        if keys:
            for r in query(store, "screen_violations", subject=label, keys=keys, as_of=as_of):
                found[r["key"]].append({"record": r["record"], "decided_at": r["decided_at"]})
    return found


def _status(
    courier: dict[str, Any], black: dict, shown: dict, complaints: int, rules: dict[str, Any]
) -> dict[str, Any]:
    own = [courier["key"], *(o["key"] for o in courier["operators"])]
    entries = [e | {"of": k} for k in own for e in black.get(k, [])]
    records = [v | {"of": k} for k in own for v in shown.get(k, [])]
    threshold = rules["complaints"]["threshold"]
    if entries:
        status, why = "banned", {"entries": entries}
    elif records or complaints >= threshold:
        status, why = "warned", {"violations": records, "complaints": complaints}
    else:
        status, why = "good", {}
    rule = rules["statuses"][status]
    return courier | {
        "status": status,
        "label": rule["label"],
        "why": why,
        "complaints": complaints,
        "rule": {"document": rule["document"], "clause": rule["clause"], "rule": rule["rule"]},
    }
