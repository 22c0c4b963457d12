"""Published red and black list entries."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from .common import (
    _examples,
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
