"""The three alert lists: reappearances of blacklisted subjects, courier bans, shared-identifier rings.

Each is one or more named queries in the common dialect plus a little Python that shapes the hits
(and, for rings, groups subjects into connected components, which Cypher cannot do portably).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores.base import Store

from .library import query
from .measures import bar_for_row
from .subjects import people_by_key, subject_out

BASES = ("direct_role", "shop_operator", "shareholding", "shared_identifier", "responsible_person")
DEFAULT_MAX_SHARE = 10  # an identifier held by more subjects is generic (a platform's service line)

# basis -> (query, subject labels it runs for)
_REAPPEARANCE_QUERIES: list[tuple[str, str, tuple[str | None, ...]]] = [
    ("direct_role", "reappear_direct_role", (None,)),
    ("shop_operator", "reappear_shop_operator", ("Person", "Company")),
    ("shop_operator", "reappear_reopened_shop", (None,)),
    ("shareholding", "reappear_shareholding", (None,)),
    ("shared_identifier", "reappear_shared_identifier", ("Person", "Company")),
    ("shared_identifier", "reappear_shared_identifier_shop", ("Person", "Company")),
    ("responsible_person", "reappear_responsible_person", (None,)),
    ("responsible_person", "reappear_responsible_shop", (None,)),
]

#: every query the reappearance scan runs (the generic-identifier count last)
QUERIES = (*dict.fromkeys(name for _, name, _ in _REAPPEARANCE_QUERIES), "reappear_identifier_holders")
COURIER_BAN_QUERIES = ("courier_bans", "courier_bans_operator")

Responsible = Callable[[str | None, str | None, date], list[dict[str, Any]]]


def _entity(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": (row.get("entity_label") or "").lower(),
        "key": row["entity_key"],
        "name": row.get("entity_name"),
    }


def alert_item(
    r: dict[str, Any],
    basis: str,
    people: dict[str, Any],
    as_of: date,
    responsible: Responsible | None,
) -> dict[str, Any]:
    """The fields every subject-reappearing alert item has (reappearances, barred roles)."""
    return {
        "subject": subject_out(r["subject_label"], r["subject_key"], r["subject_name"], people),
        "entity": _entity(r),
        "basis": basis,
        "via": {"rel": r.get("rel"), "role": r.get("role")},
        "listed_at": r["listed_at"],
        "since": r["since"],
        "list_entry": {
            "key": r["entry_key"],
            "agency": r.get("agency"),
            "jurisdiction": r.get("jurisdiction"),
            "reason": r.get("reason"),
            "contested": bool(r.get("contested")),
        },
        "responsible": responsible(r.get("reason"), r.get("jurisdiction"), as_of) if responsible else [],
    }


def reappearances(
    store: Store,
    as_of: date,
    *,
    max_share: int = DEFAULT_MAX_SHARE,
    bases: tuple[str, ...] = BASES,
    responsible: Responsible | None = None,
) -> list[dict[str, Any]]:
    """Blacklisted subjects who reappear in a company or shop after their listing, with the basis
    and the entry's measure that bars the tie (a tie no measure of the entry bars is not a hit)."""
    rows: list[tuple[str, dict[str, Any]]] = []
    for basis, name, labels in _REAPPEARANCE_QUERIES:
        if basis not in bases:
            continue
        for label in labels:
            rows += [(basis, r) for r in query(store, name, subject=label, as_of=as_of)]
    shared = [r for b, r in rows if b == "shared_identifier"]
    if shared:
        generic = _generic_identifiers(store, shared, max_share)
        rows = [(b, r) for b, r in rows if b != "shared_identifier" or r["identifier_key"] not in generic]
    people = people_by_key(store, [r["subject_key"] for _, r in rows if r["subject_label"] == "Person"])
    items, seen = [], set()
    for basis, r in rows:
        ident = (basis, r["subject_key"], r["entity_key"], r["entry_key"], r.get("rel"), r.get("role"))
        if ident in seen:
            continue
        seen.add(ident)
        bar = bar_for_row(r, after_listing=True)
        if bar is None:  # none of the entry's own measures bars this tie
            continue
        item = alert_item(r, basis, people, as_of, responsible)
        item["measure"] = bar.out()
        if basis == "shareholding":
            item["via"].update(ratio=r.get("ratio"), largest=r.get("largest"))
        if basis == "shared_identifier":
            item["via"].update(
                identifier={
                    "kind": r["identifier_label"].lower(),
                    "key": r["identifier_key"],
                    "name": r["identifier"],
                },
                nominee={"node_key": r["nominee_key"], "name": r["nominee_name"]},
            )
        if r.get("listed_shop"):
            item["via"].update(listed_shop={"key": r["listed_shop"], "name": r["listed_shop_name"]})
        if basis == "responsible_person":
            item["via"].update(listed_company={"key": r["listed_company"], "name": r["listed_company_name"]})
        items.append(item)
    items.sort(key=lambda i: (i["listed_at"], i["subject"]["node_key"], i["entity"]["key"], i["basis"]))
    return items


def _generic_identifiers(store: Store, hits: list[dict[str, Any]], max_share: int) -> set[str]:
    """The identifiers among ``hits`` held by more than ``max_share`` subjects: they tie no one.

    Counted in a query of its own, and only for the identifiers the hits share (a few hundred
    keys looked up by key, ~10 ms on a million subjects): folding the count into the reappearance
    query made Ladybug expand from the carried identifier, ~5x slower, and counting the holders of
    every listed subject's identifier (``listed_identifier_holders``) took ~80 ms."""
    keys: dict[str, set[str]] = {label: set() for label in load_schema().identifiers}
    for r in hits:
        keys[r["identifier_label"]].add(r["identifier_key"])
    rows = query(
        store,
        "reappear_identifier_holders",
        phones=sorted(keys["Phone"]),
        addresses=sorted(keys["Address"]),
        accounts=sorted(keys["Account"]),
    )
    return {r["identifier_key"] for r in rows if r["holders"] > max_share}


def courier_bans(store: Store, as_of: date) -> list[dict[str, Any]]:
    """Couriers (or couriers whose operator is) blacklisted from platforms that still serve one."""
    rows = query(store, "courier_bans", as_of=as_of) + query(store, "courier_bans_operator", as_of=as_of)
    items = [
        {
            "subject": subject_out(r["subject_label"], r["subject_key"], r["subject_name"]),
            "courier": {"kind": "courier", "key": r["courier_key"], "name": r["courier_name"]},
            "entity": _entity(r),
            "basis": r["basis"],
            "listed_at": r["listed_at"],
            "since": r["since"],
            "until": r["until"],
            "list_entry": {
                "key": r["entry_key"],
                "agency": r.get("agency"),
                "jurisdiction": r.get("jurisdiction"),
            },
        }
        for r in rows
    ]
    items.sort(key=lambda i: (i["listed_at"], i["courier"]["key"], i["entity"]["key"]))
    return items
