"""Broken credit commitments: a subject's commitment and the 承诺不符 violation that breaks it.

The rule is data (``graph_model/resources/commitments.yaml``: 苏政办发〔2017〕144号 (十), the Lianyungang
intermediary opinions 四(三)); every item cites it (``basis``).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from creditgraph.graph_model.reference.display import taxonomy_code
from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.yamlfile import read_yaml

from .library import query
from .subjects import people_by_key, subject_out

COMMITMENTS_FILE = RESOURCES / "commitments.yaml"
QUERIES = ("broken_commitments",)


@cache
def commitment_rules() -> dict[str, Any]:
    """The commitments resource: kinds, the breaking rule and the publicity rule, each with its clause."""
    return read_yaml(COMMITMENTS_FILE)


def _basis() -> dict[str, str]:
    rule = commitment_rules()["broken"]
    return {"document": rule["document"], "clause": rule["clause"], "text": rule["text"]}


def broken_commitments(store: Store, as_of: date) -> list[dict[str, Any]]:
    """Commitments broken by a violation of their own subject on display as of ``as_of``."""
    rule = commitment_rules()["broken"]
    rows = query(
        store, "broken_commitments", as_of=as_of, violation_type=taxonomy_code(rule["violation_type"])
    )
    people = people_by_key(store, [r["subject_key"] for r in rows if r["subject_label"] == "Person"])
    basis = _basis()
    return [
        {
            "commitment": {
                "key": r["commitment_key"],
                "kind": r["kind"],
                "content": r["content"],
                "made_at": r["made_at"],
                "valid_until": r["valid_until"],
                "agency": r["commitment_agency"],
                "public": r["public"] is not False,
            },
            "subject": subject_out(r["subject_label"], r["subject_key"], r["subject_name"], people),
            "violation": {
                "key": r["record_key"],
                "type": r["violation"],
                "decided_at": r["decided_at"],
                "severity": r["severity"],
                "agency": r["agency"],
                "jurisdiction": r["jurisdiction"],
                "display_until": r["display_until"],
                "contested": bool(r["contested"]),
            },
            "decided_at": r["decided_at"],
            "basis": basis,
        }
        for r in rows
    ]
