"""Who must act: the agencies a policy table makes responsible for a violation type, as of a date.

A violation type (name, synonym or code of the taxonomy) in a jurisdiction is answered from the
task-division table of the jurisdiction itself when one of its documents in force on the date has
a task addressing the type; otherwise from the nearest enclosing jurisdiction's (walking up
Jurisdiction -PART_OF->: a county to its city, a city to the province). Every lead and cooperating
agency is named as written and resolved to the body that holds its duties on the date, following
SUCCEEDED_BY edges that took effect by then, with the chain and the document as provenance.

Everything is read from the graph (`creditgraph ingest policies` loads it); the registry is used
only to map free text to the taxonomy and to tell, where an agency's duties were split, which
successor inherits them by default (reforms.yaml ``primary``; the graph's SUCCEEDED_BY has no such
property yet).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import InputError, NotFound, StoreError
from creditgraph.graph_model.normalize import compact
from creditgraph.graph_model.reference.registry import RESOURCES, load_registry
from creditgraph.graph_model.stores.base import Row, Store
from creditgraph.graph_model.yamlfile import read_yaml

from .library import query

_CODE = re.compile(r"\d{6}")
NOT_LOADED = "no policy data loaded: run `creditgraph ingest policies` first"


# ---------------------------------------------------------------------------------- lookups
def _first_read(store: Store, name: str) -> list[Row]:
    """A lookup that also tells an empty or never-initialised database apart (Ladybug has no tables yet)."""
    try:
        rows = query(store, name)
    except StoreError as exc:
        if type(exc) is StoreError and "does not exist" in str(exc):
            raise NotFound(NOT_LOADED) from None
        raise
    if not rows:
        raise NotFound(NOT_LOADED)
    return rows


def jurisdictions(store: Store) -> dict[str, Row]:
    """Every loaded jurisdiction by code (code, name, level, parent)."""
    return {r["code"]: r for r in _first_read(store, "jurisdictions")}


def jurisdiction_chain(store: Store, code: str) -> list[Row]:
    """The jurisdiction and those enclosing it, most specific first (320281 → 320200 → 320000)."""
    if not _CODE.fullmatch(code or ""):
        raise InputError(f"jurisdiction must be a 6-digit GB/T 2260 code, got {code!r}")
    known = jurisdictions(store)
    if code not in known:
        raise NotFound(
            f"unknown jurisdiction code {code} (the policy data covers {len(known)} Jiangsu divisions)"
        )
    chain: list[Row] = []
    cur: str | None = code
    while cur and cur in known and all(j["code"] != cur for j in chain):
        chain.append(known[cur])
        cur = known[cur]["parent"]
    return chain


def map_violation(store: Store, text: str) -> dict[str, Any]:
    """The taxonomy entry meant by `text`: a code, an exact name or synonym, else the registry's fuzzy match."""

    # Record files create a violation type as a bare placeholder (a code, no name) before the
    # taxonomy is loaded: only named types are the taxonomy.
    types = {r["code"]: r for r in _first_read(store, "violation_types") if r["name"]}
    if not types:
        raise NotFound(NOT_LOADED)
    raw = (text or "").strip()
    code, how = None, None
    if raw.upper() in types:
        code, how = raw.upper(), "code"
    else:
        n = compact(raw)
        for t in types.values():
            if n and n == compact(t["name"]):
                code, how = t["code"], "exact"
                break
            if n and any(n == compact(s) for s in t["synonyms"] or []):
                code, how = t["code"], "synonym"
                break
    if code is None and raw:
        match = load_registry().map_violation_type(raw)
        if match.how != "other" and match.code in types:
            code, how = match.code, match.how
    if code is None:
        examples = ", ".join(t["name"] for t in list(types.values())[:4])
        raise InputError(
            f"unknown violation type {text!r}: not a name, synonym or code of the taxonomy (e.g. {examples}, V01)"
        )
    t = types[code]
    return {"code": code, "name": t["name"], "category": t["category"], "as_written": text, "matched_by": how}


