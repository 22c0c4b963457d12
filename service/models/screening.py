"""Batch screening (名单比对): the request and the one item per identifier it answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from creditgraph.queries.measures import purposes

from ..params import DATE_RULE, Day
from .common import _COMPANY_REF, _PERSON_REF, NodeRefOut, SubjectRefOut, _examples
from .subjects import SubjectEntryOut

MAX_SCREEN_IDS = 200_000
Purpose = Literal[tuple(purposes())]  # the policy data's purposes (graph_model/resources/purposes.yaml)


class ScreenRequest(BaseModel):
    ids: list[Annotated[str, StringConstraints(max_length=200)]] = Field(
        min_length=1,
        max_length=MAX_SCREEN_IDS,
        description="USCCs, citizen IDs and platform_id/shop_id ids, the kind told from the form; answered "
        "one item each, in this order",
    )
    purpose: Purpose | None = Field(  # type: ignore[valid-type]
        default=None,
        description="what the screening is for (任职, 入驻平台, 政府采购, 招投标, 行政审批, 招录): `barred` says "
        "whether a measure in force bars it; without one `barred` is null",
    )
    as_of: Day | None = Field(
        default=None, description=f"the day the lists are read on (default today); {DATE_RULE}"
    )
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"ids": [_COMPANY_REF["key"], "PF01/S00000001"], "purpose": "任职"}]},
    )


class PurposeBarOut(BaseModel):
    entry: str = Field(description="the black-list entry whose measure bars the purpose")
    purpose: str
    measure: str
    document: str
    clause: str
    text: str = Field(description="the document's own words")


class ScreenHitOut(BaseModel):
    alert: Literal["barred-roles", "reappearances"]
    as_: Literal["subject", "entity"] = Field(
        alias="as",
        description="subject: the screened one is the listed subject; entity: it is the company or "
        "shop a listed subject holds",
    )
    basis: str
    subject: SubjectRefOut
    entity: NodeRefOut
    entry: str = Field(description="the list entry of the listed subject")
    agency: str | None = None
    measure: str | None = Field(default=None, description="the measure that bars the tie (barred-roles)")
    since: date | None = None
    model_config = ConfigDict(populate_by_name=True)


class ScreenCommitmentOut(BaseModel):
    commitment: str = Field(description="the commitment's id")
    kind: str | None = Field(default=None, description="审批替代型, 主动型, 行业自律型, 信用修复型")
    content: str | None = None
    made_at: date | None = None
    valid_until: date | None = None
    agency: str | None = Field(default=None, description="the agency it was made to, as written")
    public: bool | None = None
    broken_by: list[str] = Field(default_factory=list, description="violations (承诺不符) that break it")


class ContactOut(BaseModel):
    entry: str
    listed_by: str | None = Field(default=None, description="the agency that listed the subject, as written")
    leads: list[str] = Field(default_factory=list, description="the lead agencies that must act on the entry")


class ScreenItemPublic(BaseModel):
    row: int = Field(description="the identifier's place in the input, from 1")
    id: str = Field(description="the identifier as given; a citizen ID masked")
    id_number: str | None = Field(default=None, description="persons only; unmasked for investigators only")
    kind: Literal["company", "person", "shop"] | None = Field(
        default=None, description="what the identifier's form says it is; null with an error"
    )
    found: bool = Field(description="the graph holds the subject")
    name: str | None = None
    node_key: str | None = Field(default=None, description="the graph's key (persons: keyed hash of the ID)")
    error: str | None = Field(default=None, description="why the identifier could not be read")
    entries: list[SubjectEntryOut] = Field(description="its red- and black-list entries in force on as_of")
    barred: bool | None = Field(
        description="a measure in force bars the purpose (null: no purpose, or an error)"
    )
    barred_by: list[PurposeBarOut] = Field(default_factory=list)
    unknown_measures: list[str] = Field(
        default_factory=list,
        description="measures of its black-list entries no document states (bar nothing)",
    )
    hits: list[ScreenHitOut] = Field(default_factory=list, description="barred-role and reappearance items")
    commitments: list[ScreenCommitmentOut] = Field(
        default_factory=list, description="its credit commitments in force (信用承诺), broken or not"
    )
    contact: list[ContactOut] = Field(default_factory=list)


class ScreenPublic(BaseModel):
    as_of: date
    purpose: str | None = None
    count: int = Field(description="identifiers screened (= items)")
    found: int
    listed: int = Field(description="items with an entry in force")
    barred: int
    errors: int
    items: list[ScreenItemPublic]
    model_config = _examples(
        {
            "as_of": "2026-06-30",
            "purpose": "任职",
            "count": 2,
            "found": 2,
            "listed": 1,
            "barred": 1,
            "errors": 0,
            "items": [
                {
                    "row": 1,
                    "id": _PERSON_REF["key"],
                    "kind": "person",
                    "found": True,
                    "name": _PERSON_REF["name"],
                    "entries": [
                        {
                            "key": "E00000001",
                            "list": "black",
                            "listed_at": "2020-01-01",
                            "agency": "常州市市场监督管理局",
                            "jurisdiction": "320400",
                            "measures": ["限制担任董监高"],
                        }
                    ],
                    "barred": True,
                    "barred_by": [
                        {
                            "entry": "E00000001",
                            "purpose": "任职",
                            "measure": "限制担任董监高",
                            "document": "苏政办发〔2017〕144号",
                            "clause": "江苏省全面加强电子商务领域诚信建设的实施意见 (二十)",
                            "text": "对有关失信人员限制担任企业法定代表人、负责人、董事、监事、高级管理人员职务",
                        }
                    ],
                    "contact": [
                        {
                            "entry": "E00000001",
                            "listed_by": "常州市市场监督管理局",
                            "leads": ["江苏省社会信用体系建设领导小组办公室"],
                        }
                    ],
                },
                {
                    "row": 2,
                    "id": _COMPANY_REF["key"],
                    "kind": "company",
                    "found": True,
                    "name": _COMPANY_REF["name"],
                    "entries": [],
                    "barred": False,
                },
            ],
        }
    )
