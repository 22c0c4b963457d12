"""Practitioners of key occupational groups (重点职业人群) and their serious dishonesty, as of a date.

The groups and the reading of "serious dishonesty" are data (``graph_model/resources/practitioners.yaml``:
the personal-credit opinions 三(二) and 六(二)); every item cites them.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.yamlfile import read_yaml

from .library import query

PRACTITIONERS_FILE = RESOURCES / "practitioners.yaml"
QUERIES = ("practitioners", "practitioner_dishonesty")


@cache
def practitioner_rules() -> dict[str, Any]:
    """The practitioners resource: the groups, where a practitioner belongs, serious dishonesty."""
    return read_yaml(PRACTITIONERS_FILE)


def groups() -> tuple[str, ...]:
    return tuple(g["code"] for g in practitioner_rules()["groups"])


def practitioners(
    store: Store, group: str, as_of: date, *, jurisdiction: str | None = None, dishonest: bool = False
) -> list[dict[str, Any]]:
    """The practitioners of ``group`` whose qualification is in force on ``as_of``, in a
    jurisdiction whose code starts with ``jurisdiction`` (the issuing agency's), each with the
    serious-dishonesty records in force; ``dishonest`` keeps those that have one."""
    rows = [
        r
        for r in query(store, "practitioners", occupation=group, as_of=as_of)
        if not jurisdiction or (r["jurisdiction"] or "").startswith(jurisdiction)
    ]
    rule = practitioner_rules()["dishonest"]
    keys = sorted({r["person_key"] for r in rows})
    records: dict[str, list[dict[str, Any]]] = {}
    if keys:
        for r in query(
            store, "practitioner_dishonesty", keys=keys, as_of=as_of, severity=rule["violation_severity"]
        ):
            records.setdefault(r["person_key"], []).append(
                {"on": r["dated"], **{k: r[k] for k in ("kind", "record_key", "what", "jurisdiction")}}
            )
    basis = {"document": rule["document"], "clause": rule["clause"]}
    items = []
    for r in rows:
        found = sorted(records.get(r["person_key"], []), key=lambda x: (str(x["on"]), x["record_key"]))
        if dishonest and not found:
            continue
        items.append(
            {
                "person": {
                    "kind": "person",
                    "key": r["id_masked"] or "",
                    "name": r["person_name"],
                    "node_key": r["person_key"],
                    "id_number": r["id_number"],
                },
                "qualification": {
                    "key": r["qualification_key"],
                    "group": r["occupation"],
                    "licence_no": r["licence_no"],
                    "issuing_agency": r["issuing_agency"],
                    "jurisdiction": r["jurisdiction"],
                    "since": r["since"],
                    "until": r["until"],
                },
                "employer": {"kind": "company", "key": r["employer_key"], "name": r["employer_name"]}
                if r["employer_key"]
                else None,
                "dishonest": bool(found),
                "records": found,
                "basis": basis,
            }
        )
    return items
