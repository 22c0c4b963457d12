"""Objections (异议): file, reply, decide, correct, feed back; deadlines on working days.

The service the routes and any CLI command share. An objection is an ``Objection`` node
``-[:CONTESTS]->`` the contested ``Violation`` or ``ListEntry``; the record is flagged
``contested=true`` as soon as the objection is filed; upholding it sets ``upheld_objection=true``
(risk queries leave such records out) and clears ``contested`` once no other objection is pending.

Deadlines (rule numbers from the policy data, ``ingest/resources/intermediaries.yaml`` → objections;
the defaults 30/3/7 apply when that file or a key is missing, and settings may override them):

* reply: ``reply_days`` calendar days after filing (回复处理结果);
* correction: ``correction_working_days`` working days after an uphold (更正发布/报送公示);
* feedback: ``feedback_working_days`` working days after a rejection (将结果反馈申请者).

Labels in the Cypher come only from the schema (the ``CONTESTS`` pairs and the subject
relationships into each); every value is a parameter.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph_model.clock import today as clock_today
from graph_model.errors import NotFound
from graph_model.schema import Schema
from graph_model.stores import Store
from graph_model.yamlfile import read_yaml
from queries.subjects import display_key, is_citizen_id, person_key

from .config import ApiSettings
from .errors import BadParam, Conflict, ReadOnlyStore
from .models import DeadlineRule, ObjectionCreate, ObjectionUpdate
from .workdays import Calendar, add_calendar_days, add_working_days, load_calendar, uncovered_years

CHINA = timezone(timedelta(hours=8))  # no daylight saving in China
POLICY_FILE = Path(__file__).resolve().parents[1] / "ingest" / "resources" / "intermediaries.yaml"
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
RECORD_DATES = {"Violation": "decided_at", "ListEntry": "listed_at"}


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


@cache
def policy_rules(path: Path = POLICY_FILE) -> dict[str, DeadlineRule]:
    """The deadline rules as the policy data states them, defaults where it says nothing."""
    try:
        data = read_yaml(path) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    section = data.get("objections") or {}
    document = data.get("document", "")
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


def deadline_rules(settings: ApiSettings) -> dict[str, DeadlineRule]:
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
    settings: ApiSettings
    calendar: Calendar

    @classmethod
    def for_store(cls, store: Store, settings: ApiSettings) -> ObjectionService:
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

    def subject_rel(self, label: str) -> str:
        """The relationship from a subject into ``label`` (COMMITTED for Violation …)."""
        subjects = set(self.schema.subjects)
        for name, rel in self.schema.relationships.items():
            if any(dst == label and src in subjects for src, dst in rel.pairs):
                return name
        raise BadParam("target_label", f"{label} has no subject in the schema", "body")

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
        ret = ", ".join(f"o.{p} AS {p}" for p in props)
        where = " {key: $key}" if key is not None else ""
        params = {"key": key} if key is not None else {}
        for label in self.contestable():
            rel = self.subject_rel(label)
            cypher = (
                f"MATCH (o:Objection{where})-[:CONTESTS]->(r:{label}) "
                f"OPTIONAL MATCH (s)-[:{rel}]->(r) "
                f"RETURN {ret}, r.key AS target_key, s.key AS subject_key"
            )
            for row in self.store.run(cypher, params):
                row["target_label"] = label
                out.setdefault(row["key"], row)
        return list(out.values())

    def decorate(self, row: dict[str, Any], as_of: date) -> dict[str, Any]:
        """Add the computed fields: which steps are late as of ``as_of``, the calendar note."""
        late = []
        reply_due, replied = row.get("reply_due"), row.get("replied_at")
        if reply_due and ((replied is None and as_of > reply_due) or (replied and replied > reply_due)):
            late.append("reply")
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
        return row

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
            found = self.store.run(
                f"MATCH (r:{label} {{key: $key}}) RETURN r.key AS key, r.{since} AS since",
                {"key": body.target_key},
            )
            if not found:
                raise NotFound(f"no {label} with key {body.target_key!r}")
            recorded = found[0]["since"]
            if recorded is not None and filed_at < recorded:
                raise BadParam(
                    "filed_at",
                    f"filed_at {filed_at} is before the {label} it contests ({since} {recorded})",
                    "body",
                )
            rel = self.subject_rel(label)
            subjects = {
                r["key"]
                for r in self.store.run(
                    f"MATCH (s)-[:{rel}]->(r:{label} {{key: $key}}) RETURN s.key AS key",
                    {"key": body.target_key},
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
                    }
                ],
            )
            self.store.run(
                f"MATCH (o:Objection {{key: $key}}) MATCH (r:{label} {{key: $target}}) "
                "MERGE (o)-[c:CONTESTS]->(r) RETURN count(c) AS c",
                {"key": key, "target": body.target_key},
                write=True,
            )
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
                    row["correction_due"] = self._due("correction", on)
                    flags = {"upheld_objection": True}
                else:
                    row["status"] = "rejected"
                    row["feedback_due"] = self._due("feedback", on)
                    flags = {}
            elif action == "correct":
                if status != "upheld":
                    raise Conflict(f"only an upheld objection is corrected; this one is {status}")
                row.update(status="corrected", resolved_at=on)
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

    def _flag(self, label: str, key: str, *, contested: bool, upheld_objection: bool | None = None) -> None:
        sets, params = ["r.contested = $contested"], {"key": key, "contested": contested}
        if upheld_objection is not None:
            sets.append("r.upheld_objection = $upheld")
            params["upheld"] = upheld_objection
        self.store.run(
            f"MATCH (r:{self._label(label)} {{key: $key}}) SET {', '.join(sets)} RETURN r.key AS key",
            params,
            write=True,
        )