@cache
def _secondary_successions() -> frozenset[tuple[str, str]]:
    """(from, to) reforms that are not the primary successor of a split (reforms.yaml primary: false)."""

    return frozenset((s.from_id, s.to_id) for s in load_registry().successions if not s.primary)


def successors(store: Store, keys: Iterable[str], as_of: date) -> dict[str, dict[str, Any]]:
    """For each agency key: ``chain`` (the reforms in force on `as_of`, in order) and ``current``.

    Each step is ``{from, agency, date, reform, also}``: ``agency`` the body that took the duties
    over, ``also`` the other bodies when the duties were split (the primary successor is followed).
    Keys with no reform by `as_of` get an empty chain and ``current`` None (the agency itself).
    """
    keys = sorted(set(keys))
    if not keys:
        return {}
    edges: dict[str, list[Row]] = {}
    for r in query(store, "agency_successors", keys=keys, as_of=as_of):
        bucket = edges.setdefault(r["from_key"], [])
        if all(e["to_key"] != r["to_key"] for e in bucket):
            bucket.append(r)
    secondary = _secondary_successions()
    out: dict[str, dict[str, Any]] = {}
    for key in keys:
        chain: list[dict[str, Any]] = []
        cur, seen = key, {key}
        while edges.get(cur):
            options = sorted(
                edges[cur], key=lambda e: ((e["from_key"], e["to_key"]) in secondary, e["date"], e["to_key"])
            )
            step = options[0]
            if step["to_key"] in seen:
                break
            chain.append(
                {
                    "from": {"id": step["from_key"], "name": step["from_name"]},
                    "agency": {
                        "id": step["to_key"],
                        "name": step["to_name"],
                        "jurisdiction": step["to_jurisdiction"],
                    },
                    "date": step["date"],
                    "reform": step["reform"],
                    "also": [
                        {"id": e["to_key"], "name": e["to_name"], "date": e["date"], "reform": e["reform"]}
                        for e in options[1:]
                    ],
                }
            )
            seen.add(step["to_key"])
            cur = step["to_key"]
        out[key] = {"chain": chain, "current": chain[-1]["agency"] if chain else None}
    return out


# ---------------------------------------------------------------------------------- shaping
def _document(r: Row, jurisdiction_key: str = "jurisdiction") -> dict[str, Any]:
    return {
        "key": r["document_key"],
        "number": r["document_number"],
        "title": r["document_title"],
        "jurisdiction": r.get(jurisdiction_key),
        "issued_at": r["issued_at"],
        "status": r.get("status") or "adopted",
        "comments_requested_at": r.get("comments_requested_at"),
    }


def _mention(r: Row, succ: dict[str, dict[str, Any]], *, with_chain: bool) -> dict[str, Any]:
    agency = {"id": r["agency_key"], "name": r["agency_name"], "jurisdiction": r["agency_jurisdiction"]}
    s = succ.get(r["agency_key"], {"chain": [], "current": None})
    current = s["current"] or agency
    out: dict[str, Any] = {
        "as_written": r["as_written"],
        "agency": agency,
        "current": {"id": current["id"], "name": current["name"], "jurisdiction": current["jurisdiction"]},
    }
    if "resolution" in r:  # the task listing says how each mention was resolved
        out["resolution"] = r["resolution"]
        out["rule"] = r["rule"]
        agency["inferred"] = bool(r["agency_inferred"])
    if with_chain:
        out["chain"] = s["chain"]
    return out


def _group_tasks(
    rows: list[Row], succ: dict[str, dict[str, Any]], jurisdiction_key: str, *, with_chain: bool
) -> list[dict[str, Any]]:
    tasks: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = tasks.get(r["task_key"])
        if t is None:
            t = tasks[r["task_key"]] = {
                "key": r["task_key"],
                "document": _document(r, jurisdiction_key),
                "seq": r["seq"],
                "title": r["title"],
                "source": r["source"],
                "lead": [],
                "coop": [],
                "collective": list(r["collective"] or []),
            }
        if r["role"] and r["agency_key"]:
            t["lead" if r["role"] == "LEADS" else "coop"].append(_mention(r, succ, with_chain=with_chain))
    return sorted(tasks.values(), key=lambda t: (t["document"]["key"], t["seq"]))


