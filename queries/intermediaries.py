"""Approval-related intermediaries (涉审中介机构) eligible for a government purchase on a date.

The rules, the grade bands and the industry warning are data (``graph_model/resources/intermediaries.yaml``:
the Lianyungang intermediary opinions 四(四), 四(六)); every answer names the ones it applies.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.yamlfile import read_yaml

from .library import query

INTERMEDIARIES_FILE = RESOURCES / "intermediaries.yaml"
QUERIES = ("intermediaries", "intermediary_blocks", "intermediary_grades")


@cache
def intermediary_rules() -> dict[str, Any]:
    return read_yaml(INTERMEDIARIES_FILE)


def categories() -> tuple[str, ...]:
    return tuple(c["code"] for c in intermediary_rules()["categories"])


def _good_grades() -> tuple[str, ...]:
    """The grades of the good band (the first band of 四(四): 信用状况好、信用等级高)."""
    return tuple(intermediary_rules()["grading"]["bands"][0]["grades"])


def eligible(store: Store, category: str, as_of: date, *, jurisdiction: str | None = None) -> dict[str, Any]:
    """Every intermediary of ``category`` (in a jurisdiction starting with ``jurisdiction``),
    split into those that may be chosen on ``as_of`` and those left out with the rules they fail,
    and the industry warning when the category's share of D grades passes the threshold."""
    rules = intermediary_rules()
    document = rules["document"]
    by_name = {r["rule"]: r for r in rules["eligibility"]["rules"]}
    companies = [
        r
        for r in query(store, "intermediaries", category=category)
        if not jurisdiction or (r["jurisdiction"] or "").startswith(jurisdiction)
    ]
    keys = [c["key"] for c in companies]
    blocks: dict[str, list[dict[str, Any]]] = {}
    latest: dict[str, dict[str, Any]] = {}
    if keys:
        for r in query(store, "intermediary_blocks", keys=keys, as_of=as_of):
            blocks.setdefault(r["key"], []).append(r)
        for r in query(store, "intermediary_grades", keys=keys, as_of=as_of):
            latest[r["key"]] = r  # ordered by date: the last is the latest
    good = _good_grades()

    def cite(rule: str, **extra: Any) -> dict[str, Any]:
        r = by_name[rule]
        return {"rule": rule, "text": r["text"], "document": document, "clause": r["source"], **extra}

    chosen, left_out = [], []
    for c in companies:
        grade = latest.get(c["key"])
        failed = [
            cite(b["rule"], record=b["record_key"], on=b["dated"])
            for b in sorted(
                blocks.get(c["key"], []), key=lambda b: (list(by_name).index(b["rule"]), str(b["dated"]))
            )
        ]
        if grade is None or grade["grade"] not in good:
            failed.append(cite("good_band", grade=grade["grade"] if grade else None))
        item = {
            "key": c["key"],
            "name": c["name"],
            "jurisdiction": c["jurisdiction"],
            "category": category,
            "grade": grade["grade"] if grade else None,
            "graded_at": grade["evaluated_at"] if grade else None,
            "graded_by": grade["agency"] if grade else None,
        }
        if failed:
            left_out.append({**item, "failed": failed})
        else:
            item["why"] = [cite(name) for name in by_name]
            chosen.append(item)
    warn = rules["eligibility"]["industry_warning"]
    graded = [g["grade"] for k, g in latest.items()]
    share = sum(g == warn["grade"] for g in graded) / len(graded) if graded else 0.0
    warning = (
        {
            "category": category,
            "grade": warn["grade"],
            "share": round(share, 4),
            "threshold": warn["share_above"],
            "graded": len(graded),
            "text": warn["text"],
            "document": document,
            "clause": warn["source"],
        }
        if graded and share > warn["share_above"]
        else None
    )
    return {"category": category, "as_of": as_of, "data": chosen, "left_out": left_out, "warning": warning}
