"""A subject's credit report (信用报告) and the answer of its verification."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from .common import _COMPANY_REF, SubjectRefOut, _examples
from .risk import RiskRecordOut, RiskSourceOut, StoredRisk
from .subjects import IncentiveOut, RestrictionOut, SubjectEntryOut


class ReportRiskOut(BaseModel):
    stored: StoredRisk = Field(description="as written back by the last propagation run")
    explained: bool = Field(description="false when the explanation could not be computed (see note)")
    risk_own: float | None = None
    risk_score: float | None = None
    risk_rank: int | None = None
    records: list[RiskRecordOut] = Field(default_factory=list)
    sources: list[RiskSourceOut] = Field(default_factory=list)
    coverage: float | None = None
    note: str | None = None


class ReportSources(BaseModel):
    records: str
    documents: list[str] = Field(description="the documents whose clauses the report applies")
    display: str


class Verification(BaseModel):
    code: str = Field(description="HMAC-SHA256 of the report's content under the graph's secret, 100 bits")
    method: str


class ReportPublic(BaseModel):
    format: str
    subject: SubjectRefOut
    as_of: date
    identity: dict[str, Any] = Field(
        description="the subject's own properties (personal ones masked by role)"
    )
    records: dict[str, list[dict[str, Any]]] = Field(
        description="records in display on as_of: violations, complaints, evaluations"
    )
    list_entries: list[SubjectEntryOut] = Field(description="red- and black-list entries in force on as_of")
    incentives: list[IncentiveOut]
    restrictions: list[RestrictionOut]
    objections: list[dict[str, Any]] = Field(description="objections against its records and their state")
    risk: ReportRiskOut
    sources: ReportSources
    verification: Verification
    model_config = _examples(
        {
            "format": "creditgraph credit report v1",
            "subject": _COMPANY_REF,
            "as_of": "2026-06-30",
            "identity": {"name": _COMPANY_REF["name"], "status": "存续", "jurisdiction": "320413"},
            "records": {"violations": [], "complaints": [], "evaluations": []},
            "list_entries": [],
            "incentives": [],
            "restrictions": [],
            "objections": [],
            "risk": {
                "stored": {"risk_own": 0.0, "risk_score": 4.59, "risk_rank": 18, "list_status": ""},
                "explained": False,
                "note": "the subject is not in the risk graph",
            },
            "sources": {
                "records": "the record files loaded into this graph",
                "documents": [],
                "display": "…",
            },
            "verification": {"code": "43GE-JAHE-LA4P-GT2O-5COB", "method": "HMAC-SHA256, canonical JSON"},
        }
    )


class ReportCheckPublic(BaseModel):
    valid: bool
    subject: SubjectRefOut
    as_of: date
    reason: str | None = Field(default=None, description="why a code is refused")
    model_config = _examples({"valid": True, "subject": _COMPANY_REF, "as_of": "2026-06-30", "reason": None})
