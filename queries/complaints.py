"""Complaint handling rates and the warning list (电子商务意见 (七)(十六)(十八)).

Per shop, platform and courier, over the months up to a day: complaints received, substantiated,
resolved (办结, with the mean days to resolve), paid ahead (先行赔付, with the sum), and the rate of
substantiated complaints per 1,000 orders where the complaints carry the subject's orders of the
month, else per month. A subject whose rate passes the data's threshold is on the warning list.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from functools import cache
from typing import Any

from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.yamlfile import read_yaml

from .library import query
from .subjects import LABEL_KINDS

RULES_FILE = RESOURCES / "complaint_rates.yaml"


@cache
def complaint_rules() -> dict[str, Any]:
    return dict(read_yaml(RULES_FILE))


def months_back(day: date, months: int) -> date:
    """The same day ``months`` months before ``day`` (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def complaint_rates(store: Store, as_of: date, *, months: int | None = None) -> list[dict[str, Any]]:
    """Every shop, platform and courier with a complaint in the period, its rates and whether it is
    warned, the warned first (highest rate first), then by key."""
    rules = complaint_rules()
    span = months or rules["months"]
    since = months_back(as_of, span)
    by_subject: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in query(store, "complaint_rates", since=since, as_of=as_of):
        by_subject[(r["subject_label"], r["subject_key"])].append(r)
    items = [_rates(rows, span, since, as_of, rules) for rows in by_subject.values()]
    return sorted(items, key=lambda i: (not i["warned"], -(i["rate"] or 0), i["subject"]["key"]))


def _rates(rows: list[dict[str, Any]], months: int, since: date, as_of: date, rules: dict) -> dict[str, Any]:
    first = rows[0]
    substantiated = [r for r in rows if r["substantiated"] is True]
    resolved = [r for r in rows if r["resolved_at"] is not None and r["status"] in ("办结", "先行赔付")]
    paid = [r for r in rows if r["status"] == "先行赔付"]
    orders_by_month: dict[tuple[int, int], int] = {}
    for r in rows:
        if r["orders"] is not None:
            month = (r["received_at"].year, r["received_at"].month)
            orders_by_month[month] = max(orders_by_month.get(month, 0), int(r["orders"]))
    orders = sum(orders_by_month.values())
    if orders:
        basis, rate, threshold = (
            "per_1000_orders",
            1000 * len(substantiated) / orders,
            rules["per_1000_orders"],
        )
    else:
        basis, rate, threshold = "per_month", len(substantiated) / months, rules["per_month"]
    days = [(r["resolved_at"] - r["received_at"]).days for r in resolved]
    return {
        "subject": {
            "kind": LABEL_KINDS[first["subject_label"]],
            "key": first["subject_key"],
            "name": first["subject_name"],
            "node_key": first["subject_key"],
        },
        "period": {"since": since, "until": as_of, "months": months},
        "received": len(rows),
        "substantiated": len(substantiated),
        "resolved": len(resolved),
        "mean_days_to_resolve": round(sum(days) / len(days), 1) if days else None,
        "paid_ahead": len(paid),
        "compensation": round(sum(r["compensation"] or 0 for r in paid), 2),
        "orders": orders or None,
        "basis": basis,
        "rate": round(rate, 4),
        "threshold": threshold,
        "warned": rate > threshold,
        "rule": {"document": rules["document"], "clause": rules["clause"]},
    }
