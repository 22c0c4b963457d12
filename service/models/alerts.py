"""The alert lists' items and pages."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from .common import (
    _COMPANY_REF,
    _PERSON_REF,
    IdentifierRefOut,
    NodeRefOut,
    SubjectRefOut,
    _examples,
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


class CommitmentOut(BaseModel):
    key: str = Field(description="the commitment_id")
    kind: str | None = Field(default=None, description="审批替代型, 主动型, 行业自律型, 信用修复型")
    content: str | None = None
    made_at: date | None = None
    valid_until: date | None = None
    agency: str | None = Field(default=None, description="the agency it was made to, as written")
    public: bool = Field(default=True, description="published; the public role sees only these")


class BreakingViolation(BaseModel):
    key: str = Field(description="the violation's record_id")
    type: str | None = Field(default=None, description="the violation type as written")
    decided_at: date | None = None
    severity: str | None = None
    agency: str | None = None
    jurisdiction: str | None = None
    display_until: date | None = None
    contested: bool = False


class CommitmentRule(BaseModel):
    document: str
    clause: str
    text: str | None = None


class BrokenCommitmentPublic(BaseModel):
    commitment: CommitmentOut
    subject: SubjectRefOut = Field(description="the subject that made the commitment and broke it")
    violation: BreakingViolation = Field(description="the 承诺不符 violation that breaks it, on display")
    decided_at: date | None = Field(default=None, description="when the violation was decided")
    basis: CommitmentRule = Field(description="the rule that makes the mismatch a dishonesty record")
    model_config = _examples(
        {
            "commitment": {
                "key": "CM1-00000003",
                "kind": "主动型",
                "content": "承诺诚信经营，商品质量、价格与宣传一致",
                "made_at": "2019-04-02",
                "valid_until": None,
                "agency": "常州市市场监督管理局",
                "public": True,
            },
            "subject": _COMPANY_REF,
            "violation": {
                "key": "V1-000000412",
                "type": "承诺不符",
                "decided_at": "2025-03-18",
                "severity": "一般",
                "agency": "常州市市场监督管理局",
                "jurisdiction": "320400",
                "display_until": "2027-03-18",
                "contested": False,
            },
            "decided_at": "2025-03-18",
            "basis": {
                "document": "苏政办发〔2017〕144号",
                "clause": "江苏省全面加强电子商务领域诚信建设的实施意见 (十)",
                "text": "市场主体实际情况与承诺内容不符，应当作为失信行为信息记入信用档案",
            },
        }
    )


class ComplaintPeriod(BaseModel):
    since: date = Field(description="exclusive")
    until: date = Field(description="inclusive: the as_of day")
    months: int


class ComplaintRatePublic(BaseModel):
    subject: SubjectRefOut = Field(description="the shop, platform or courier complained about")
    period: ComplaintPeriod
    received: int
    substantiated: int
    resolved: int = Field(description="办结 or 先行赔付, with a resolution date")
    mean_days_to_resolve: float | None = None
    paid_ahead: int = Field(description="complaints settled by 先行赔付")
    compensation: float = Field(description="yuan paid ahead in the period")
    orders: int | None = Field(
        default=None, description="the subject's orders in the months the complaints name"
    )
    basis: Literal["per_1000_orders", "per_month"]
    rate: float = Field(description="substantiated complaints per 1,000 orders, or per month")
    threshold: float
    warned: bool = Field(description="the rate passes the threshold: on the warning list")
    rule: dict[str, str] = Field(description="the document and clause")
    model_config = _examples(
        {
            "subject": {
                "kind": "shop",
                "key": "PF01/S00000001",
                "name": "王伟的小店",
                "node_key": "PF01/S00000001",
            },
            "period": {"since": "2026-03-30", "until": "2026-06-30", "months": 3},
            "received": 9,
            "substantiated": 7,
            "resolved": 6,
            "mean_days_to_resolve": 4.5,
            "paid_ahead": 2,
            "compensation": 380.0,
            "orders": None,
            "basis": "per_month",
            "rate": 2.3333,
            "threshold": 2.0,
            "warned": True,
            "rule": {
                "document": "苏政办发〔2017〕144号",
                "clause": "江苏省全面加强电子商务领域诚信建设的实施意见 (七)(十六)(十八)",
            },
        }
    )
