"""The entity file (一企一档 / 一人一档): everything on one subject, as of a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store

from .library import query
from .subjects import SubjectRef, identifier_values, in_force, people_by_key, subject_out

MAX_LINKS = 2_000  # a subject with more direct links is summarised (the cap written in subject_links.cypher)

SECTIONS = {
    ("out", "LEGAL_REP_OF"): "roles",
    ("out", "OFFICER_OF"): "roles",
    ("in", "LEGAL_REP_OF"): "people",
    ("in", "OFFICER_OF"): "people",
    ("out", "SHAREHOLDER_OF"): "shareholdings",
    ("in", "SHAREHOLDER_OF"): "shareholders",
    ("out", "OPERATES"): "operates",
    ("in", "OPERATES"): "operators",
    ("out", "ON_PLATFORM"): "platforms",
    ("in", "ON_PLATFORM"): "shops",
    ("out", "SHIPS_FOR"): "ships_for",
    ("in", "SHIPS_FOR"): "couriers",
    ("out", "SELLS"): "products",
    ("out", "MANUFACTURES"): "products",
    ("out", "COMMITTED"): "violations",
    ("out", "LISTED_IN"): "list_entries",
    ("in", "COMPLAINT_AGAINST"): "complaints",
    ("in", "EVALUATES"): "evaluations",
    ("out", "HOLDS_QUALIFICATION"): "qualifications",
    ("out", "MADE_COMMITMENT"): "commitments",
    ("out", "LISTED_ABNORMAL"): "abnormal_entries",
    ("out", "HAS_PHONE"): "identifiers",
    ("out", "HAS_ADDRESS"): "identifiers",
    ("out", "HAS_ACCOUNT"): "identifiers",
    ("out", "IN_JURISDICTION"): "jurisdiction",
}
RECORD_SECTIONS = (
    "violations",
    "list_entries",
    "complaints",
    "evaluations",
    "qualifications",
    "commitments",
    "abnormal_entries",
)


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and not k.startswith("_")}


def record_status(section: str, rec: dict[str, Any], as_of: date) -> str:
    """Where a record stands on a date: the policy's display period and credit repair decide."""
    if rec.get("upheld_objection"):
        return "withdrawn"
    if section == "violations":
        if rec.get("decided_at") and rec["decided_at"] > as_of:
            return "future"
        ended = [d for d in (rec.get("display_until"), rec.get("repaired_at")) if d]
        return "expired" if ended and min(ended) <= as_of else "active"
    if section == "list_entries":
        if rec.get("listed_at") and rec["listed_at"] > as_of:
            return "future"
        ended = [d for d in (rec.get("expires_at"), rec.get("removed_at")) if d]
        return "expired" if ended and min(ended) <= as_of else "active"
    if section in ("qualifications", "commitments", "abnormal_entries"):
        start, end = {
            "qualifications": (rec.get("since"), rec.get("until")),
            "commitments": (rec.get("made_at"), rec.get("valid_until")),
            "abnormal_entries": (rec.get("listed_at"), rec.get("removed_at")),
        }[section]
        if start and start > as_of:
            return "future"
        return "expired" if end and end <= as_of else "active"
    return "active"


def _link_order(link: dict[str, Any]) -> tuple:
    props = sorted((k, str(v)) for k, v in link["r"].items() if not k.startswith("_"))
    return (link["direction"], link["rel"], link["key"] or "", props)


def _has_records(links: list[dict[str, Any]]) -> bool:
    return any(SECTIONS.get((lk["direction"], lk["rel"])) in RECORD_SECTIONS for lk in links)


def entity_file(store: Store, ref: SubjectRef, as_of: date, *, history: bool = True) -> dict[str, Any]:
    """One subject's file. Links whose dates exclude ``as_of`` are kept (marked) when ``history``."""
    node = ref.node or query(store, "subject", subject=ref.label, key=ref.key)[0]["s"]
    # the sections list links in one order whatever order a store returns them in
    links = sorted(query(store, "subject_links", subject=ref.label, key=ref.key), key=_link_order)
    records = {
        (r["rel"], r["x"]["key"]): r["x"]
        for r in (
            query(store, "subject_records", subject=ref.label, key=ref.key) if _has_records(links) else []
        )
    }
    person_keys = [ref.key] if ref.label == "Person" else []
    person_keys += [lk["key"] for lk in links if lk["label"] == "Person"]
    people = people_by_key(store, person_keys)
    values = identifier_values(store, [(lk["label"], lk["key"]) for lk in links])

    sections: dict[str, list[dict[str, Any]]] = {}
    record_keys = []
    for link in links:
        section = SECTIONS.get((link["direction"], link["rel"]))
        if section is None:
            continue
        rel = link["r"]
        entry: dict[str, Any] = {"rel": link["rel"], **_clean(rel)}
        if section in RECORD_SECTIONS:
            record = records.get((link["rel"], link["key"]), {"key": link["key"]})
            entry.update(_clean(record))
            entry.pop("id_number", None)
            entry["status"] = record_status(section, record, as_of)
            record_keys.append(link["key"])
        else:
            entry["node"] = subject_out(link["label"] or "", link["key"], link["name"], people)
            entry["node"].update(values.get((link["label"], link["key"]), {}))
            entry["current"] = in_force(rel, as_of)
        if not history and not (entry.get("current", True) and entry.get("status", "active") == "active"):
            continue
        sections.setdefault(section, []).append(entry)

    objections = []
    if record_keys:
        objections = [
            {"record_key": r["record_key"], "record_kind": r["record_label"], **_clean(r["o"])}
            for r in query(store, "record_objections", subject=ref.label, key=ref.key)
        ]
        objections.sort(key=lambda o: sorted((k, str(v)) for k, v in o.items()))
    identity = subject_out(ref.label, ref.key, node.get("name"), people)
    return {
        "subject": identity,
        "as_of": as_of,
        "properties": {k: v for k, v in _clean(node).items() if k not in ("id_number", "key", "label")},
        "risk": {k: node.get(k) for k in ("risk_own", "risk_score", "risk_rank", "list_status")},
        "sections": sections,
        "objections": objections,
        "truncated": any(sum(lk["direction"] == d for lk in links) >= MAX_LINKS for d in ("out", "in")),
    }
