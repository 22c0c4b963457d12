"""Schemathesis hooks for the contract test (loaded with SCHEMATHESIS_HOOKS=schemathesis_hooks).

The formats: strategies for the custom string formats the description declares (``uscc``: the
18th character is the check character of the first 17), built with the value types' own
check-character helper.

The coverage phase draws boundary values from a parameter's pattern alone, without its format:
positive ``uscc`` values get their check character recomputed.

The exclusions: rules that no JSON Schema keyword can state, each documented in the description,
kept out of the *positive* cases only (a valid request must be accepted; these would be refused
with 422 by a rule the description states in words):

* ``listed_from`` after ``listed_to`` (two parameters compared) — 422 naming ``listed_to``;
* a ``person`` identifier that is neither a citizen ID with a valid check digit nor a node key (the
  shape depends on the ``kind`` parameter) — 422 naming ``ident`` / ``from`` / ``to``;
* an objection's ``filed_at`` or a step's ``on`` after today, or ``filed_at`` before the record it contests (moved to the
  day before the request; before 2020 is taken as before every record);
* a ``reply`` without its text (one body field required by another's value);
* an objection against a record that is not about the subject named (depends on the graph):
  positive bodies of ``POST /objections`` name the record and subject of CONTRACT_TARGET.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

import schemathesis
from hypothesis import strategies as st

from creditgraph.graph_model.types import (
    USCC_AUTHORITIES,
    USCC_CHARSET,
    CitizenID,
    ValueTypeError,
    uscc_check_char,
)

_BODY = st.builds(
    lambda a, b, digits, rest: a + b + digits + rest,
    st.sampled_from(USCC_AUTHORITIES),
    st.sampled_from(USCC_CHARSET),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(USCC_CHARSET, min_size=9, max_size=9),
)
schemathesis.openapi.format("uscc", _BODY.map(lambda body: body + uscc_check_char(body)))

VALID_ABSENT_ID = "11010519491231002X"  # a valid citizen ID no synthetic graph holds
TODAY = date.today() - timedelta(days=1)  # the server's "today" is China time: stay a day behind


def _positive(case: Any) -> bool:
    meta = getattr(case, "meta", None)
    return meta is not None and meta.generation.mode.is_positive


def _person_ident(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    if len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return True
    try:
        return CitizenID().clean(value) == value.upper()
    except ValueTypeError:
        return False


def _not_future(container: dict[str, Any], name: str) -> None:
    value = container.get(name)
    if isinstance(value, str) and value > TODAY.isoformat():
        container[name] = TODAY.isoformat()


@schemathesis.hook
def map_case(ctx: Any, case: Any) -> Any:
    if not _positive(case):
        return case
    query, path = case.query or {}, case.path_parameters or {}
    if query.get("listed_from") and query.get("listed_to") and query["listed_from"] > query["listed_to"]:
        query["listed_from"], query["listed_to"] = query["listed_to"], query["listed_from"]
    uscc = path.get("uscc")
    if isinstance(uscc, str) and len(uscc) == 18:  # the coverage phase draws from the pattern alone
        path["uscc"] = uscc[:17] + uscc_check_char(uscc[:17].upper())
    if case.operation.path.startswith("/persons/") and not _person_ident(path.get("key")):
        path["key"] = VALID_ABSENT_ID
    if path.get("kind") == "person" and not _person_ident(path.get("ident")):
        path["ident"] = VALID_ABSENT_ID
    pairs = [("from_kind", "from"), ("to_kind", "to")]
    if case.operation.path == "/reports/verify":
        pairs.append(("kind", "ident"))
    for kind, ident in pairs:
        if query.get(kind) == "person" and not _person_ident(query.get(ident)):
            query[ident] = VALID_ABSENT_ID
    body = case.body if isinstance(case.body, dict) else None
    if body is not None and case.operation.path.startswith("/objections"):
        _not_future(body, "filed_at")
        if isinstance(body.get("filed_at"), str) and body["filed_at"] < "2020-01-01":
            body["filed_at"] = TODAY.isoformat()  # not before the record it contests (a 422 naming filed_at)
        _not_future(body, "on")
        if body.get("action") == "reply" and not body.get("text"):
            body["text"] = "已收到，正在核查"
        target = os.environ.get("CONTRACT_TARGET")
        if case.method.upper() == "POST" and target:
            label, key, subject = target.split(":", 2)
            body.update(target_label=label, target_key=key, subject_key=subject)
    return case
