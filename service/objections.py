"""Objections (异议): file, reply, decide, correct, feed back; deadlines on working days.

The service the routes and any CLI command share. An objection is an ``Objection`` node
``-[:CONTESTS]->`` the contested ``Violation``, ``ListEntry`` or ``Evaluation``; the record is
flagged ``contested=true`` as soon as the objection is filed (it stays in risk and alerts: no
document suspends a contested record), and the flag clears once no objection on it is pending. An
upheld objection does not hide the record: its ``correct`` step republishes it as corrected.

Deadlines (rule numbers from the policy data, ``graph_model/resources/intermediaries.yaml`` → objections;
the defaults 30/3/7 apply when that file or a key is missing, and settings may override them):

* result: ``reply_days`` calendar days after filing (回复处理结果): met by an uphold or a rejection,
  not by a holding reply, so a replied but undecided objection still falls overdue;
* correction: ``correction_working_days`` working days after an uphold (更正发布/报送公示): the
  ``correct`` step writes the corrected values onto the record and keeps the version before in
  its ``history`` (nothing is deleted);
* feedback: ``feedback_working_days`` working days after a rejection (将结果反馈申请者).

Every answer names the rules it applies (document, clause, text). An objection is routed to the
agency that issued the record (``RECORDED_BY``/``ISSUED_BY``), or to that agency's successor on
the filing day when a reform passed its duties on (``SUCCEEDED_BY``).

Labels in the Cypher come only from the schema (the ``CONTESTS`` pairs and the subject
relationships into each); every value is a parameter.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from creditgraph.graph_model.clock import today as clock_today
from creditgraph.graph_model.errors import NotFound
from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.schema import Schema
from creditgraph.graph_model.stores import Store
from creditgraph.graph_model.yamlfile import read_yaml
from creditgraph.queries.library import query

from .errors import BadParam, Conflict, ReadOnlyStore
from .models.objections import DeadlineRule, ObjectionCreate, ObjectionUpdate
from .subjects import display_key, is_citizen_id, person_key
from .workdays import Calendar, add_calendar_days, add_working_days, load_calendar, uncovered_years


class ObjectionSettings(Protocol):
    """What the objection rules read from the server's settings (api.config.ApiSettings has them)."""

    objection_reply_days: int | None
    objection_correction_working_days: int | None
    objection_feedback_working_days: int | None
    objection_roll_to_workday: bool
    holidays_file: Path | None
    read_only: bool


CHINA = timezone(timedelta(hours=8))  # no daylight saving in China
POLICY_FILE = RESOURCES / "intermediaries.yaml"
DEFAULTS = {"reply": (30, "calendar"), "correction": (3, "working"), "feedback": (7, "working")}
STARTS = {"reply": "filing", "correction": "uphold decision", "feedback": "rejection decision"}
_POLICY_KEYS = {
    "reply": ("reply_within", "reply"),
    "correction": ("publish_within", "correction_within", "correct_within", "correction"),
    "feedback": ("feedback_within", "feedback"),
}
PENDING = ("open", "replied")
_MUTATE = threading.Lock()  # one objection change at a time in this process (check, then write)


# The date a contestable record came into being: an objection cannot be filed before it.
RECORD_DATES = {"Violation": "decided_at", "ListEntry": "listed_at", "Evaluation": "evaluated_at"}
# What a correction may not change: the record's identity and the flags objections keep.
FIXED = frozenset({"key", "label", "placeholder", "history", "corrected_at", "contested", "upheld_objection"})


def today_in_china() -> date:
    """Today in the product's one clock (graph_model.clock: Asia/Shanghai unless CREDITGRAPH_TZ)."""
    return clock_today()


# -- rules -----------------------------------------------------------------------------------