# ---------------------------------------------------------------------------------- answers
#: The steps of "who must act", in order, as the answer names them (issue 16).
STEPS = {
    "addresses": "a task addressing the conduct",
    "governs_list": "a task governing the list and its joint measures",
}


@cache
def list_rules() -> dict[str, dict[str, Any]]:
    """The lists' governing-task words and list-entry reasons (graph_model/resources/list_governance.yaml)."""

    return read_yaml(RESOURCES / "list_governance.yaml")["lists"]


def list_reason(text: str | None) -> str | None:
    """The list whose own ground `text` names (严重失信 → black), or None when it names none."""

    n = compact(text or "")
    for name, rule in list_rules().items():
        if n and any(n == compact(r) for r in rule["reasons"]):
            return name
    return None


def _what(store: Store, text: str, default_list: str | None) -> dict[str, Any]:
    """What must be acted on: a taxonomy type, else a list-entry reason, else (for a list entry) its list."""
    listed = list_reason(text)
    if listed is not None:
        return {
            "code": None,
            "name": text.strip(),
            "category": None,
            "as_written": text,
            "matched_by": "list_reason",
            "list": listed,
        }
    try:
        return map_violation(store, text) | {"list": default_list or "black"}
    except InputError:
        if default_list is None:
            raise
    return {
        "code": None,
        "name": text,
        "category": None,
        "as_written": text,
        "matched_by": "list",
        "list": default_list,
    }


def _candidates(store: Store, what: dict[str, Any], codes: list[str]) -> list[tuple[str, list[Row]]]:
    """(step, rows) in the order the steps are tried; a list reason has no conduct to address."""
    out: list[tuple[str, list[Row]]] = []
    if what["code"]:
        out.append(
            ("addresses", query(store, "responsible_tasks", violation_type=what["code"], jurisdictions=codes))
        )
    forms = list_rules()[what["list"]]["task_forms"]
    out.append(("governs_list", query(store, "responsible_list_tasks", forms=forms, jurisdictions=codes)))
    return out


def _label(what: dict[str, Any]) -> str:
    if what["code"]:
        return f"{what['name']} ({what['code']})"
    return f"{what['name']} (a {what['list']}list entry's reason)"


def _dated(r: Row) -> date | None:
    """The date a document answers from: its issue date, or a draft's request for comments."""
    return r["comments_requested_at"] if r.get("status") == "draft" else r["issued_at"]


def _in_force(r: Row, as_of: date) -> bool:
    return _dated(r) is None or _dated(r) <= as_of  # type: ignore[operator]


def _adopted_places(store: Store, as_of: date) -> set[str]:
    """Jurisdictions with an adopted document in force on `as_of`: their drafts answer nothing."""
    return {
        d["jurisdiction"]
        for d in query(store, "policy_documents")
        if d["status"] != "draft" and d["jurisdiction"] and _in_force(d, as_of)
    }


def _passed_over(j: Row, step: str, label: str, rows: list[Row], as_of: date, why: str = "") -> str:
    """One line of the reason: this jurisdiction and step found nothing in force (and why)."""
    what = "addressing" if step == "addresses" else "governing the list of"
    if not rows:
        return f"{j['name']} ({j['code']}) has no task {what} {label}"
    docs = sorted(
        {
            f"{r['document_number'] or r['document_title']} "
            + (
                f"(draft for comments {r['comments_requested_at']})"
                if r.get("status") == "draft"
                else f"(issued {r['issued_at']})"
            )
            for r in rows
        }
    )
    return (
        f"{j['name']} ({j['code']}) has tasks {what} {label} only in {why or f'documents dated after {as_of}'}: "
        + ", ".join(docs)
    )


