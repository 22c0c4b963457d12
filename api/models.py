"""Response and request models: one Public model per resource, a List model (``data``, ``count``)
for every list, each with an example that the OpenAPI page shows."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


# -- errors ----------------------------------------------------------------------------------


class ErrorOut(BaseModel):
    detail: str = Field(description="what went wrong, safe to show a user")
    model_config = _examples({"detail": "no company with USCC 91320400MA1X2Y3Z4K"})


class ParamError(BaseModel):
    param: str = Field(description="the parameter's name")
    location: str = Field(description="path, query, header or body")
    msg: str


class ValidationErrorOut(BaseModel):
    detail: str
    errors: list[ParamError]
    model_config = _examples(
        {
            "detail": "invalid parameter 'limit': Input should be less than or equal to 500",
            "errors": [
                {"param": "limit", "location": "query", "msg": "Input should be less than or equal to 500"}
            ],
        }
    )


_ERROR_TEXT = {
    401: "missing or unknown API key (header X-API-Key)",
    403: "the caller's role may not use this endpoint",
    404: "no such subject",
    409: "the request conflicts with the resource's state",
    422: "a parameter is invalid; the answer names it",
    503: "the store is unavailable or the query ran past the time limit",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry for a route: each listed error with its model and description."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        model = ValidationErrorOut if code == 422 else ErrorOut
        out[code] = {"model": model, "description": _ERROR_TEXT[code]}
    return out


# -- health, meta ----------------------------------------------------------------------------


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    model_config = _examples({"status": "ok", "version": "0.1.0"})


class ReadyOut(BaseModel):
    status: Literal["ready"] = "ready"
    backend: str
    model_config = _examples({"status": "ready", "backend": "embedded"})


class StatusOut(BaseModel):
    nodes: dict[str, int]
    relationships: dict[str, int]
    model_config = _examples(
        {"nodes": {"Company": 120000, "Person": 80000}, "relationships": {"COMMITTED": 35000}}
    )


class JurisdictionPublic(BaseModel):
    code: str = Field(description="6-digit GB/T 2260 code")
    name: str | None = None
    level: str | None = None
    parent: str | None = Field(default=None, description="code of the enclosing division")
    model_config = _examples({"code": "320400", "name": "常州市", "level": "city", "parent": "320000"})


class JurisdictionsPublic(BaseModel):
    data: list[JurisdictionPublic]
    count: int = Field(description="total matching, across all pages")


# -- subjects --------------------------------------------------------------------------------


class CompanyPublic(BaseModel):
    key: str = Field(description="unified social credit code (USCC)")
    name: str | None = None
    status: str | None = None
    registered_at: date | None = None
    jurisdiction: str | None = None
    placeholder: bool | None = None
    model_config = _examples(
        {
            "key": "91320400MA1X2Y3Z4K",
            "name": "常州某某科技有限公司",
            "status": "存续",
            "registered_at": "2016-05-12",
            "jurisdiction": "320400",
            "placeholder": False,
        }
    )


class PersonRole(BaseModel):
    relation: str = Field(description="LEGAL_REP_OF, OFFICER_OF or SHAREHOLDER_OF")
    company_key: str
    company_name: str | None = None
    role: str | None = None


class PersonPublic(BaseModel):
    key: str = Field(description="keyed hash of the citizen ID")
    name: str | None = None
    id_number: str | None = Field(default=None, description="personal: unmasked for investigators only")
    jurisdiction: str | None = None
    phones: list[str] = Field(default_factory=list, description="personal: masked unless investigator")
    companies: list[PersonRole] = Field(default_factory=list)
    truncated: bool = Field(default=False, description="a related list hit the fan-out cap")
    model_config = _examples(
        {
            "key": "5f0c…(64 hex)",
            "name": "张三",
            "id_number": "320402********0754",
            "jurisdiction": "320402",
            "phones": ["138****5678"],
            "companies": [
                {
                    "relation": "LEGAL_REP_OF",
                    "company_key": "91320400MA1X2Y3Z4K",
                    "company_name": "常州某某科技有限公司",
                    "role": None,
                }
            ],
            "truncated": False,
        }
    )


class ListEntryPublic(BaseModel):
    key: str
    list: str = Field(description="red or black")
    subject_key: str = Field(description="the company's USCC")
    subject_name: str | None = None
    listed_at: date | None = None
    expires_at: date | None = None
    reason: str | None = None
    agency: str | None = Field(default=None, description="the listing agency as written")
    jurisdiction: str | None = None
    contested: bool = Field(default=False, description="an objection is pending")
    model_config = _examples(
        {
            "key": "BL-2024-000123",
            "list": "black",
            "subject_key": "91320400MA1X2Y3Z4K",
            "subject_name": "常州某某科技有限公司",
            "listed_at": "2024-03-01",
            "expires_at": "2027-03-01",
            "reason": "拒不履行法定义务",
            "agency": "常州市市场监督管理局",
            "jurisdiction": "320400",
            "contested": False,
        }
    )


class ListEntriesPublic(BaseModel):
    data: list[ListEntryPublic]
    count: int


# -- objections ------------------------------------------------------------------------------

TargetLabel = Literal["Violation", "ListEntry"]
ObjectionAction = Literal["reply", "uphold", "reject", "correct", "feedback"]


class ObjectionCreate(BaseModel):
    target_label: TargetLabel = Field(description="what is contested: a Violation or a ListEntry")
    target_key: str = Field(min_length=1, max_length=200, description="the record's key")
    subject_key: str = Field(
        min_length=1,
        max_length=200,
        description="the subject the record is about; the objection must come from its side",
    )
    filed_by: str = Field(min_length=1, max_length=200, description="who filed it for the subject")
    reason: str = Field(min_length=1, max_length=4000)
    filed_at: date | None = Field(default=None, description="date received (default today, China time)")
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "target_label": "Violation",
                    "target_key": "V-2025-000042",
                    "subject_key": "91320400MA1X2Y3Z4K",
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
            "reply: answer without deciding yet; uphold: the objection is right (record flagged "
            "upheld_objection, no longer contested; correction due in N working days); reject: the "
            "record stands (feedback due in N working days); correct: the correction is published "
            "(after uphold); feedback: the result was sent to the applicant (after reject)"
        )
    )
    text: str | None = Field(default=None, max_length=4000, description="the reply or decision text")
    on: date | None = Field(default=None, description="date of the step (default today, China time)")
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
    reply_due: date | None = Field(default=None, description="filed_at + 30 calendar days")
    correction_due: date | None = Field(default=None, description="uphold date + 3 working days")
    feedback_due: date | None = Field(default=None, description="reject date + 7 working days")
    replied_at: date | None = None
    resolved_at: date | None = None
    overdue: list[str] = Field(
        default_factory=list,
        description="steps past their deadline as of the request: reply, correction, feedback",
    )
    calendar_note: str | None = Field(
        default=None, description="set when a deadline falls in a year the holiday calendar lacks"
    )
    model_config = _examples(
        {
            "key": "OBJ-20250901-3f2a9c1e",
            "status": "upheld",
            "target_label": "Violation",
            "target_key": "V-2025-000042",
            "subject_key": "91320400MA1X2Y3Z4K",
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


class DeadlineRule(BaseModel):
    days: int
    calendar: Literal["calendar", "working"]
    starts: str
    source: str


class ObjectionRulesOut(BaseModel):
    reply: DeadlineRule
    correction: DeadlineRule
    feedback: DeadlineRule
    calendar_years: list[int] = Field(description="years the working-day calendar knows holidays for")
