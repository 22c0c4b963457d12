"""The couriers' status list (电子商务意见 (六)) on both stores, over a hand-made batch.

Expected, written from the rows below before the code ran: on 2026-06-30 CR0001 is warned by three
substantiated complaints in the 90 days (the threshold of courier_status.yaml), CR0009 banned by its
operator's black entry, CR0008 warned by a violation on display, CR0007 good (two complaints only, a
third one unsubstantiated, a fourth older than 90 days)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from creditgraph.queries.couriers import courier_statuses, status_rules

AS_OF = date(2026, 6, 30)
OPERATOR = "91320412MA1MX00014"  # 湖塘纺织, black-listed below

COURIERS = """courier_id,name,operator_uscc,license_no
CR0001,湖塘速递,91320402MA2CD00067,邮快许2016001
CR0007,龙城快递,91320400732XY00033,
CR0008,澄江快运,91320281MA2AB00029,
CR0009,武进速运,91320412MA1MX00014,
"""
COMPLAINTS = """complaint_id,channel,subject_kind,subject_id,received_at,category,substantiated
K1,12345,courier,CR0001,2026-05-01,延误,true
K2,12345,courier,CR0001,2026-06-01,丢件,true
K3,12345,courier,CR0001,2026-06-30,丢件,true
K4,12345,courier,CR0007,2026-06-10,延误,true
K5,12345,courier,CR0007,2026-06-11,延误,true
K6,12345,courier,CR0007,2026-06-12,延误,false
K7,12345,courier,CR0007,2026-03-01,延误,true
"""
VIOLATIONS = """record_id,subject_kind,subject_id,violation_type,decided_at,agency,severity
VC1,courier,CR0008,空包裹代发,2026-03-01,常州市邮政管理局,一般
"""
ENTRIES = """entry_id,list,subject_kind,subject_id,agency,listed_at,reason
BC1,black,company,91320412MA1MX00014,常州市邮政管理局,2026-01-01,严重失信
"""


def edit_batch(batch: Path) -> None:
    (batch / "couriers.csv").write_text(COURIERS, encoding="utf-8")
    (batch / "shipping.csv").unlink(missing_ok=True)
    with open(batch / "complaints.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "".join(
                line.replace(",true", ",true").rstrip("\n") + "\n" for line in COMPLAINTS.splitlines()[1:]
            )
        )
    (batch / "violations.csv").write_text(VIOLATIONS, encoding="utf-8")
    (batch / "list_entries.csv").write_text(ENTRIES, encoding="utf-8")


@pytest.fixture
def graph(fixture_graph):
    store, summary = fixture_graph
    assert not [f for f in summary.files if f.file in ("couriers.csv", "violations.csv") and f.rejected]
    return store


def test_each_courier_gets_its_status_and_why(graph):
    got = {c["key"]: c for c in courier_statuses(graph, AS_OF)}
    assert {k: c["status"] for k, c in got.items()} == {
        "CR0001": "warned", "CR0007": "good", "CR0008": "warned", "CR0009": "banned",
    }  # fmt: skip
    assert got["CR0001"]["complaints"] == 3 and got["CR0007"]["complaints"] == 2
    assert [e["entry"] for e in got["CR0009"]["why"]["entries"]] == ["BC1"]
    assert got["CR0009"]["why"]["entries"][0]["of"] == OPERATOR
    assert [v["record"] for v in got["CR0008"]["why"]["violations"]] == ["VC1"]
    assert all(c["rule"]["clause"].endswith("(六)") for c in got.values())
    assert [c["key"] for c in courier_statuses(graph, AS_OF)][:1] == ["CR0009"], "banned first"


def test_the_day_decides(graph):
    before = {c["key"]: c["status"] for c in courier_statuses(graph, date(2025, 12, 31))}
    assert before == {"CR0001": "good", "CR0007": "good", "CR0008": "good", "CR0009": "good"}
    assert status_rules()["complaints"] == {"window_days": 90, "threshold": 3}
