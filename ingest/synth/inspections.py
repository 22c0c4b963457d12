"""Sampling inspections (抽检) in the product trail.

truth.json ``"inspections": [...]`` — every inspections.csv row: ``inspection_id``, ``product``,
``result`` (合格/不合格), ``sampled_at``, ``shop`` (platform_id/shop_id, or null when sampled offline)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.fake import iso
from creditgraph.ingest.synth.vocabulary import AS_OF

INSPECTION_ITEMS = ["菌落总数", "标签标识", "蛋白质含量", "重金属", "微生物限度", "电气强度"]


def inspections(s: Synth) -> None:
    """Inspections of base products (the first three always, so a trace of the first products
    meets some), one in five 不合格, half sampled online from a shop."""
    r = s.rng
    products = np.concatenate([p["product_id"] for p in s.parts["products.csv"]])
    n = max(20, len(products) // 4)
    picks = np.concatenate([np.arange(min(3, len(products))), r.integers(0, len(products), n)])
    for i, pick in enumerate(picks):
        sampled = s.one_day(dt.date(2017, 1, 1), AS_OF)
        failed = r.random() < 0.2
        shop = str(s.shop_refs[int(r.integers(0, len(s.shop_refs)))]) if r.random() < 0.5 else ""
        iid = s.sid("IN", i, 8)
        agency, _ = s.agencies(np.array([sampled]))
        s.row(
            "inspections.csv",
            inspection_id=iid,
            product_id=products[int(pick)],
            agency=agency[0],
            sampled_at=iso(sampled),
            batch=f"B{iso(sampled)[:7].replace('-', '')}",
            result="不合格" if failed else "合格",
            items=INSPECTION_ITEMS[int(r.integers(0, len(INSPECTION_ITEMS)))] if failed else "",
            shop=shop,
        )
        s.truth["inspections"].append(
            {
                "inspection_id": iid,
                "product": str(products[int(pick)]),
                "result": "不合格" if failed else "合格",
                "sampled_at": iso(sampled),
                "shop": shop or None,
            }
        )
