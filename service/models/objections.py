"""Objections: the request bodies, the answers, the rules they follow."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..params import DATE_RULE, Day
from .common import (
    _examples,
)

# -- objections ------------------------------------------------------------------------------


class DeadlineRule(BaseModel):
    days: int
    calendar: Literal["calendar", "working"]
    starts: str
    source: str


class AppliedRule(DeadlineRule):
    step: str = Field(description="result, correction or feedback")
    due: date | None = None


TargetLabel = Literal["Violation", "ListEntry", "Evaluation"]
ObjectionAction = Literal["reply", "uphold", "reject", "correct", "feedback"]


class ObjectionCreate(BaseModel):
    target_label: TargetLabel = Field(
        description="what is contested: a Violation, a ListEntry or a credit Evaluation (评价结果)"
    )
    target_key: str = Field(min_length=1, max_length=200, description="the record's key")
    subject_key: str = Field(
        min_length=1,
        max_length=200,
        description="the subject the record is about; the objection must come from its side",
    )
    filed_by: str = Field(min_length=1, max_length=200, description="who filed it for the subject")
    reason: str = Field(min_length=1, max_length=4000)
    filed_at: Day | None = Field(
        default=None, description=f"date received (default today, China time), not after today; {DATE_RULE}"
    )
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "target_label": "Violation",
                    "target_key": "V1-000000392",
                    "subject_key": "91320413504986847Q",
                    "filed_by": "常州某某科技有限公司 (法定代表人委托代理人)",
                    "reason": "处罚决定已被撤销，见附件",
                    "filed_at": "2025-09-01",
                }
            ]
        },
    )


class ObjectionUpdate(BaseModel):
    action: ObjectionAction = Field(
        description=(
            "reply: a holding answer (it does not stop the 30-day clock of the result); uphold: the "
            "objection is right (no longer contested; correction due in N working days); reject: the "
            "record stands (feedback due in N working days); correct: the corrected record is "
            "republished (after uphold; `changes` written onto it, the version before kept in its "
            "history); feedback: the result was sent to the applicant (after reject)"
        )
    )
    text: str | None = Field(default=None, max_length=4000, description="the reply or decision text")
    changes: dict[str, str | float | bool | None] | None = Field(
        default=None,
        max_length=20,
        description=(
            "correct: the record's properties as corrected (dates as YYYY-MM-DD); the version before "
            "is kept in the record's history, nothing is deleted"
        ),
    )
    on: Day | None = Field(
        default=None,
        description=f"date of the step (default today, China time), not after today nor before the filing; "
        f"{DATE_RULE}",
    )
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"action": "uphold", "text": "经核实确有错误，予以更正", "on": "2025-09-26"}]
        },
    )


class ObjectionPublic(BaseModel):
    key: str
    status: str = Field(description="open, replied, upheld, rejected, corrected")
    target_label: str
    target_key: str
    subject_key: str | None = None
    filed_at: date
    filed_by: str | None = None
    reason: str | None = None
    reply: str | None = None
    reply_due: date | None = Field(
        default=None,
        description="the result (uphold or reject) is due by then: filed_at + 30 days; a holding reply "
        "does not stop the clock",
    )
    decided_at: date | None = Field(default=None, description="the day of the result (uphold or reject)")
    agency: str | None = Field(
        default=None, description="the agency it is routed to: the record's issuer, or its successor today"
    )
    agency_name: str | None = None
    routing: str | None = Field(default=None, description="how the agency was found")
    rules: list[AppliedRule] = Field(
        default_factory=list, description="the deadline rules this objection is under, with their source"
    )
    correction_due: date | None = Field(default=None, description="uphold date + 3 working days")
    feedback_due: date | None = Field(default=None, description="reject date + 7 working days")
    replied_at: date | None = None
    resolved_at: date | None = None
    overdue: list[str] = Field(
        default_factory=list,
        description="steps past their deadline as of the request: result, correction, feedback",
    )
    calendar_note: str | None = Field(
        default=None, description="set when a deadline falls in a year the holiday calendar lacks"
    )
    model_config = _examples(
        {
            "key": "OBJ-20250901-3f2a9c1e",
            "status": "upheld",
            "target_label": "Violation",
            "target_key": "V1-000000392",
            "subject_key": "91320413504986847Q",
            "filed_at": "2025-09-01",
            "filed_by": "常州某某科技有限公司",
            "reason": "处罚决定已被撤销",
            "reply": "经核实确有错误，予以更正",
            "reply_due": "2025-10-01",
            "correction_due": "2025-09-30",
            "feedback_due": None,
            "replied_at": "2025-09-26",
            "resolved_at": None,
            "overdue": [],
            "calendar_note": None,
        }
    )


class ObjectionsPublic(BaseModel):
    data: list[ObjectionPublic]
    count: int


class ObjectionRulesOut(BaseModel):
    reply: DeadlineRule = Field(
        description="the result (uphold or reject) is due; a holding reply does not stop it"
    )
    correction: DeadlineRule
    feedback: DeadlineRule
    contestable: str = Field(
        description="what can be contested (violations, list entries, evaluations), cited"
    )
    routing: str = Field(description="where an objection goes (the record's issuer, or its successor), cited")
    calendar_years: list[int] = Field(description="years the working-day calendar knows holidays for")
    calendar_source: list[str] = Field(
        description="where the holidays come from (chinesecalendar, or a holidays file); other years count "
        "Monday-Friday only"
    )
