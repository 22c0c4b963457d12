"""Subjects: a company, a person, the entity file, related parties, paths."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .common import (
    _COMPANY_REF,
    _PERSON_REF,
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
