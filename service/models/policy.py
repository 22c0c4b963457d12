"""Policy: who must act, agencies, documents, tasks."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from .common import (
    _examples,
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
