"""Issue 16, objections as the Lianyungang intermediary opinions state them (连云港市加强涉审社会中介机构
信用管理的实施意见 四(七), graph key doc-bbbb96a8dd38#1), on both stores. One test per rule, each
naming its clause; every answer names the rules it applies."""

from __future__ import annotations

import json
from datetime import date

import pytest
from api_data import C1

from creditgraph.api.config import ApiSettings
from creditgraph.queries.library import query
from creditgraph.service.errors import BadParam
from creditgraph.service.models import ObjectionCreate, ObjectionUpdate
from creditgraph.service.objections import ObjectionService
from creditgraph.service.workdays import load_calendar

pytest_plugins = ("api_fixtures",)

CLAUSE = "四(七)"
DOC = "doc-bbbb96a8dd38#1"
TODAY = date(2025, 12, 1)
OLD, NEW = "cz.aic", "cz.amr"  # 工商局 → 市场监管局 (2019 reform)


def _link(store, rel, src, dst, rows, props="", **params):
    store.run(
        f"UNWIND $rows AS r MATCH (a:{src} {{key: r.src}}) MATCH (b:{dst} {{key: r.dst}}) "
        f"MERGE (a)-[x:{rel}{props}]->(b) RETURN count(x) AS c",
        {"rows": rows, **params},
        write=True,
    )


@pytest.fixture
def service(fresh_store):
    """A company with a violation, a black-list entry and an evaluation; the violation and the
    evaluation were issued by an agency a reform has since replaced."""
    s = fresh_store()
    s.upsert_nodes("Company", [{"key": C1, "name": "常州甲科技有限公司", "jurisdiction": "320400"}])
    s.upsert_nodes(
        "Agency",
        [
            {"key": OLD, "name": "常州市工商行政管理局", "jurisdiction": "320400"},
            {"key": NEW, "name": "常州市市场监督管理局", "jurisdiction": "320400"},
        ],
    )
    _link(
        s,
        "SUCCEEDED_BY",
        "Agency",
        "Agency",
        [{"src": OLD, "dst": NEW}],
        " {date: $day}",
        day=date(2019, 1, 1),
    )
    s.upsert_nodes(
        "Violation",
        [
            {
                "key": "V1",
                "name": "虚假宣传",
                "decided_at": date(2018, 6, 1),
                "severity": "较重",
                "description": "原记录",
            }
        ],
    )
    s.upsert_nodes(
        "ListEntry", [{"key": "L1", "list": "black", "listed_at": date(2025, 1, 10), "reason": "严重失信"}]
    )
    s.upsert_nodes("Evaluation", [{"key": "E1", "grade": "C", "evaluated_at": date(2025, 3, 1)}])
    _link(s, "COMMITTED", "Company", "Violation", [{"src": C1, "dst": "V1"}])
    _link(s, "LISTED_IN", "Company", "ListEntry", [{"src": C1, "dst": "L1"}])
    _link(s, "EVALUATES", "Evaluation", "Company", [{"src": "E1", "dst": C1}])
    _link(s, "RECORDED_BY", "Violation", "Agency", [{"src": "V1", "dst": OLD}])
    _link(s, "ISSUED_BY", "ListEntry", "Agency", [{"src": "L1", "dst": NEW}])
    _link(s, "ISSUED_BY", "Evaluation", "Agency", [{"src": "E1", "dst": OLD}])
    return ObjectionService(s, ApiSettings(_env_file=None), load_calendar())


def _file(service, label, key, filed_at):
    body = ObjectionCreate(
        target_label=label,
        target_key=key,
        subject_key=C1,
        filed_by="甲公司",
        reason="有误",
        filed_at=filed_at,
    )
    return service.create(body, TODAY)


def _rule(answer, step):
    (rule,) = [r for r in answer["rules"] if r["step"] == step]
    assert CLAUSE in rule["source"] and DOC in rule["source"], rule
    return rule


def test_the_result_is_due_30_days_after_filing_and_a_holding_reply_does_not_stop_the_clock(service):
    """四(七): 收到异议申请后应在30日内回复处理结果."""
    o = _file(service, "ListEntry", "L1", date(2025, 9, 1))
    assert o["reply_due"] == date(2025, 10, 1)
    assert (_rule(o, "result")["days"], _rule(o, "result")["calendar"]) == (30, "calendar")
    service.update(o["key"], ObjectionUpdate(action="reply", text="正在核实", on=date(2025, 9, 5)), TODAY)
    late, _ = service.list(overdue=True, as_of=date(2025, 10, 2))
    assert [(r["key"], r["overdue"]) for r in late] == [(o["key"], ["result"])]
    on_time, _ = service.list(overdue=True, as_of=date(2025, 10, 1))
    assert on_time == []
    decided = service.update(o["key"], ObjectionUpdate(action="reject", on=date(2025, 10, 3)), TODAY)
    assert decided["decided_at"] == date(2025, 10, 3) and "result" in decided["overdue"]


