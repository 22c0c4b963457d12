"""Incremental exchange files for the credit platforms (电子商务意见 (九): 与全国信用信息共享平台实现
互联共享): the violations and the list entries that changed in a period, in the record contract's
own columns, so the receiving side loads them with ``creditgraph ingest records`` (or ``ingest
shared`` for the JSON form) and a round trip gives the same files.

A record is in the export of [since, until] when it was decided or listed, repaired or removed, or
corrected after an upheld objection in that period; a public commitment when it was made in it (the dates the graph holds; it keeps no load
times). Persons are identified by their citizen ID, masked unless the caller asks otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.types import mask_id
from creditgraph.queries.library import query
from creditgraph.queries.subjects import LABEL_KINDS

from .clock import day
from .errors import BadParam

# file -> (query, the contract's columns in the contract's order)
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "violations.csv": (
        "shared_violations",
        ("record_id", "subject_kind", "subject_id", "violation_type", "decided_at", "agency", "jurisdiction",
         "source", "severity", "description", "display_until", "repaired_at", "commitment_id"),
    ),
    "commitments.csv": (
        "shared_commitments",
        ("commitment_id", "subject_kind", "subject_id", "kind", "content", "made_at", "agency", "valid_until",
         "public"),
    ),
    "list_entries.csv": (
        "shared_list_entries",
        ("entry_id", "list", "subject_kind", "subject_id", "agency", "listed_at", "reason", "jurisdiction",
         "expires_at", "removed_at", "measures"),
    ),
}  # fmt: skip

# the 双公示 (行政处罚) data items each exported violation column carries, for the receiving platform
SHUANG_GONGSHI = {
    "record_id": "处罚决定书文号 (the record's own id)",
    "subject_kind": "行政相对人类别 (法人及非法人组织 / 自然人 / 网店 …)",
    "subject_id": "统一社会信用代码 / 身份证号 (masked unless exported --unmasked)",
    "violation_type": "违法行为类型",
    "decided_at": "处罚决定日期",
    "agency": "处罚机关",
    "jurisdiction": "处罚机关所在行政区划代码",
    "source": "数据来源 (行政处罚/投诉举报/抽检/平台报送/司法判决)",
    "severity": "处罚类别的轻重 (一般/较重/严重)",
    "description": "处罚内容 / 违法事实",
    "display_until": "公示截止期",
    "repaired_at": "信用修复日期",
    "commitment_id": "违背的信用承诺 (承诺不符)",
}


def export(
    store: Store, since: date, until: date | None = None, *, unmasked: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """Every exchange file's rows for [since, until] (until: today by default)."""
    end = day(until)
    if since > end:
        raise BadParam("since", f"since ({since}) is after until ({end})")
    out = {}
    for name, (query_name, columns) in FILES.items():
        rows = query(store, query_name, since=since, until=end)
        out[name] = [_row(r, columns, unmasked) for r in rows]
    return out


def _row(r: dict[str, Any], columns: tuple[str, ...], unmasked: bool) -> dict[str, Any]:
    label = r["subject_label"]
    ident = r["subject_key"]
    if label == "Person":
        ident = r["id_number"] if unmasked else mask_id(r["id_number"] or "")
    row = dict(r) | {"subject_kind": LABEL_KINDS.get(label, label.lower()), "subject_id": ident}
    if "measures" in row:
        row["measures"] = ";".join(row["measures"] or [])
    if "public" in row:
        row["public"] = "false" if row["public"] is False else "true"
    return {c: row.get(c) for c in columns}
