"""Barred roles: blacklisted persons and companies holding, on a date, what their entry's measures bar.

The measures bar the subject from *holding* a role, a shop or a platform presence (苏政办发〔2017〕144号
电子商务意见 (二十), (六); ``graph_model/resources/measures.yaml``), so a role held since before the listing
is as much a hit as one taken after it; ``reappearances`` stays the list of what began after. A tie
that ended on or before the as-of date (hence any that ended on or before the listing) is not held.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store

from .alerts import Responsible, alert_item
from .library import query
from .measures import bar_for_row
from .subjects import people_by_key

# query -> (subject labels it runs for, basis of a tie that began after the listing)
_QUERIES: list[tuple[str, tuple[str | None, ...], str]] = [
    ("barred_company_roles", (None,), "direct_role"),
    ("barred_shops", ("Person", "Company"), "shop_operator"),
    ("barred_courier_services", (None,), "courier"),
]
QUERIES = tuple(name for name, _, _ in _QUERIES)
HELD_ROLE = "held_role"  # the basis of a barred tie held since before the listing


def began(row: dict[str, Any]) -> str:
    """``after_listing`` when the tie began after the listing date; else (or when its start is
    unknown) ``before_listing``: the subject held it when listed."""
    since, listed = row.get("since"), row.get("listed_at")
    return (
        "after_listing" if since is not None and listed is not None and since > listed else "before_listing"
    )


def barred_roles(
    store: Store, as_of: date, *, responsible: Responsible | None = None
) -> list[dict[str, Any]]:
    """Every tie a blacklisted person or company holds on ``as_of`` that one of the entry's own
    measures bars, whenever it began: the reappearance item's fields plus ``measure`` and ``began``."""
    rows: list[tuple[str, dict[str, Any]]] = []
    for name, labels, basis in _QUERIES:
        for label in labels:
            rows += [(basis, r) for r in query(store, name, subject=label, as_of=as_of)]
    people = people_by_key(store, [r["subject_key"] for _, r in rows if r["subject_label"] == "Person"])
    items, seen = [], set()
    for basis, r in rows:
        when = began(r)
        bar = bar_for_row(r, after_listing=when == "after_listing")
        ident = (r["entry_key"], r["entity_key"], r.get("rel"), r.get("role"), r.get("courier_key"))
        if bar is None or ident in seen:
            continue
        seen.add(ident)
        item = alert_item(r, basis if when == "after_listing" else HELD_ROLE, people, as_of, responsible)
        item.update(measure=bar.out(), began=when)
        if r.get("courier_key"):
            item["via"]["courier"] = {"kind": "courier", "key": r["courier_key"], "name": r["courier_name"]}
        items.append(item)
    items.sort(key=lambda i: (i["listed_at"], i["subject"]["node_key"], i["entity"]["key"], i["basis"]))
    return items
