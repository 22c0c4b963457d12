"""Product trace: product → manufacturer → shops → platforms → couriers, with the violations met and
the sampling inspections (抽检) of the product (苏政办发〔2017〕144号 (十一): the trail beyond the shop)."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import NotFound
from creditgraph.graph_model.stores.base import Store

from .library import query


def product_trace(store: Store, product_id: str, as_of: date | None = None) -> dict[str, Any]:
    as_of = as_of or today()
    rows = query(store, "product_trace", key=product_id, as_of=as_of)
    if not rows:
        raise NotFound(f"no product {product_id!r} in the graph")
    first = rows[0]
    manufacturers = {r["manufacturer_key"]: r["manufacturer_name"] for r in rows if r["manufacturer_key"]}
    shops = {r["shop_key"]: r for r in rows if r["shop_key"]}
    platforms = {r["platform_key"]: r["platform_name"] for r in rows if r["platform_key"]}
    couriers = [
        c
        for label, keys in (("Shop", sorted(shops)), ("Platform", sorted(platforms)))
        for key in keys
        for c in sorted(
            query(store, "couriers_serving", subject=label, key=key, as_of=as_of),
            key=lambda c: c["courier_key"],
        )
    ]

    def violations(label: str, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for key in keys:
            rows = query(store, "subject_violations", subject=label, key=key, as_of=as_of)
            for v in sorted(rows, key=lambda v: v["record_key"]):
                found.setdefault(v.pop("subject_key"), []).append(v)
        return found

    courier_keys = sorted({c["courier_key"] for c in couriers})
    v_company = violations("Company", sorted(manufacturers))
    v_shop = violations("Shop", sorted(shops))
    v_platform = violations("Platform", sorted(platforms))
    v_courier = violations("Courier", courier_keys)

    def stage(kind, key, name, found):
        return {
            "kind": kind,
            "key": key,
            "name": name,
            "violations": found.get(key, []),
        }

    inspections = [
        {
            "key": i["key"],
            "sampled_at": i["sampled_at"],
            "result": i["result"],
            "batch": i["batch"],
            "items": i["items"],
            "agency": i["agency"],
            "shop": {"kind": "shop", "key": i["shop_key"], "name": i["shop_name"]} if i["shop_key"] else None,
        }
        for i in query(store, "product_inspections", key=product_id, as_of=as_of)
    ]
    return {
        "inspections": inspections,
        "failed_inspections": sum(i["result"] == "不合格" for i in inspections),
        "product": {
            "key": first["product_key"],
            "name": first["product_name"],
            "category": first["category"],
            "sensitive": bool(first["sensitive"]),
        },
        "as_of": as_of,
        "manufacturers": [stage("company", k, n, v_company) for k, n in sorted(manufacturers.items())],
        "shops": [
            {**stage("shop", k, r["shop_name"], v_shop), "platform": r["platform_key"]}
            for k, r in sorted(shops.items())
        ],
        "platforms": [stage("platform", k, n, v_platform) for k, n in sorted(platforms.items())],
        "couriers": [
            {
                **stage("courier", c["courier_key"], c["courier_name"], v_courier),
                "serves": {"kind": c["serves_label"].lower(), "key": c["serves_key"]},
            }
            for c in couriers
        ],
    }