def _find(
    chain: list[Row], candidates: list[tuple[str, list[Row]]], label: str, as_of: date, adopted: set[str]
) -> tuple[Row | None, str | None, list[Row], list[str]]:
    """The first jurisdiction (nearest first) and step with tasks in force on `as_of`, and what was passed over.

    Per jurisdiction, adopted documents first; its drafts (征求意见稿) answer only where no adopted
    document of the jurisdiction is in force (issue 16), from the date comments were requested.
    """
    steps: list[str] = []
    for j in chain:
        covered = j["code"] in adopted
        for drafts in (False, True):
            for step, rows in candidates:
                jrows = [
                    r
                    for r in rows
                    if r["jurisdiction"] == j["code"] and (r.get("status") == "draft") is drafts
                ]
                in_force = [r for r in jrows if _in_force(r, as_of)]
                if in_force and not (drafts and covered):
                    return j, step, in_force, steps
                if drafts and covered and jrows:
                    why = f"drafts, and {j['name']} has an adopted document in force"
                    steps.append(_passed_over(j, step, label, jrows, as_of, why))
                elif jrows or not drafts:
                    steps.append(_passed_over(j, step, label, jrows, as_of))
    return None, None, [], steps


def responsible(
    store: Store,
    violation_type: str,
    jurisdiction: str,
    as_of: date | None = None,
    *,
    list_name: str | None = None,
) -> dict[str, Any]:
    """Who must act on `violation_type` (or a list-entry reason) in `jurisdiction` on `as_of`, with provenance.

    Steps, per jurisdiction from the place itself outwards (issue 16): a task addressing the
    conduct; else the task governing the list and its joint measures (list_governance.yaml); else
    the enclosing jurisdiction's. A list-entry reason (严重失信 …) has no conduct and starts at the
    list step; ``list_name`` (an alert's list entry) answers by the list when the reason is unknown.

    Returns ``violation_type`` (how the text was mapped, with ``list``), ``jurisdiction``, ``as_of``,
    ``table`` (``jurisdiction`` whose tasks were used, ``step``, ``draft`` (the tasks are a draft's:
    drafts answer only where the place has no adopted document in force), ``fallback``, ``reason``,
    ``searched``), ``lead`` and ``coop`` (one entry per mention: ``as_written``, ``agency`` as
    resolved in the document, ``current`` holder on the date, ``chain`` of reforms, ``document``,
    ``task_seq`` and ``step``), ``current`` (the distinct current bodies) and the ``tasks``.
    """
    as_of = as_of or today()
    what = _what(store, violation_type, list_name)
    chain = jurisdiction_chain(store, jurisdiction)
    label = _label(what)
    adopted = _adopted_places(store, as_of)
    used, step, chosen, steps = _find(
        chain, _candidates(store, what, [j["code"] for j in chain]), label, as_of, adopted
    )
    draft = any(r.get("status") == "draft" for r in chosen)
    succ = successors(store, {r["agency_key"] for r in chosen if r["agency_key"]}, as_of)
    tasks = _group_tasks(chosen, succ, "jurisdiction", with_chain=True)
    here = chain[0]
    if used is None:
        reason = "; ".join(steps) + ": no loaded table says who must act"
    else:
        docs = sorted({f"{t['document']['number'] or t['document']['title']} task {t['seq']}" for t in tasks})
        verb = "addressing" if step == "addresses" else "governing the list of"
        own = f"{used['name']} ({used['code']}) has tasks {verb} {label}: {', '.join(docs)}"
        if draft:
            dates = sorted({str(r["comments_requested_at"]) for r in chosen})
            own += (
                f" (from a draft for comments, requested {', '.join(dates)}: no adopted document of "
                f"{used['name']} is in force on {as_of}; a draft is not in force)"
            )
        if used is not here:
            own = f"using the nearest enclosing jurisdiction: {own}"
        reason = "; ".join([*steps, own])
    lead: list[dict[str, Any]] = []
    coop: list[dict[str, Any]] = []
    for t in tasks:
        prov = {
            "document": {
                k: t["document"][k]
                for k in ("key", "number", "title", "jurisdiction", "status", "comments_requested_at")
            }
        }
        prov |= {"task_seq": t["seq"], "task_title": t["title"], "step": step}
        lead += [m | prov for m in t["lead"]]
        coop += [m | prov for m in t["coop"]]
    lead_now = _distinct(m["current"] for m in lead)
    lead_ids = {a["id"] for a in lead_now}
    return {
        "violation_type": what,
        "jurisdiction": {"code": here["code"], "name": here["name"], "level": here["level"]},
        "as_of": as_of,
        "table": {
            "jurisdiction": {"code": used["code"], "name": used["name"]} if used else None,
            "step": step,
            "draft": draft,
            "fallback": used is not None and used is not here,
            "reason": reason,
            "searched": [j["code"] for j in chain],
        },
        "lead": lead,
        "coop": coop,
        "current": {
            "lead": lead_now,
            "coop": [a for a in _distinct(m["current"] for m in coop) if a["id"] not in lead_ids],
        },
        "tasks": tasks,
    }


