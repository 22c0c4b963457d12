"""Subjects: a company, a person, the entity file, related parties, paths."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .common import (
    _COMPANY_REF,
    _PERSON_REF,
    NodeRefOut,
    StoredRisk,
    SubjectRefOut,
    _examples,
)

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


class QualificationOut(BaseModel):
    key: str
    group: str = Field(description="the key occupational group (personal-credit opinions 三(二))")
    licence_no: str | None = Field(default=None, description="personal data: masked unless investigator")
    issuing_agency: str | None = None
    jurisdiction: str | None = Field(default=None, description="the issuing agency's division code")
    since: date | None = None
    until: date | None = None


class DishonestyRecord(BaseModel):
    kind: str = Field(
        description="black_list (an entry in force) or violation (of severity 严重, on display)"
    )
    record_key: str
    on: date | None = None
    what: str | None = None
    jurisdiction: str | None = None


class PractitionerPublic(BaseModel):
    person: SubjectRefOut
    qualification: QualificationOut
    employer: NodeRefOut | None = None
    dishonest: bool
    records: list[DishonestyRecord] = Field(default_factory=list)
    basis: dict[str, str] = Field(
        description="the document and clause that make these records serious dishonesty"
    )
    model_config = _examples(
        {
            "person": _PERSON_REF,
            "qualification": {
                "key": "Q3f9a0c1d2e4b5a6978c0d1e2",
                "group": "律师",
                "licence_no": "*************3456",
                "issuing_agency": "常州市司法局",
                "jurisdiction": "320400",
                "since": "2018-06-01",
                "until": None,
            },
            "employer": {"kind": "company", "key": "91320413504986847Q", "name": "常州某某科技有限公司"},
            "dishonest": True,
            "records": [
                {
                    "kind": "black_list",
                    "record_key": "E1-00000015",
                    "on": "2024-03-06",
                    "what": "严重失信",
                    "jurisdiction": "320400",
                }
            ],
            "basis": {
                "document": "苏政办发〔2017〕144号",
                "clause": "江苏省加强个人诚信体系建设的实施意见 六(二) 对重点领域严重失信个人实施联合惩戒",
            },
        }
    )


class PractitionersPublic(BaseModel):
    data: list[PractitionerPublic]
    count: int
    as_of: date


class EligibilityRule(BaseModel):
    rule: str = Field(description="not_blacklisted, not_abnormal, no_penalty_in_display, good_band")
    text: str
    document: str
    clause: str
    record: str | None = Field(default=None, description="the record that fails the rule, if one does")
    on: date | None = None
    grade: str | None = None


class IntermediaryOut(BaseModel):
    key: str = Field(description="the USCC")
    name: str | None = None
    jurisdiction: str | None = None
    category: str
    grade: str | None = Field(default=None, description="the latest grade on or before as_of")
    graded_at: date | None = None
    graded_by: str | None = None
    why: list[EligibilityRule] | None = Field(default=None, description="the rules it meets (chosen ones)")
    failed: list[EligibilityRule] | None = Field(default=None, description="the rules it fails (left out)")


class IndustryWarning(BaseModel):
    category: str
    grade: str
    share: float = Field(description="share of the category's graded intermediaries whose latest grade is D")
    threshold: float
    graded: int
    text: str
    document: str
    clause: str


class IntermediariesEligiblePublic(BaseModel):
    category: str
    as_of: date
    data: list[IntermediaryOut]
    count: int
    left_out: list[IntermediaryOut] | None = Field(default=None, description="with explain=true")
    warning: IndustryWarning | None = None
    model_config = _examples(
        {
            "category": "评估",
            "as_of": "2026-06-30",
            "data": [
                {
                    "key": "91320413504986847Q",
                    "name": "常州某某科技有限公司",
                    "jurisdiction": "320413",
                    "category": "评估",
                    "grade": "A",
                    "graded_at": "2025-12-01",
                    "graded_by": "常州市市场监督管理局",
                    "why": [
                        {
                            "rule": "good_band",
                            "text": "信用状况好、信用等级高的，在政府购买服务中同等条件下优先选择",
                            "document": "连云港市加强涉审社会中介机构信用管理的实施意见",
                            "clause": "四(四), 四(六)",
                        }
                    ],
                }
            ],
            "count": 1,
            "left_out": None,
            "warning": None,
        }
    )
