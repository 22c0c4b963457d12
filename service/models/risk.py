"""Related-party risk: a subject's score explained, the riskiest subjects."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from .common import (
    _COMPANY_REF,
    _PERSON_REF,
    StoredRisk,
    SubjectRefOut,
    _examples,
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