def _distinct(agencies: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for a in agencies:
        out.setdefault(a["id"], a)
    return list(out.values())


def tasks(store: Store, document: str | None = None, as_of: date | None = None) -> list[dict[str, Any]]:
    """Tasks of one document (by number or key) or of all, with lead/coop agencies as written and today's holder.

    Each task: ``{document: {key, number, jurisdiction, title, issued_at}, seq, title, source,
    lead: [{as_written, agency: {id, name, jurisdiction}, current: {id, name}}],
    coop: [...], collective: [...]}``.
    """
    as_of = as_of or today()
    docs = _first_read(store, "policy_documents")
    if document is not None:
        document = document.strip()
        if not any(document in (d["key"], d["number"]) for d in docs):
            raise NotFound(
                f"no policy document numbered or keyed {document!r} "
                f"(known: {', '.join(sorted({d['number'] or d['key'] for d in docs}))})"
            )
    rows = query(store, "tasks", document=document or "")
    succ = successors(store, {r["agency_key"] for r in rows if r["agency_key"]}, as_of)
    out = _group_tasks(rows, succ, "document_jurisdiction", with_chain=False)
    for t in out:
        for m in (*t["lead"], *t["coop"]):
            m["current"] = {"id": m["current"]["id"], "name": m["current"]["name"]}
    return out


# -- who must act on an alert item ------------------------------------------------------------
def responsible_for(store: Store, list_name: str = "black"):
    """A cached ``(reason, jurisdiction, as_of) -> [agency …]`` for alert items on `list_name` entries.

    The entry's reason is read as a violation type or a list-entry reason (严重失信 …); a reason
    that is neither, or none, is answered by the task governing the list (the answer's ``step``
    and ``matched_by`` say so). An entry with no jurisdiction, or one the registry lacks, is answered for the
    province of the registry (``fallback``). Only a graph without policy data answers with no agencies.
    """
    cache: dict[tuple[Any, Any, date], list[dict[str, Any]]] = {}

    def lookup(violation_type: str | None, jurisdiction: str | None, as_of: date) -> list[dict[str, Any]]:
        key = (violation_type, jurisdiction, as_of)
        if key not in cache:
            cache[key] = _agencies(store, violation_type, jurisdiction, as_of, list_name)
        return cache[key]

    return lookup


def _agencies(
    store: Store, reason: str | None, jurisdiction: str | None, as_of: date, list_name: str
) -> list[dict[str, Any]]:

    registry = load_registry()
    place = jurisdiction if jurisdiction in registry.jurisdictions else _province(registry)
    try:
        answer = responsible(store, reason or "", place, as_of, list_name=list_name)
    except NotFound:
        return []
    return [
        {
            "role": role,
            "agency": a.get("current") or a.get("agency"),
            "step": a["step"],
            "document": a["document"]["number"] or a["document"]["key"],
            "task_seq": a["task_seq"],
            "fallback": answer["table"]["fallback"],
            "draft": answer["table"]["draft"],
        }
        for role in ("lead", "coop")
        for a in answer.get(role, [])
    ]


def _province(registry: Any) -> str:
    """The registry's root jurisdiction (Jiangsu, 320000): where an entry with no place is answered."""
    return next(code for code, j in registry.jurisdictions.items() if not j.parent)
