"""Response and request models: one Public model per resource, a List model (``data``, ``count``)
for every list, each with an example that the OpenAPI page shows."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .params import DATE_RULE, Day


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


# -- errors ----------------------------------------------------------------------------------


class ParamError(BaseModel):
    param: str = Field(description="the parameter's name (dotted for a body field)")
    location: str = Field(description="path, query, header or body")
    msg: str = Field(description="what is wrong with it; the value itself is never echoed")


class ErrorOut(BaseModel):
    """The one error body every operation answers with, whatever the status."""

    detail: str = Field(description="what went wrong, safe to show a user")
    errors: list[ParamError] = Field(
        default_factory=list, description="the parameters at fault (422, and 404 for a look-up value)"
    )
    model_config = _examples(
        {
            "detail": "invalid parameter 'as_of': Value error, date must be a calendar date YYYY-MM-DD "
            "between 1900-01-01 and 2100-12-31",
            "errors": [
                {
                    "param": "as_of",
                    "location": "query",
                    "msg": "Value error, date must be a calendar date YYYY-MM-DD between 1900-01-01 and "
                    "2100-12-31",
                }
            ],
        },
        {"detail": "no company 91320413504986847Q in the graph", "errors": []},
    )


ERROR_TEXT = {
    401: "missing or unknown API key (header X-API-Key)",
    403: "the caller's role may not use this endpoint",
    404: "no such subject or record; the answer names what was looked up",
    409: "the request conflicts with the resource's state",
    422: "a parameter, or the body, is invalid (or is not JSON); the answer names it",
    500: "internal error; the answer holds an id to quote to the operator",
    503: "the store is unavailable or the query ran past the time limit (Retry-After)",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry for a route: each listed error with the one error model."""
    return {code: {"model": ErrorOut, "description": ERROR_TEXT[code]} for code in codes}


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
            "key": "91320413504986847Q",
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
                    "company_key": "91320413504986847Q",
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
    subject_kind: str = Field(
        default="company", description="company (red or black), or person, shop, courier, platform (black)"
    )
    subject_key: str = Field(
        description="a company's USCC, a person's masked ID, platform_id/shop_id, courier_id or platform_id"
    )
    id_number: str | None = Field(
        default=None,
        description="a person's ID number: whole for investigators, masked for officials, absent for the public",
    )
    subject_name: str | None = None
    listed_at: date | None = None
    expires_at: date | None = None
    reason: str | None = None
    agency: str | None = Field(default=None, description="the listing agency as written")
    jurisdiction: str | None = None
    contested: bool = Field(default=False, description="an objection is pending")
    model_config = _examples(
        {
            "key": "E1-00000157",
            "list": "black",
            "subject_kind": "company",
            "subject_key": "91320413504986847Q",
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


# -- the regulators' read endpoints: subjects, relations, paths, risk ------------------------
# Shapes follow the query layer (queries/*.py); nested records whose fields vary by relationship
# or record kind stay dicts. Persons carry ``key`` = masked ID and ``node_key`` = the keyed hash;
# ``id_number`` is unmasked for investigators only (api/privacy.py).

_PERSON_REF = {
    "kind": "person",
    "key": "320402********0754",
    "name": "张三",
    "node_key": "5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455",
    "id_number": "320402********0754",
}
_COMPANY_REF = {
    "kind": "company",
    "key": "91320413504986847Q",
    "name": "常州某某科技有限公司",
    "node_key": "91320413504986847Q",
}


class SubjectRefOut(BaseModel):
    kind: str = Field(description="company, person, shop, platform, courier (or phone, address, account)")
    key: str = Field(description="the key users know; for persons the masked citizen ID")
    name: str | None = None
    node_key: str = Field(description="the graph's key (persons: keyed hash of the citizen ID)")
    id_number: str | None = Field(default=None, description="persons only; unmasked for investigators only")
    model_config = _examples(_PERSON_REF)


class NodeRefOut(BaseModel):
    kind: str
    key: str
    name: str | None = None


class IdentifierRefOut(NodeRefOut):
    number: str | None = Field(default=None, description="phones: the number; masked unless investigator")
    account_no: str | None = Field(
        default=None, description="accounts: the number; masked unless investigator"
    )


class StoredRisk(BaseModel):
    risk_own: float | None = None
    risk_score: float | None = None
    risk_rank: int | None = None
    list_status: str | None = Field(default=None, description="black, red or empty at the last run")


class EntityFilePublic(BaseModel):
    subject: SubjectRefOut
    as_of: date
    properties: dict[str, Any] = Field(description="the subject's own properties (no personal ones)")
    risk: StoredRisk = Field(description="as written back by the last risk propagation run")
    sections: dict[str, list[dict[str, Any]]] = Field(
        description="roles, people, shareholdings, shareholders, operates, operators, platforms, shops, "
        "ships_for, couriers, products, violations, list_entries, complaints, evaluations, identifiers, "
        "jurisdiction; links carry `node` and `current`, records their fields and `status`"
    )
    objections: list[dict[str, Any]] = Field(default_factory=list)
    truncated: bool = Field(description="the subject has more direct links than the file lists")
    model_config = _examples(
        {
            "subject": _PERSON_REF,
            "as_of": "2026-06-30",
            "properties": {"name": "张三", "id_masked": "320402********0754", "risk_score": 4.59},
            "risk": {"risk_own": 0.0, "risk_score": 4.59, "risk_rank": 20, "list_status": ""},
            "sections": {
                "roles": [
                    {
                        "rel": "OFFICER_OF",
                        "role": "董事",
                        "since": "2022-04-18",
                        "node": _COMPANY_REF,
                        "current": True,
                    }
                ],
                "list_entries": [
                    {"rel": "LISTED_IN", "key": "E1-00000015", "list": "black", "status": "active"}
                ],
            },
            "objections": [],
            "truncated": False,
        }
    )


class RelatedNode(SubjectRefOut):
    label: str
    depth: int = Field(description="hops from the subject")
    hub: bool = Field(
        default=False, description="more neighbours than the fan-out: shown, not walked through"
    )


class GraphEdge(BaseModel):
    type: str
    source: str = Field(
        description="node_key of the node the walk came from (not necessarily the stored start: the "
        "schema's endpoint pairs give the direction, except Company-Company shareholding)"
    )
    target: str = Field(description="node_key of the node the walk reached")
    role: str | None = None
    ratio: float | None = None
    since: date | None = None
    until: date | None = None
    model_config = ConfigDict(extra="allow")


class RelatedPublic(BaseModel):
    subject: dict[str, str] = Field(description="kind and node_key of the start")
    depth: int
    as_of: date
    types: list[str] = Field(description="the relationship groups walked")
    fanout: int
    nodes: list[RelatedNode]
    edges: list[GraphEdge]
    hubs: list[str] = Field(description="node keys not walked through (fan-out cap)")
    truncated: bool = Field(description="the node cap stopped the walk")
    model_config = _examples(
        {
            "subject": {"kind": "company", "node_key": "91320413504986847Q"},
            "depth": 1,
            "as_of": "2026-06-30",
            "types": ["roles", "shareholding", "operation", "shared_identifiers"],
            "fanout": 200,
            "nodes": [
                {**_COMPANY_REF, "label": "Company", "depth": 0, "hub": False},
                {**_PERSON_REF, "label": "Person", "depth": 1, "hub": False},
            ],
            "edges": [
                {
                    "type": "LEGAL_REP_OF",
                    "source": _PERSON_REF["node_key"],
                    "target": "91320413504986847Q",
                    "since": "2020-01-01",
                }
            ],
            "hubs": [],
            "truncated": False,
        }
    )


class PathNodeOut(SubjectRefOut):
    label: str


class PathPublic(BaseModel):
    found: bool = Field(description="false when no path of at most 4 links joins them")
    length: int | None = None
    nodes: list[PathNodeOut] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)
    model_config = _examples(
        {
            "found": True,
            "length": 1,
            "nodes": [{**_PERSON_REF, "label": "Person"}, {**_COMPANY_REF, "label": "Company"}],
            "edges": [
                {"type": "LEGAL_REP_OF", "source": _PERSON_REF["node_key"], "target": "91320413504986847Q"}
            ],
        }
    )


class RiskFactorOut(BaseModel):
    name: str
    value: float
    detail: str | None = None


class RiskRecordOut(BaseModel):
    kind: str = Field(description="violation or listing")
    record: str = Field(description="the record's key")
    contribution: float
    factors: list[RiskFactorOut]


class RiskPathNodeOut(BaseModel):
    label: str
    key: str = Field(description="node key")
    note: str = ""


class RiskPathEdgeOut(BaseModel):
    type: str
    forward: bool = Field(description="the stored direction runs along the path")


class RiskPathOut(BaseModel):
    nodes: list[RiskPathNodeOut]
    edges: list[RiskPathEdgeOut]
    probability: float
    summary: str = Field(description="the path in one line: Label(key, note) -TYPE-> …")


class RiskSourceOut(SubjectRefOut):
    label: str
    own_risk: float
    contribution: float = Field(description="how much of the subject's score came from this source")
    share: float = Field(description="contribution / score")
    path: RiskPathOut | None = Field(description="the most probable walk from the source; None for itself")


class SubjectRiskPublic(BaseModel):
    subject: SubjectRefOut
    as_of: date = Field(description="the date the explanation's records and ties were taken on")
    stored: StoredRisk = Field(description="as written back by the last propagation run")
    explained: bool = Field(description="false when the explanation could not be computed (see note)")
    risk_own: float | None = Field(default=None, description="own risk from records in force on as_of")
    risk_score: float | None = Field(default=None, description="propagated score on as_of")
    risk_rank: int | None = None
    records: list[RiskRecordOut] = Field(default_factory=list, description="own risk, record by record")
    sources: list[RiskSourceOut] = Field(default_factory=list, description="where the score came from")
    coverage: float | None = Field(default=None, description="share of the score the sources account for")
    note: str | None = None
    model_config = _examples(
        {
            "subject": _COMPANY_REF,
            "as_of": "2026-06-30",
            "stored": {"risk_own": 0.0, "risk_score": 4.59, "risk_rank": 18, "list_status": ""},
            "explained": True,
            "risk_own": 0.0,
            "risk_score": 4.59,
            "risk_rank": 18,
            "records": [],
            "sources": [
                {
                    **_PERSON_REF,
                    "label": "Person",
                    "own_risk": 10.0,
                    "contribution": 3.9,
                    "share": 0.85,
                    "path": {
                        "nodes": [
                            {"label": "Person", "key": _PERSON_REF["node_key"], "note": "blacklisted"},
                            {"label": "Company", "key": "91320413504986847Q", "note": ""},
                        ],
                        "edges": [{"type": "LEGAL_REP_OF", "forward": True}],
                        "probability": 0.5,
                        "summary": "Person(5f0c…, blacklisted) -LEGAL_REP_OF-> Company(91320413504986847Q)",
                    },
                }
            ],
            "coverage": 0.98,
            "note": None,
        }
    )


class RiskTopItem(SubjectRefOut):
    label: str
    risk_score: float
    risk_own: float | None = None
    risk_rank: int | None = None
    list_status: str | None = None


class RiskTopPublic(BaseModel):
    data: list[RiskTopItem]
    count: int
    model_config = _examples(
        {
            "data": [
                {
                    **_COMPANY_REF,
                    "label": "Company",
                    "risk_score": 5.4,
                    "risk_own": 10.0,
                    "risk_rank": 1,
                    "list_status": "black",
                }
            ],
            "count": 1,
        }
    )


# -- alerts ----------------------------------------------------------------------------------


class AlertListEntry(BaseModel):
    key: str
    agency: str | None = None
    jurisdiction: str | None = None
    reason: str | None = None
    contested: bool = False


class MeasureRef(BaseModel):
    name: str = Field(description="the black-list measure, as the entry names it (e.g. 限制担任董监高)")
    document: str
    clause: str


_MEASURE_EXAMPLE = {
    "name": "限制担任董监高",
    "document": "苏政办发〔2017〕144号",
    "clause": "江苏省全面加强电子商务领域诚信建设的实施意见 (二十)",
}


class ReappearancePublic(BaseModel):
    subject: SubjectRefOut = Field(description="the blacklisted subject (or its responsible person)")
    entity: NodeRefOut = Field(description="the company or shop it reappears in")
    basis: str = Field(
        description="direct_role, shop_operator, shareholding, shared_identifier, responsible_person"
    )
    via: dict[str, Any] = Field(description="how: rel, role, and per basis ratio, identifier, nominee …")
    listed_at: date | None = None
    since: date | None = Field(default=None, description="when the reappearing tie began")
    list_entry: AlertListEntry
    responsible: list[dict[str, Any]] = Field(
        default_factory=list, description="agencies that must act, where the policy data says"
    )
    measure: MeasureRef | None = Field(
        default=None, description="the measure of the entry that bars the tie, with its document and clause"
    )
    model_config = _examples(
        {
            "subject": _PERSON_REF,
            "entity": {"kind": "company", "key": "91320413504986847Q", "name": "常州某某科技有限公司"},
            "basis": "direct_role",
            "via": {"rel": "OFFICER_OF", "role": "董事"},
            "listed_at": "2017-03-06",
            "since": "2018-07-10",
            "list_entry": {
                "key": "E1-00000015",
                "agency": "常州市市场监督管理局",
                "jurisdiction": "320400",
                "reason": "严重失信",
                "contested": False,
            },
            "responsible": [],
            "measure": _MEASURE_EXAMPLE,
        }
    )


class ReappearancesPublic(BaseModel):
    data: list[ReappearancePublic]
    count: int
    as_of: date


class BarredRolePublic(ReappearancePublic):
    basis: str = Field(
        description="held_role (held since before the listing); direct_role, shop_operator or courier "
        "(taken after it)"
    )
    entity: NodeRefOut = Field(description="the company, shop, or (for a courier service) platform or shop")
    began: Literal["after_listing", "before_listing"] = Field(
        description="whether the barred tie began after the listing or was held since before it"
    )
    model_config = _examples(
        {
            "subject": _PERSON_REF,
            "entity": {"kind": "company", "key": "91320413504986847Q", "name": "常州某某科技有限公司"},
            "basis": "held_role",
            "via": {"rel": "OFFICER_OF", "role": "董事"},
            "listed_at": "2017-03-06",
            "since": "2015-07-10",
            "list_entry": {
                "key": "E1-00000015",
                "agency": "常州市市场监督管理局",
                "jurisdiction": "320400",
                "reason": "严重失信",
                "contested": False,
            },
            "responsible": [],
            "measure": _MEASURE_EXAMPLE,
            "began": "before_listing",
        }
    )


class BarredRolesPublic(BaseModel):
    data: list[BarredRolePublic]
    count: int
    as_of: date


class CourierBanPublic(BaseModel):
    subject: SubjectRefOut = Field(description="the blacklisted courier or its operator")
    courier: NodeRefOut
    entity: NodeRefOut = Field(description="the platform that still uses the courier")
    basis: str
    listed_at: date | None = None
    since: date | None = None
    until: date | None = None
    list_entry: AlertListEntry
    model_config = _examples(
        {
            "subject": {"kind": "courier", "key": "CR1-0012", "name": "新桥速递", "node_key": "CR1-0012"},
            "courier": {"kind": "courier", "key": "CR1-0012", "name": "新桥速递"},
            "entity": {"kind": "platform", "key": "PF02", "name": "京东商城"},
            "basis": "courier",
            "listed_at": "2017-08-24",
            "since": "2016-04-11",
            "until": None,
            "list_entry": {"key": "E1-00000051", "agency": "江苏省工商行政管理局", "jurisdiction": "320000"},
        }
    )


class CourierBansPublic(BaseModel):
    data: list[CourierBanPublic]
    count: int
    as_of: date


class RingFlag(BaseModel):
    flag: str = Field(description="blacklisted or violation")
    record: str
    jurisdiction: str | None = None
    on: date | None = Field(default=None, description="listed_at of the entry, decided_at of the violation")


class RingMember(SubjectRefOut):
    flags: list[RingFlag] = Field(default_factory=list)


class RingPublic(BaseModel):
    ring: int = Field(description="number in the full list (largest first)")
    size: int
    members: list[RingMember]
    identifiers: list[IdentifierRefOut] = Field(
        description="the shared phones, addresses, accounts (numbers masked unless investigator)"
    )
    links: list[dict[str, str]] = Field(description="subject_node_key → identifier_key")
    model_config = _examples(
        {
            "ring": 1,
            "size": 2,
            "members": [
                {
                    **_PERSON_REF,
                    "flags": [
                        {
                            "flag": "blacklisted",
                            "record": "E1-00000053",
                            "jurisdiction": "320400",
                            "on": "2020-05-01",
                        }
                    ],
                },
                {**_COMPANY_REF, "flags": []},
            ],
            "identifiers": [{"kind": "phone", "key": "bd47…(64 hex)", "name": "189****5949"}],
            "links": [
                {"subject_node_key": _PERSON_REF["node_key"], "identifier_key": "bd47…(64 hex)"},
                {"subject_node_key": "91320413504986847Q", "identifier_key": "bd47…(64 hex)"},
            ],
        }
    )


class RingsPublic(BaseModel):
    data: list[RingPublic]
    count: int
    as_of: date


# -- product trace ---------------------------------------------------------------------------


class TraceStage(NodeRefOut):
    violations: list[dict[str, Any]] = Field(default_factory=list, description="records in force on as_of")
    platform: str | None = Field(default=None, description="shops: the platform's key")
    serves: dict[str, str] | None = Field(default=None, description="couriers: the shop or platform served")


class ProductTracePublic(BaseModel):
    product: dict[str, Any] = Field(description="key, name, category, sensitive")
    as_of: date
    manufacturers: list[TraceStage]
    shops: list[TraceStage]
    platforms: list[TraceStage]
    couriers: list[TraceStage]
    model_config = _examples(
        {
            "product": {"key": "PD1-00000000", "name": "牛肉干", "category": "食品", "sensitive": True},
            "as_of": "2026-06-30",
            "manufacturers": [
                {"kind": "company", "key": "91320413504986847Q", "name": "常州某某食品有限公司"}
            ],
            "shops": [{"kind": "shop", "key": "PF01/S1-00000167", "name": "某某百货", "platform": "PF01"}],
            "platforms": [{"kind": "platform", "key": "PF01", "name": "淘宝网"}],
            "couriers": [
                {
                    "kind": "courier",
                    "key": "CR1-0001",
                    "name": "中通快递",
                    "serves": {"kind": "platform", "key": "PF01"},
                }
            ],
        }
    )


# -- policy: who must act, agencies, documents, tasks ----------------------------------------


class AgencyRef(BaseModel):
    id: str
    name: str | None = None
    jurisdiction: str | None = None


class DocumentRef(BaseModel):
    key: str
    number: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    issued_at: date | None = None
    status: str | None = Field(default=None, description="adopted, or draft (a draft for comments)")
    comments_requested_at: date | None = Field(
        default=None, description="a draft's date: the request for comments (it has no issue date)"
    )


class AgencyMention(BaseModel):
    as_written: str | None = Field(default=None, description="the name in the document")
    agency: AgencyRef = Field(description="the body the document meant")
    current: AgencyRef = Field(description="the body holding the duties on the date (after reforms)")
    chain: list[dict[str, Any]] | None = Field(default=None, description="the reforms followed, in order")
    document: DocumentRef | None = None
    task_seq: int | None = None
    task_title: str | None = None
    step: str | None = Field(
        default=None,
        description="addresses (a task addressing the conduct) or governs_list (the list's task)",
    )


class TaskPublic(BaseModel):
    key: str
    document: DocumentRef
    seq: int | None = None
    title: str | None = None
    source: str | None = Field(default=None, description="table or text")
    lead: list[AgencyMention]
    coop: list[AgencyMention]
    collective: list[str] = Field(default_factory=list)
    model_config = _examples(
        {
            "key": "doc-2994d0437a9e/task-1",
            "document": {
                "key": "doc-2994d0437a9e",
                "number": None,
                "title": "常州市全面加强电子商务领域诚信建设的实施意见",
                "jurisdiction": "320400",
                "issued_at": None,
                "status": "draft",
                "comments_requested_at": "2018-10-23",
            },
            "seq": 1,
            "title": "建立实名登记和认证制度",
            "source": "table",
            "lead": [
                {
                    "as_written": "市工商局",
                    "agency": {"id": "cz.aic", "name": "常州市工商行政管理局", "jurisdiction": "320400"},
                    "current": {"id": "cz.samr", "name": "常州市市场监督管理局"},
                }
            ],
            "coop": [],
            "collective": ["各辖市区人民政府"],
        }
    )


class TasksPublic(BaseModel):
    data: list[TaskPublic]
    count: int


class ResponsiblePublic(BaseModel):
    violation_type: dict[str, Any] = Field(description="code, name, category, as_written, matched_by")
    jurisdiction: dict[str, Any] = Field(description="code, name, level")
    as_of: date
    table: dict[str, Any] = Field(
        description="jurisdiction whose tasks were used, fallback (an enclosing one), reason, searched"
    )
    lead: list[AgencyMention]
    coop: list[AgencyMention]
    current: dict[str, list[AgencyRef]] = Field(description="distinct current lead and coop bodies")
    tasks: list[TaskPublic]
    model_config = _examples(
        {
            "violation_type": {
                "code": "V01",
                "name": "恶意刷单",
                "category": "交易造假",
                "as_written": "刷单",
                "matched_by": "synonym",
            },
            "jurisdiction": {"code": "320412", "name": "武进区", "level": "county"},
            "as_of": "2026-06-30",
            "table": {
                "jurisdiction": {"code": "320400", "name": "常州市"},
                "fallback": True,
                "reason": "武进区 (320412) has no task addressing 恶意刷单 (V01); using the nearest enclosing …",
                "searched": ["320412", "320400", "320000"],
            },
            "lead": [],
            "coop": [],
            "current": {
                "lead": [{"id": "cz.samr", "name": "常州市市场监督管理局", "jurisdiction": "320400"}]
            },
            "tasks": [],
        }
    )


class AgencyPublic(BaseModel):
    key: str
    name: str | None = None
    jurisdiction: str | None = None
    kind: str | None = Field(default=None, description="agency, credit_office, collective")
    valid_from: date | None = None
    valid_until: date | None = Field(default=None, description="set when a reform replaced it")
    leads: int = Field(description="tasks it leads")
    cooperates: int = Field(description="tasks it cooperates on")
    tasks: int = Field(description="leads + cooperates")
    model_config = _examples(
        {
            "key": "cz.samr",
            "name": "常州市市场监督管理局",
            "jurisdiction": "320400",
            "kind": "agency",
            "valid_from": "2019-01-01",
            "valid_until": None,
            "leads": 3,
            "cooperates": 7,
            "tasks": 10,
        }
    )


class AgenciesPublic(BaseModel):
    data: list[AgencyPublic]
    count: int


class AgencyTaskOut(BaseModel):
    role: Literal["lead", "coop"]
    as_written: str | None = None
    task_key: str
    seq: int | None = None
    title: str | None = None
    document: DocumentRef


class AgencyDetailPublic(BaseModel):
    key: str
    name: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    aliases: list[str] = Field(default_factory=list)
    valid_from: date | None = None
    valid_until: date | None = None
    current: AgencyRef | None = Field(
        default=None, description="the body holding its duties on as_of, when a reform replaced it"
    )
    chain: list[dict[str, Any]] = Field(default_factory=list, description="the reforms followed")
    tasks: list[AgencyTaskOut]
    truncated: bool = False
    model_config = _examples(
        {
            "key": "cz.aic",
            "name": "常州市工商行政管理局",
            "jurisdiction": "320400",
            "kind": "agency",
            "aliases": ["市工商局"],
            "valid_from": None,
            "valid_until": "2019-01-01",
            "current": {"id": "cz.samr", "name": "常州市市场监督管理局", "jurisdiction": "320400"},
            "chain": [],
            "tasks": [
                {
                    "role": "coop",
                    "as_written": "市工商局",
                    "task_key": "doc-2994d0437a9e/task-1",
                    "seq": 1,
                    "title": "建立实名登记和认证制度",
                    "document": {"key": "doc-2994d0437a9e", "jurisdiction": "320400"},
                }
            ],
            "truncated": False,
        }
    )


class DocumentPublic(DocumentRef):
    tasks: int = Field(description="rows of its task-division table")
    model_config = _examples(
        {
            "key": "苏政办发〔2017〕144号#2",
            "number": "苏政办发〔2017〕144号",
            "title": "江苏省全面加强电子商务领域诚信建设的实施意见",
            "jurisdiction": "320000",
            "issued_at": "2017-12-01",
            "tasks": 20,
        }
    )


class DocumentsPublic(BaseModel):
    data: list[DocumentPublic]
    count: int


# -- search ----------------------------------------------------------------------------------


class SearchHit(SubjectRefOut):
    model_config = _examples(_COMPANY_REF, _PERSON_REF)


class SearchPublic(BaseModel):
    data: list[SearchHit]
    count: int
    tokens: list[str] = Field(description="how the query was tokenised")


# -- measures in force: incentives and restrictions of one subject on one date -----------------


class SubjectEntryOut(BaseModel):
    key: str
    list: Literal["red", "black"]
    listed_at: date | None = None
    expires_at: date | None = None
    reason: str | None = None
    agency: str | None = Field(default=None, description="the listing agency as written")
    jurisdiction: str | None = None
    measures: list[str] = Field(default_factory=list, description="the measures the entry names")
    contested: bool = Field(default=False, description="an objection is pending")


class IncentiveOut(BaseModel):
    entry: str = Field(description="the red-list entry that grants it")
    name: str = Field(description="the incentive (e.g. 绿色通道)")
    known: bool = Field(description="false for a name no document gives (kept as the entry names it)")
    source: Literal["entry", "documents"] | None = Field(
        default=None,
        description="entry: the entry names it; documents: the entry names none, the documents grant it",
    )
    grants: str | None = None
    document: str | None = None
    clause: str | None = None
    text: str | None = Field(default=None, description="the document's own words")
    suspended_by: list[str] = Field(
        default_factory=list, description="black-list entries in force that suspend it (see suspension)"
    )


class RestrictionBar(BaseModel):
    presence: str = Field(description="company_role, company_holding, shop or courier")
    roles: list[str] = Field(default_factory=list, description="the roles barred (empty: any)")
    new_only: bool = Field(description="bars only what began after the listing")
    document: str
    clause: str


class RestrictionOut(BaseModel):
    entry: str = Field(description="the black-list entry that imposes it")
    name: str = Field(description="the measure (e.g. 限制担任董监高)")
    known: bool = Field(description="false for a name no document gives (kept as the entry names it)")
    bars: list[RestrictionBar] = Field(default_factory=list)
    document: str | None = None
    clause: str | None = None


class RuleRef(BaseModel):
    document: str
    clause: str


class MeasuresPublic(BaseModel):
    subject: SubjectRefOut
    as_of: date
    entries: list[SubjectEntryOut] = Field(description="the subject's list entries in force on as_of")
    incentives: list[IncentiveOut]
    restrictions: list[RestrictionOut]
    suspension: RuleRef | None = Field(
        default=None, description="the rule by which a black-list entry in force suspends the incentives"
    )
    model_config = _examples(
        {
            "subject": {
                "kind": "company",
                "key": "91320413504986847Q",
                "name": "常州市东方峻景印务有限公司",
                "node_key": "91320413504986847Q",
            },
            "as_of": "2026-06-30",
            "entries": [
                {
                    "key": "E00000101",
                    "list": "red",
                    "listed_at": "2025-01-01",
                    "reason": "诚信示范",
                    "agency": "常州市市场监督管理局",
                    "jurisdiction": "320400",
                    "measures": [],
                    "contested": False,
                }
            ],
            "incentives": [
                {
                    "entry": "E00000101",
                    "name": "绿色通道",
                    "known": True,
                    "source": "documents",
                    "grants": "续期办证、开具上市证明等方面的绿色通道",
                    "document": "苏政办发〔2017〕144号",
                    "clause": "江苏省全面加强电子商务领域诚信建设的实施意见 (十九)",
                    "text": "在续期办证、开具上市证明等方面给予绿色通道",
                    "suspended_by": [],
                }
            ],
            "restrictions": [],
            "suspension": None,
        }
    )