def _find(node: Any, names: tuple[str, ...]) -> dict | None:
    """The first mapping under any of ``names`` that has ``days``, searched depth-first."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in names and isinstance(v, dict) and "days" in v:
                return v
        for v in node.values():
            found = _find(v, names)
            if found is not None:
                return found
    return None


def _document(data: dict) -> str:
    title, key = data.get("document", ""), data.get("document_key")
    return f"《{title}》({key})" if key else title


@cache
def policy_clause(name: str, path: Path = POLICY_FILE) -> str:
    """``objections.<name>`` of the policy data as one citation: document, clause, rule."""
    try:
        data = read_yaml(path) or {}
    except (OSError, yaml.YAMLError):
        return "default (no policy data found)"
    found = (data.get("objections") or {}).get(name) or {}
    return f"{_document(data)} {found.get('source', '')}: {found.get('rule', '')}".strip()


@cache
def policy_rules(path: Path = POLICY_FILE) -> dict[str, DeadlineRule]:
    """The deadline rules as the policy data states them, defaults where it says nothing."""
    try:
        data = read_yaml(path) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    section = data.get("objections") or {}
    document = _document(data)
    rules = {}
    for step, (days, calendar) in DEFAULTS.items():
        found = _find(section, _POLICY_KEYS[step])
        if found:
            cal = str(found.get("calendar", calendar)).lower()
            rules[step] = DeadlineRule(
                days=int(found["days"]),
                calendar="working" if cal in ("working", "workday", "工作日") else "calendar",
                starts=STARTS[step],
                source=f"{document} {found.get('source', '')}: {found.get('rule', '')}".strip(),
            )
        else:
            rules[step] = DeadlineRule(
                days=days, calendar=calendar, starts=STARTS[step], source="default (no policy data found)"
            )
    return rules


def deadline_rules(settings: ObjectionSettings) -> dict[str, DeadlineRule]:
    rules = dict(policy_rules())
    overrides = {
        "reply": settings.objection_reply_days,
        "correction": settings.objection_correction_working_days,
        "feedback": settings.objection_feedback_working_days,
    }
    for step, days in overrides.items():
        if days is not None:
            rules[step] = rules[step].model_copy(update={"days": days, "source": "settings override"})
    return rules


# -- the service -----------------------------------------------------------------------------


@dataclass
class ObjectionService:
    store: Store
    settings: ObjectionSettings
    calendar: Calendar

    @classmethod
    def for_store(cls, store: Store, settings: ObjectionSettings) -> ObjectionService:
        return cls(store, settings, load_calendar(settings.holidays_file))

    @property
    def schema(self) -> Schema:
        return self.store.schema

    @property
    def rules(self) -> dict[str, DeadlineRule]:
        return deadline_rules(self.settings)

    # schema-derived labels ----------------------------------------------------------------
    def contestable(self) -> list[str]:
        return [dst for src, dst in self.schema.rel("CONTESTS").pairs if src == "Objection"]

    def route(self, label: str, key: str, on: date) -> dict[str, Any]:
        """The agency the objection goes to: the record's issuer, followed through the reforms
        that took effect by ``on`` to its successor (四(七): 向行业主管部门提出)."""
        rows = query(self.store, "record_issuer", subject=label, key=key)
        if not rows or rows[0]["key"] is None:
            as_written = rows[0]["written"] if rows else None
            return {
                "agency": None,
                "agency_name": as_written,
                "routing": f"no issuing agency linked; the record names {as_written!r}",
            }
        agency, name, chain = rows[0]["key"], rows[0]["name"], []
        # the reforms in force on the day within four steps (the library's chain); at each step the
        # latest successor (the earliest key among equals)
        steps: dict[str, list[dict[str, Any]]] = {}
        for r in query(self.store, "agency_successors", keys=[agency], as_of=on):
            steps.setdefault(r["from_key"], []).append(r)
        while steps.get(agency) and len(chain) < 8:
            nxt = max(sorted(steps[agency], key=lambda r: r["to_key"]), key=lambda r: r["date"])
            chain.append(f"{name} → {nxt['to_name']} ({nxt['date']})")
            agency, name = nxt["to_key"], nxt["to_name"]
        how = "the issuing agency" if not chain else "the issuer's successor: " + "; ".join(chain)
        return {"agency": agency, "agency_name": name, "routing": f"{how} ({policy_clause('routing')})"}

    def _label(self, label: str) -> str:
        if label not in self.contestable():
            raise BadParam("target_label", f"objections contest {' or '.join(self.contestable())}", "body")
        return label

    # deadlines ----------------------------------------------------------------------------
    def _due(self, step: str, start: date) -> date:
        rule = self.rules[step]
        if rule.calendar == "working":
            return add_working_days(start, rule.days, self.calendar)
        return add_calendar_days(
            start, rule.days, self.calendar, roll_to_workday=self.settings.objection_roll_to_workday
        )

    def _writable(self) -> None:
        if getattr(self.store, "read_only", False) or self.settings.read_only:
            raise ReadOnlyStore(
                "this server opened the store read-only (several workers on the embedded store); "
                "objections need a single-worker server or Neo4j"
            )

    # reads --------------------------------------------------------------------------------
    def _rows(self, key: str | None = None) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        props = [p for p in self.schema.node("Objection").properties if p not in ("placeholder",)]
        subjects = list(self.schema.subjects)
        for label in self.contestable():
            for r in query(self.store, "objections_on", subject=label, key=key, subjects=subjects):
                row = {p: r["o"].get(p) for p in props}
                row.update(target_key=r["target_key"], subject_key=r["subject_key"], target_label=label)
                out.setdefault(row["key"], row)
        return list(out.values())

    def decorate(self, row: dict[str, Any], as_of: date) -> dict[str, Any]:
        """Add the computed fields: which steps are late as of ``as_of``, the calendar note."""
        late = []
        result_due, decided = row.get("reply_due"), row.get("decided_at")
        if result_due and ((decided is None and as_of > result_due) or (decided and decided > result_due)):
            late.append("result")
        status, resolved = row.get("status"), row.get("resolved_at")
        due = row.get("correction_due")
        if (
            due
            and status in ("upheld", "corrected")
            and ((resolved is None and as_of > due) or (resolved and resolved > due))
        ):
            late.append("correction")
        due = row.get("feedback_due")
        if (
            due
            and status == "rejected"
            and ((resolved is None and as_of > due) or (resolved and resolved > due))
        ):
            late.append("feedback")
        row["overdue"] = late
        missing = uncovered_years(
            [row.get("correction_due"), row.get("feedback_due")]
            + ([row.get("reply_due")] if self.settings.objection_roll_to_workday else []),
            self.calendar,
        )
        row["calendar_note"] = (
            f"no holiday calendar for {', '.join(map(str, missing))}: working days counted Monday-Friday only"
            if missing
            else None
        )
        row["rules"] = self.applied_rules(row)
        return row

    def applied_rules(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The deadline rules this objection is under so far, each with its source and due date."""
        steps = [("result", "reply", row.get("reply_due"))]
        if row.get("correction_due"):
            steps.append(("correction", "correction", row["correction_due"]))
        if row.get("feedback_due"):
            steps.append(("feedback", "feedback", row["feedback_due"]))
        return [{**self.rules[rule].model_dump(), "step": step, "due": due} for step, rule, due in steps]

    def get(self, key: str, as_of: date | None = None) -> dict[str, Any]:
        rows = self._rows(key)
        if not rows:
            raise NotFound(f"no objection {key!r}")
        return self.decorate(rows[0], as_of or today_in_china())

    def list(
        self,
        *,
        status: list[str] | None = None,
        overdue: bool | None = None,
        target_key: str | None = None,
        as_of: date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """Objections newest first. Filtering happens here, not in Cypher: the overdue test needs
        the working-day calendar, and objections number in the thousands, not millions."""
        as_of = as_of or today_in_china()
        rows = [self.decorate(r, as_of) for r in self._rows()]
        if status:
            rows = [r for r in rows if r.get("status") in status]
        if target_key:
            rows = [r for r in rows if r.get("target_key") == target_key]
        if overdue is not None:
            rows = [r for r in rows if bool(r["overdue"]) == overdue]
        rows.sort(key=lambda r: (r.get("filed_at") or date.min, r["key"]), reverse=True)
        return rows[offset : offset + limit], len(rows)

    # writes -------------------------------------------------------------------------------
    def create(self, body: ObjectionCreate, today: date | None = None) -> dict[str, Any]:
        self._writable()
        today = today or today_in_china()
        label = self._label(body.target_label)
        filed_at = body.filed_at or today
        if filed_at > today:
            raise BadParam("filed_at", "filed_at is in the future", "body")
        with _MUTATE:
            since = RECORD_DATES[label]
            found = query(self.store, "record_node", subject=label, key=body.target_key)
            if not found:
                raise NotFound(f"no {label} with key {body.target_key!r}")
            recorded = found[0]["r"].get(since)
            if recorded is not None and filed_at < recorded:
                raise BadParam(
                    "filed_at",
                    f"filed_at {filed_at} is before the {label} it contests ({since} {recorded})",
                    "body",
                )
            subjects = {
                r["key"]
                for r in query(
                    self.store,
                    "record_subjects",
                    subject=label,
                    key=body.target_key,
                    subjects=list(self.schema.subjects),
                )
            }
            subject_key = body.subject_key
            if is_citizen_id(subject_key):  # a person named by citizen ID: hashed on arrival
                subject_key = person_key(self.store, subject_key)
            if subject_key not in subjects:
                raise BadParam(
                    "subject_key",
                    f"this {label} is not about subject {display_key('Person', subject_key) if subject_key != body.subject_key else repr(body.subject_key)}: "
                    "an objection must come from the side of the record's subject "
                    "(a company's USCC, a person's citizen ID or key, a shop's platform_id/shop_id)",
                    "body",
                )
            pending = [
                r
                for r in self._rows()
                if r["target_key"] == body.target_key
                and r["target_label"] == label
                and r["status"] in PENDING
            ]
            if pending:
                raise Conflict(f"objection {pending[0]['key']} against this {label} is still pending")
            key = f"OBJ-{filed_at:%Y%m%d}-{uuid.uuid4().hex[:8]}"
            self.store.upsert_nodes(
                "Objection",
                [
                    {
                        "key": key,
                        "name": f"异议 {label} {body.target_key}",
                        "status": "open",
                        "filed_at": filed_at,
                        "filed_by": body.filed_by,
                        "reason": body.reason,
                        "reply_due": self._due("reply", filed_at),
                        **self.route(label, body.target_key, today),
                    }
                ],
            )
            query(self.store, "objection_contests", subject=label, key=key, target=body.target_key)
            self._flag(label, body.target_key, contested=True)
        return self.get(key, today)

    def update(self, key: str, body: ObjectionUpdate, today: date | None = None) -> dict[str, Any]:
        self._writable()
        today = today or today_in_china()
        on = body.on or today
        if on > today:
            raise BadParam("on", "the date of a step cannot be in the future", "body")
        with _MUTATE:
            current = self.get(key, today)
            if on < current["filed_at"]:
                raise Conflict("the date of a step (on) cannot precede the objection's filing date")
            status, action = current["status"], body.action
            row: dict[str, Any] = {"key": key}
            flags: dict[str, bool] | None = None
            if action in ("reply", "uphold", "reject"):
                if status not in PENDING:
                    raise Conflict(f"cannot {action} an objection that is {status}")
                if action == "reply" and not body.text:
                    raise BadParam("text", "a reply needs its text", "body")
                if body.text:
                    row["reply"] = body.text
                if current.get("replied_at") is None:
                    row["replied_at"] = on
                if action == "reply":
                    row["status"] = "replied"
                elif action == "uphold":
                    row["status"] = "upheld"
                    row["decided_at"] = on
                    row["correction_due"] = self._due("correction", on)
                    # the record is corrected (``correct``), not hidden: no upheld_objection flag
                    flags = {}
                else:
                    row["status"] = "rejected"
                    row["decided_at"] = on
                    row["feedback_due"] = self._due("feedback", on)
                    flags = {}
            elif action == "correct":
                if status != "upheld":
                    raise Conflict(f"only an upheld objection is corrected; this one is {status}")
                row.update(status="corrected", resolved_at=on)
                self._correct(current["target_label"], current["target_key"], body.changes or {}, on)
            elif action == "feedback":
                if status != "rejected" or current.get("resolved_at") is not None:
                    raise Conflict(f"feedback follows a rejection once; this objection is {status}")
                row["resolved_at"] = on
                if body.text:
                    row["reply"] = body.text
            self.store.upsert_nodes("Objection", [row])
            if flags is not None:
                label, target = current["target_label"], current["target_key"]
                others = [
                    r
                    for r in self._rows()
                    if r["target_key"] == target and r["key"] != key and r["status"] in PENDING
                ]
                self._flag(label, target, contested=bool(others), **flags)
        return self.get(key, today)

    def _correct(self, label: str, key: str, changes: dict[str, Any], on: date) -> None:
        """Write the corrected values onto the record (更正发布) and keep the version before in its
        ``history``, oldest first: an upheld objection corrects a record, it does not delete it."""
        props = self.schema.node(label).properties
        bad = sorted(set(changes) - (set(props) - FIXED))
        if bad:
            raise BadParam("changes", f"a {label} correction cannot set {', '.join(bad)}", "body")
        values = {name: self._typed(label, name, value) for name, value in changes.items()}
        node = query(self.store, "record_node", subject=label, key=key)[0]["r"]
        before = {p: node.get(p) for p in props if p not in ("history",)}
        history = list(node.get("history") or [])
        history.append(
            json.dumps({k: v for k, v in before.items() if v is not None}, default=str, ensure_ascii=False)
        )
        self.store.upsert_nodes(label, [{"key": key, **values, "history": history, "corrected_at": on}])

    def _typed(self, label: str, name: str, value: Any) -> Any:
        kind = str(self.schema.node(label).properties[name].type).upper()
        if value is None or kind == "STRING":
            return value
        try:
            if kind == "DATE":
                return date.fromisoformat(str(value))
            if kind == "DOUBLE":
                return float(value)
            if kind == "INT64":
                return int(value)
        except ValueError:
            raise BadParam("changes", f"{name}: {value!r} is not a {kind.lower()}", "body") from None
        if kind == "BOOLEAN" and isinstance(value, bool):
            return value
        raise BadParam("changes", f"{name} ({kind.lower()}) cannot be corrected here", "body")

    def _flag(self, label: str, key: str, *, contested: bool, upheld_objection: bool | None = None) -> None:
        query(
            self.store,
            "record_flags",
            subject=self._label(label),
            key=key,
            contested=contested,
            upheld=upheld_objection,
        )
