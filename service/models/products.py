"""Product trace."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from .common import (
    NodeRefOut,
    _examples,
)

# -- product trace ---------------------------------------------------------------------------


class TraceStage(NodeRefOut):
    violations: list[dict[str, Any]] = Field(default_factory=list, description="records in force on as_of")
    platform: str | None = Field(default=None, description="shops: the platform's key")
    serves: dict[str, str] | None = Field(default=None, description="couriers: the shop or platform served")


class InspectionOut(BaseModel):
    key: str = Field(description="the inspection_id")
    sampled_at: date | None = None
    result: str | None = Field(default=None, description="合格 or 不合格")
    batch: str | None = None
    items: str | None = None
    agency: str | None = None
    shop: NodeRefOut | None = Field(default=None, description="the shop sampled online, if any")


class ProductTracePublic(BaseModel):
    product: dict[str, Any] = Field(description="key, name, category, sensitive")
    as_of: date
    inspections: list[InspectionOut] = Field(
        default_factory=list, description="sampling inspections (抽检) made on or before as_of, oldest first"
    )
    failed_inspections: int = Field(default=0, description="how many of them found the product 不合格")
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
