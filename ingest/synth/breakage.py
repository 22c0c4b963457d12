"""Bad rows: corrupted copies of valid rows inserted at random positions, each failing with exactly
one reject code, so the loader's rejects can be checked against the truth row for row.

truth.json ``"bad_rows": [...]`` — rows that break the contract: ``file``, ``line`` (physical line,
header = 1), ``column``, ``reason`` (the reject code: bad_check_char, bad_format, bad_date,
bad_enum, bad_ratio, missing, bad_region, bad_phone, bad_number, bad_boolean,
bad_birth_date, bad_reference)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from creditgraph.graph_model import types as T
from creditgraph.ingest.synth.batch import Table


@dataclass(frozen=True)
class _Breakage:
    column: str
    code: str
    when: tuple[str, str] | None = None  # (column, value) the source row must have


BREAKAGES: dict[str, list[_Breakage]] = {
    "companies.csv": [
        _Breakage("uscc", "bad_check_char"),
        _Breakage("uscc", "bad_format"),
        _Breakage("name", "missing"),
        _Breakage("registered_at", "bad_date"),
        _Breakage("status", "bad_enum"),
        _Breakage("jurisdiction", "bad_region"),
        _Breakage("phone", "bad_phone"),
    ],
    "persons.csv": [
        _Breakage("id_number", "bad_check_char"),
        _Breakage("id_number", "bad_birth_date"),
        _Breakage("name", "missing"),
        _Breakage("phone", "bad_phone"),
    ],
    "roles.csv": [
        _Breakage("company_uscc", "bad_check_char"),
        _Breakage("person_id_number", "bad_check_char"),
        _Breakage("role", "bad_enum"),
        _Breakage("since", "bad_date"),
    ],
    "shareholdings.csv": [
        _Breakage("ratio", "bad_ratio"),
        _Breakage("holder_kind", "bad_enum"),
        _Breakage("holder_id", "bad_check_char", ("holder_kind", "person")),
        _Breakage("since", "bad_date"),
    ],
    "accounts.csv": [
        _Breakage("account_no", "bad_format"),
        _Breakage("holder_kind", "bad_enum"),
        _Breakage("holder_id", "bad_reference", ("holder_kind", "shop")),
    ],
    "platforms.csv": [_Breakage("name", "missing")],
    "shops.csv": [
        _Breakage("operator_kind", "bad_enum"),
        _Breakage("opened_at", "bad_date"),
        _Breakage("operator_id", "bad_check_char", ("operator_kind", "person")),
    ],
    "couriers.csv": [_Breakage("operator_uscc", "bad_check_char"), _Breakage("name", "missing")],
    "shipping.csv": [_Breakage("parcels", "bad_number"), _Breakage("since", "bad_date")],
    "products.csv": [_Breakage("barcode", "bad_check_char"), _Breakage("category", "bad_enum")],
    "listings.csv": [_Breakage("listed_at", "bad_date"), _Breakage("product_id", "missing")],
    "intermediaries.csv": [_Breakage("category", "bad_enum"), _Breakage("uscc", "bad_check_char")],
    "evaluations.csv": [_Breakage("grade", "bad_enum"), _Breakage("evaluated_at", "bad_date")],
    "violations.csv": [
        _Breakage("decided_at", "bad_date"),
        _Breakage("subject_kind", "bad_enum"),
        _Breakage("severity", "bad_enum"),
        _Breakage("source", "bad_enum"),
        _Breakage("jurisdiction", "bad_region"),
        _Breakage("record_id", "missing"),
    ],
    "complaints.csv": [_Breakage("channel", "bad_enum"), _Breakage("substantiated", "bad_boolean")],
    "list_entries.csv": [
        _Breakage("list", "bad_enum"),
        _Breakage("listed_at", "bad_date"),
        _Breakage("subject_id", "bad_check_char", ("subject_kind", "person")),
    ],
    "practitioners.csv": [
        _Breakage("group", "bad_enum"),
        _Breakage("person_id_number", "bad_check_char"),
        _Breakage("since", "bad_date"),
        _Breakage("employer_uscc", "bad_check_char"),
    ],
    "inspections.csv": [
        _Breakage("result", "bad_enum"),
        _Breakage("sampled_at", "bad_date"),
        _Breakage("shop", "bad_reference"),
    ],
    "abnormal_entries.csv": [
        _Breakage("listed_at", "bad_date"),
        _Breakage("subject_kind", "bad_enum"),
        _Breakage("agency", "missing"),
    ],
    "commitments.csv": [
        _Breakage("kind", "bad_enum"),
        _Breakage("made_at", "bad_date"),
        _Breakage("public", "bad_boolean"),
        _Breakage("content", "missing"),
    ],
}

_BAD_DATES = ["2021-13-01", "2020-02-30", "20200101", "去年", "2019.1"]
_BAD_ENUMS = {
    "status": "存在",
    "role": "财务",
    "holder_kind": "government",
    "operator_kind": "agent",
    "category": "玩具类",
    "grade": "E",
    "subject_kind": "region",
    "severity": "特别严重",
    "source": "网络传闻",
    "channel": "110",
    "list": "grey",
    "kind": "口头承诺",
    "group": "厨师",
    "result": "待检",
}


def _break(value: str, b: _Breakage, k: int) -> str:
    """A corrupted copy of ``value`` failing exactly with ``b.code``."""
    if b.code == "missing":
        return ""
    if b.code == "bad_check_char":
        charset = (
            T.USCC_CHARSET if "uscc" in b.column else "0123456789" if b.column == "barcode" else "0123456789X"
        )
        wrong = [c for c in charset if c != value[-1]]
        return value[:-1] + wrong[k % len(wrong)]
    if b.code == "bad_format":
        return value[:-1] if b.column == "uscc" else "12-3"
    if b.code == "bad_birth_date":
        body = value[:6] + "19991332" + value[14:17]
        return body + T.citizen_id_check_char(body)
    if b.code == "bad_date":
        return _BAD_DATES[k % len(_BAD_DATES)]
    if b.code == "bad_enum":
        return _BAD_ENUMS[b.column]
    if b.code == "bad_region":
        return ["32040", "990100", "32O400"][k % 3]
    if b.code == "bad_phone":
        return ["12345", "138123456789", "电话号码"][k % 3]
    if b.code == "bad_ratio":
        return ["150%", "1.5", "三成", "-0.2"][k % 4]
    if b.code == "bad_number":
        return ["many", "12件"][k % 2]
    if b.code == "bad_boolean":
        return ["maybe", "待定"][k % 2]
    if b.code == "bad_reference":
        return value.replace("/", "")
    raise ValueError(b.code)


def add_bad_rows(frames: dict[str, Table], rate: float, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Insert corrupted copies of valid rows at random positions; returns their truth records."""
    truth: list[dict[str, Any]] = []
    for f, breaks in BREAKAGES.items():
        table = frames[f]
        n = len(next(iter(table.values())))
        if not n:
            continue
        n_bad = max(len(breaks), math.ceil(rate * n))
        pools = []
        filled: dict[str, np.ndarray] = {}
        for b in breaks:
            ok = np.ones(n, bool)
            if b.when:
                ok &= table[b.when[0]] == b.when[1]
            if b.code != "missing":
                if b.column not in filled:
                    filled[b.column] = table[b.column] != ""
                ok &= filled[b.column]
            pools.append(np.flatnonzero(ok))
        plan = [(j, breaks[j % len(breaks)], pools[j % len(breaks)]) for j in range(n_bad)]
        plan = [(j, b, pool) for j, b, pool in plan if len(pool)]
        if not plan:
            continue
        src = np.array([pool[int(rng.integers(0, len(pool)))] for _, _, pool in plan])
        bad = {c: v[src].copy() for c, v in table.items()}
        for row, (j, b, _) in enumerate(plan):
            bad[b.column][row] = _break(str(bad[b.column][row]), b, j)
        total = n + len(src)
        positions = np.sort(rng.choice(total, len(src), replace=False))
        is_bad = np.zeros(total, bool)
        is_bad[positions] = True
        order = np.empty(total, dtype=np.int64)
        order[~is_bad] = np.arange(n)
        order[is_bad] = n + rng.permutation(len(src))
        frames[f] = {c: np.concatenate([table[c], bad[c]])[order] for c in table}
        for pos in positions:
            _, b, _ = plan[int(order[pos]) - n]
            truth.append({"file": f, "line": int(pos) + 2, "column": b.column, "reason": b.code})
    return truth
