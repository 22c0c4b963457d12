"""Display periods applied (issue 16): a violation with no display_until ends at its date plus the
display period of its severity, 苏政办发〔2017〕144号 个人诚信意见 四(三) (明确各类公共信用信息展示期限，
不再展示和使用超过期限的公共信用信息); the periods are graph_model/resources/violation_types.yaml's
display_years (一般 1, 较重 3, 严重 5 years: project default). A 一般 violation from 2016 is not in
force in 2026: not on the entity file, not a flag for the alerts, not in the risk score.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from creditgraph.graph_model.reference.display import display_end, display_rule, plus_years
from creditgraph.queries.library import query
from creditgraph.queries.risk.own import own_risk

AS_OF = date(2026, 6, 30)
COMPANY = "91320412MA1MX00014"


def test_the_rule_is_data_with_its_clause():
    rule = display_rule()
    assert rule["document"] == "苏政办发〔2017〕144号" and "四(三)" in rule["clause"]


def test_end_is_the_date_plus_the_years_of_its_severity():
    assert display_end(date(2016, 5, 10), "一般", "V03") == date(2017, 5, 10)
    assert display_end(date(2016, 5, 10), "较重", "V03") == date(2019, 5, 10)
    assert display_end(date(2016, 5, 10), "严重", "V03") == date(2021, 5, 10)
    # no severity on the record: the type's default (V01 恶意刷单 严重, V11 服务违约 一般)
    assert display_end(date(2022, 3, 1), None, "V01") == date(2027, 3, 1)
    assert display_end(date(2022, 3, 1), None, "V11") == date(2023, 3, 1)
    assert display_end(None, "一般", "V03") is None
    assert plus_years(date(2016, 2, 29), 1) == date(2017, 2, 28)


# Written from the rows below before running: (record, display_until as stored, in force on AS_OF)
VIOLATIONS = """record_id,subject_kind,subject_id,violation_type,decided_at,agency,jurisdiction,source,severity,description,display_until,repaired_at
VD1,company,91320412MA1MX00014,恶意评价,2016-05-10,常州市工商局,320400,行政处罚,一般,,,
VD2,company,91320412MA1MX00014,恶意刷单,2022-03-01,常州市工商局,320400,行政处罚,,,,
VD3,company,91320412MA1MX00014,图物不符,2016-05-10,常州市工商局,320400,行政处罚,一般,,2030-01-01,
VD4,company,91320412MA1MX00014,虚假宣传,2024-02-29,常州市工商局,320400,行政处罚,一般,,,
"""
EXPECTED = {
    "VD1": date(2017, 5, 10),  # 一般, 1 year: gone long before 2026
    "VD2": date(2027, 3, 1),  # no severity: 恶意刷单's default 严重, 5 years
    "VD3": date(2030, 1, 1),  # the record's own display_until wins
    "VD4": date(2025, 2, 28),  # 29 February plus one year
}
IN_FORCE_ON_AS_OF = {"VD2", "VD3"}


def edit_batch(batch: Path) -> None:
    (batch / "violations.csv").write_text(VIOLATIONS, encoding="utf-8")


@pytest.fixture
def graph(fixture_graph):
    return fixture_graph[0]


def test_loaded_violations_end_with_their_display_period(graph):
    rows = graph.run(
        "MATCH (v:Violation) WHERE v.key IN $keys RETURN v.key AS k, v.display_until AS d",
        {"keys": sorted(EXPECTED)},
    )
    assert {r["k"]: r["d"] for r in rows} == EXPECTED


def test_an_ordinary_violation_of_2016_is_not_in_force_in_2026(graph):
    shown = {
        r["record_key"]
        for r in query(graph, "subject_violations", subject="Company", key=COMPANY, as_of=AS_OF)
    }
    assert shown == IN_FORCE_ON_AS_OF
    flags = {
        r["record"]
        for r in query(graph, "flagged_subjects", subject="Company", as_of=AS_OF)
        if r["record"] in EXPECTED
    }
    assert flags == IN_FORCE_ON_AS_OF
    in_2016 = {
        r["record_key"]
        for r in query(graph, "subject_violations", subject="Company", key=COMPANY, as_of=date(2016, 12, 1))
    }
    assert in_2016 == {"VD1", "VD3"}


def test_risk_leaves_out_a_violation_past_its_period_and_says_why(graph):
    rows = graph.run(
        "MATCH (s:Company)-[:COMMITTED]->(v:Violation) WHERE v.key IN $keys "
        "RETURN 'Company' AS label, s.key AS key, v.key AS record, v.severity AS severity, "
        "v.decided_at AS decided_at, v.display_until AS display_until",
        {"keys": sorted(EXPECTED)},
    )
    records = own_risk(rows, as_of=AS_OF).records.set_index("record")
    assert set(records.index[records["in_force"] > 0]) == IN_FORCE_ON_AS_OF
    assert (records.loc[sorted(set(EXPECTED) - IN_FORCE_ON_AS_OF), "contribution"] == 0).all()
    why = records.loc["VD1", "in_force_detail"]
    assert "publication ended on 2017-05-10" in why and "苏政办发〔2017〕144号" in why and "四(三)" in why