def test_an_upheld_objection_corrects_and_republishes_the_record_keeping_the_old_version(service):
    """四(七): 行业主管部门负责修正，更正发布，并在3个工作日内报送…予以公示 (no deletion)."""
    o = _file(service, "Violation", "V1", date(2025, 9, 1))
    upheld = service.update(o["key"], ObjectionUpdate(action="uphold", on=date(2025, 9, 26)), TODAY)
    # Friday 26 September 2025 + 3 working days: Sunday 28th is a make-up working day
    assert upheld["correction_due"] == date(2025, 9, 30)
    assert (_rule(upheld, "correction")["days"], _rule(upheld, "correction")["calendar"]) == (3, "working")
    fixed = ObjectionUpdate(
        action="correct", changes={"severity": "一般", "description": "更正后"}, on=date(2025, 9, 29)
    )
    done = service.update(o["key"], fixed, TODAY)
    assert done["status"] == "corrected" and done["overdue"] == []
    (record,) = service.store.run(
        "MATCH (v:Violation {key: 'V1'}) RETURN v.severity AS severity, v.description AS description, "
        "v.history AS history, v.corrected_at AS corrected_at"
    )
    assert (record["severity"], record["description"]) == ("一般", "更正后")
    assert record["corrected_at"] == date(2025, 9, 29)
    (before,) = [json.loads(h) for h in record["history"]]
    assert (before["severity"], before["description"], before["key"]) == ("较重", "原记录", "V1")


def test_a_correction_cannot_rewrite_the_records_identity(service):
    o = _file(service, "Violation", "V1", date(2025, 9, 1))
    service.update(o["key"], ObjectionUpdate(action="uphold", on=date(2025, 9, 26)), TODAY)
    with pytest.raises(BadParam, match="cannot set key"):
        service.update(
            o["key"], ObjectionUpdate(action="correct", changes={"key": "V2"}, on=date(2025, 9, 29)), TODAY
        )


def test_feedback_on_a_rejected_objection_is_due_in_7_working_days(service):
    """四(七): 异议信息核实无误的，维持原信息…并在7个工作日内将结果反馈申请者."""
    o = _file(service, "ListEntry", "L1", date(2025, 9, 1))
    rejected = service.update(o["key"], ObjectionUpdate(action="reject", on=date(2025, 9, 30)), TODAY)
    # National Day 1-8 October 2025 are holidays, Saturday 11 October a make-up working day
    assert rejected["feedback_due"] == date(2025, 10, 16)
    assert (_rule(rejected, "feedback")["days"], _rule(rejected, "feedback")["calendar"]) == (7, "working")
    late, _ = service.list(overdue=True, as_of=date(2025, 10, 17))
    assert [r["overdue"] for r in late] == [["feedback"]]


def test_a_credit_evaluation_can_be_contested_and_goes_to_the_issuers_successor(service):
    """四(七): 对信用信息和信用评价结果有异议的，可以向行业主管部门提出异议申请; the evaluation's issuer
    (工商局) was replaced in 2019, so its successor gets the objection."""
    o = _file(service, "Evaluation", "E1", date(2025, 9, 1))
    assert o["target_label"] == "Evaluation" and o["subject_key"] == C1
    assert (o["agency"], o["agency_name"]) == (NEW, "常州市市场监督管理局")
    assert "successor" in o["routing"] and CLAUSE in o["routing"]
    (flags,) = service.store.run("MATCH (e:Evaluation {key: 'E1'}) RETURN e.contested AS c")
    assert flags["c"] is True


def test_an_objection_goes_to_the_agency_that_issued_the_record(service):
    """四(七): 向行业主管部门提出异议申请."""
    entry = _file(service, "ListEntry", "L1", date(2025, 9, 1))
    assert entry["agency"] == NEW
    violation = _file(service, "Violation", "V1", date(2025, 9, 1))
    assert (violation["agency"], violation["agency_name"]) == (NEW, "常州市市场监督管理局")
    routed = service.route("Violation", "V1", date(2018, 12, 31))  # before the reform
    assert routed["agency"] == OLD and CLAUSE in routed["routing"]
    assert "successor" in service.route("Violation", "V1", TODAY)["routing"]


def test_a_pending_objection_marks_the_record_but_keeps_it_in_force(service):
    """No document suspends a record while it is contested: flagged, still in the flagged subjects."""
    _file(service, "ListEntry", "L1", date(2025, 9, 1))
    flagged = query(service.store, "flagged_subjects", subject="Company", as_of=TODAY)
    assert {(r["key"], r["record"]) for r in flagged} >= {(C1, "L1")}
    (entry,) = service.store.run("MATCH (e:ListEntry {key: 'L1'}) RETURN e.contested AS c")
    assert entry["c"] is True


def test_the_rules_route_cites_every_rule_and_the_calendar(clients):
    """GET /objections/rules: the three deadlines, what can be contested and where it goes, each
    with document and clause; the calendar says it is chinesecalendar's."""
    rules = clients["analyst"].get("/objections/rules").json()
    for step in ("reply", "correction", "feedback"):
        assert CLAUSE in rules[step]["source"] and DOC in rules[step]["source"]
    assert "信用评价结果" in rules["contestable"] and CLAUSE in rules["contestable"]
    assert "行业主管部门" in rules["routing"] and DOC in rules["routing"]
    assert any(s.startswith("chinesecalendar") for s in rules["calendar_source"])
    assert set(range(2004, 2027)) <= set(rules["calendar_years"])
