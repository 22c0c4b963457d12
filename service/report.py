"""A subject's credit report (信用报告), with a verification code the API checks later.

The documents ask that credit reports be used in procurement, bidding and hiring (连云港涉审中介意见
四(六), 个人诚信意见 五(三)). A report holds, as of one day: the subject's identity, its records in
display (violations, evaluations, complaints), its credit commitments, its list entries in force with the measures they
carry (incentives and restrictions, each with its clause), the objections against its records and
their state, its risk score with the explanation, and the sources.

The verification code is an HMAC-SHA256, under the graph's own secret, of the report's content in
canonical JSON (unmasked; the role only changes what is shown). Whoever is handed a report asks
the API to verify it (kind, identifier, day, code): the report is built again from the graph and
the codes compared. A code that does not match (a report altered, a code typed wrong, or records
of that day changed since) is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import date
from typing import Any

from creditgraph.graph_model.errors import NotFound
from creditgraph.graph_model.identity import SECRET_KEY
from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.entity import entity_file as _entity_file
from creditgraph.queries.measures_in_force import measures_in_force
from creditgraph.queries.subjects import SubjectRef

from . import risk
from .clock import day

FORMAT = "creditgraph credit report v1"
REPORTED_RECORDS = ("violations", "complaints", "evaluations")  # in display on the day
CODE_GROUPS = 5  # XXXX-XXXX-XXXX-XXXX-XXXX: 100 bits of the HMAC


def report(
    store: Store, ref: SubjectRef, as_of: date | None = None, *, runs: risk.Runs | None = None
) -> dict[str, Any]:
    """The report of ``ref`` as of ``as_of`` (default today), with its verification code."""
    content = _content(store, ref, day(as_of), runs)
    return content | {"verification": {"code": code(store, content), "method": "HMAC-SHA256, canonical JSON"}}


def verify(
    store: Store, ref: SubjectRef, as_of: date, given: str, *, runs: risk.Runs | None = None
) -> dict[str, Any]:
    """Whether ``given`` is the code of ``ref``'s report as of ``as_of`` built from the graph now."""
    content = _content(store, ref, as_of, runs)
    valid = hmac.compare_digest(_normal(given), _normal(code(store, content)))
    return {
        "valid": valid,
        "subject": content["subject"],
        "as_of": as_of,
        "reason": None
        if valid
        else "the code is not this report's: the report was altered, the code mistyped, or the records of "
        "that day changed since it was issued",
    }


def code(store: Store, content: dict[str, Any]) -> str:
    """The verification code of a report's content (everything but the code itself)."""
    secret = store.get_meta(SECRET_KEY)
    if secret is None:
        raise NotFound("this database holds no secret yet: load records first")
    digest = hmac.new(secret.encode(), _canonical(content), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode()[: 4 * CODE_GROUPS]
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _normal(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def _canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    ).encode()


def _content(store: Store, ref: SubjectRef, as_of: date, runs: risk.Runs | None) -> dict[str, Any]:
    file = _entity_file(store, ref, as_of, history=False)
    applied = measures_in_force(store, ref, as_of)
    records = {s: file["sections"].get(s, []) for s in REPORTED_RECORDS}
    scored = risk.subject_risk(store, ref, as_of, runs=runs)
    documents = sorted(
        {i["document"] for i in applied["incentives"] + applied["restrictions"] if i.get("document")}
    )
    return {
        "format": FORMAT,
        "subject": file["subject"],
        "as_of": as_of,
        "identity": file["properties"],
        "records": records,
        "list_entries": applied["entries"],
        "commitments": file["sections"].get("commitments", []),
        "qualifications": file["sections"].get("qualifications", []),
        "incentives": applied["incentives"],
        "restrictions": applied["restrictions"],
        "objections": file["objections"],
        "risk": {k: v for k, v in scored.items() if k not in ("subject", "as_of")},
        "sources": {
            "records": "the record files loaded into this graph (docs/records.md), agencies as written",
            "documents": documents,
            "display": "records in display on the day: 苏政办发〔2017〕144号 display periods and credit repair "
            "(docs/rules.md)",
        },
    }
