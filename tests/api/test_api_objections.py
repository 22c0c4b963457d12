"""Objections: the full life over HTTP, the flags on the contested records, the deadlines on
working days across weekends, holidays and make-up working days."""

from __future__ import annotations

from datetime import date

import pytest
from api_data import C1, C2, P1, seed
from pydantic import ValidationError

from creditgraph.api.config import ApiSettings
from creditgraph.service.errors import BadParam, Conflict
from creditgraph.service.models import ObjectionCreate, ObjectionUpdate
from creditgraph.service.objections import ObjectionService, policy_rules
from creditgraph.service.workdays import add_calendar_days, add_working_days, load_calendar, parse_calendar

pytest_plugins = ("api_fixtures",)

CAL = load_calendar()


# -- working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2025, 9, 26), 3, date(2025, 9, 30)),  # Fri; Sun 28 Sep is a make-up working day
        (date(2025, 9, 26), 7, date(2025, 10, 13)),  # across the 1-8 Oct holiday, Sat 11 Oct worked
        (date(2025, 3, 14), 3, date(2025, 3, 19)),  # plain weekend
        (date(2025, 1, 24), 3, date(2025, 2, 5)),  # Sun 26, Mon 27 Jan worked; Spring Festival 28 Jan-4 Feb
        (date(2026, 2, 12), 3, date(2026, 2, 24)),  # Fri 13, Sat 14 Feb worked; Spring Festival 15-23 Feb
        (date(2024, 12, 31), 1, date(2025, 1, 2)),  # New Year's Day
    ],
)
def test_working_days(start, n, due):
    assert add_working_days(start, n, CAL) == due


def test_calendar_days_and_optional_roll_to_the_next_working_day():
    assert add_calendar_days(date(2025, 9, 1), 30, CAL) == date(2025, 10, 1)
    assert add_calendar_days(date(2025, 9, 1), 30, CAL, roll_to_workday=True) == date(2025, 10, 9)


def test_calendar_data_is_checked():
    assert {2024, 2025, 2026} <= CAL.years
    assert all(CAL.sources[y] for y in CAL.years)
    assert not CAL.is_working_day(date(2025, 10, 8)) and CAL.is_working_day(date(2025, 10, 11))
    with pytest.raises(Exception, match="not a weekend day"):
        parse_calendar({"years": {2025: {"holidays": [], "workdays": ["2025-10-10"]}}})


def test_rules_come_from_the_policy_data():
    rules = policy_rules()
    assert (rules["reply"].days, rules["reply"].calendar) == (30, "calendar")
    assert (rules["correction"].days, rules["correction"].calendar) == (3, "working")
    assert (rules["feedback"].days, rules["feedback"].calendar) == (7, "working")


# -- the service on a store --------------------------------------------------------------------


@pytest.fixture
def service(tmp_path):
    from creditgraph.graph_model.stores.embedded import EmbeddedStore

    seed(tmp_path / "db.lbug")
    store = EmbeddedStore(tmp_path / "db.lbug")
    yield ObjectionService.for_store(store, ApiSettings(_env_file=None))
    store.close()


def _flags(store, label, key):
    return store.run(
        f"MATCH (r:{label} {{key: $k}}) RETURN r.contested AS c, r.upheld_objection AS u", {"k": key}
    )[0]


def test_filing_flags_the_record_and_upholding_clears_it(service):
    store, today = service.store, date(2025, 10, 20)
    o = service.create(
        ObjectionCreate(
            target_label="Violation",
            target_key="V-C1",
            subject_key=C1,
            filed_by="甲公司",
            reason="已撤销",
            filed_at=date(2025, 9, 1),
        ),
        today,
    )
    assert _flags(store, "Violation", "V-C1") == {"c": True, "u": None}
    assert store.run("MATCH (o:Objection)-[:CONTESTS]->(v:Violation {key: 'V-C1'}) RETURN o.key AS k") == [
        {"k": o["key"]}
    ]
    with pytest.raises(Conflict):  # one pending objection per record
        service.create(
            ObjectionCreate(
                target_label="Violation", target_key="V-C1", subject_key=C1, filed_by="x", reason="y"
            ),
            today,
        )
    service.update(o["key"], ObjectionUpdate(action="uphold", on=date(2025, 9, 26)), today)
    assert _flags(store, "Violation", "V-C1") == {"c": False, "u": None}  # corrected, not hidden


def test_rejecting_clears_contested_without_upholding(service):
    today = date(2025, 10, 20)
    o = service.create(
        ObjectionCreate(
            target_label="ListEntry", target_key="L-02", subject_key=C2, filed_by="乙", reason="r"
        ),
        today,
    )
    assert _flags(service.store, "ListEntry", "L-02")["c"] is True
    service.update(o["key"], ObjectionUpdate(action="reject", text="维持", on=today), today)
    assert _flags(service.store, "ListEntry", "L-02") == {"c": False, "u": None}


def test_the_objection_must_come_from_the_subjects_side(service):
    with pytest.raises(BadParam) as exc:
        service.create(
            ObjectionCreate(
                target_label="Violation", target_key="V-C1", subject_key=C2, filed_by="乙", reason="r"
            )
        )
    assert exc.value.param == "subject_key"


# -- the whole life over HTTP ------------------------------------------------------------------


def _file(client, **body):
    payload = {"target_label": "Violation", "filed_by": "代理人", "reason": "请求更正", **body}
    return client.post("/objections", json=payload)


def test_objection_life_over_http(clients):
    reg, inv, ana, pub = (clients[r] for r in ("regulator", "investigator", "analyst", "public"))
    # who may file: the agencies that register objections, not analysts nor the public
    assert _file(pub, target_key="V-C2", subject_key=C2).status_code == 403
    assert _file(ana, target_key="V-C2", subject_key=C2).status_code == 403
    assert _file(inv, target_key="V-NONE", subject_key=C2).status_code == 404
    r = _file(inv, target_key="V-C2", subject_key=C1)
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "subject_key"
    r = _file(inv, target_key="V-C2", subject_key=C2, filed_at="2999-01-01")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "filed_at"
    r = _file(inv, target_key="V-C2", subject_key=C2, colour="red")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "colour"

    # 1. filed on Mon 1 Sep 2025, upheld on Fri 26 Sep, correction published late on 9 Oct
    r = _file(inv, target_key="V-C2", subject_key=C2, filed_at="2025-09-01")
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["status"] == "open" and first["reply_due"] == "2025-10-01"
    assert first["target_key"] == "V-C2" and first["subject_key"] == C2
    assert _file(inv, target_key="V-C2", subject_key=C2).status_code == 409
    key = first["key"]
    assert inv.patch(f"/objections/{key}", json={"action": "uphold"}).status_code == 403  # regulators decide
    r = reg.patch(f"/objections/{key}", json={"action": "uphold", "on": "2025-08-31"})
    assert r.status_code == 409 and "filing" in r.json()["detail"]  # before the filing: its state
    r = reg.patch(f"/objections/{key}", json={"action": "uphold", "text": "确有错误", "on": "2025-09-26"})
    assert r.status_code == 200, r.text
    up = r.json()
    assert up["status"] == "upheld" and up["replied_at"] == "2025-09-26"
    assert up["correction_due"] == "2025-09-30"  # Sat 27 rest, Sun 28 make-up, Mon 29, Tue 30
    assert reg.patch(f"/objections/{key}", json={"action": "reject"}).status_code == 409
    r = reg.patch(f"/objections/{key}", json={"action": "correct", "on": "2025-10-09"})
    assert r.json()["status"] == "corrected" and r.json()["overdue"] == ["correction"]

    # 2. against a person's violation: rejected on 26 Sep, feedback due 13 Oct, sent 10 Oct
    second = _file(inv, target_key="V-P1", subject_key=P1, filed_at="2025-09-01").json()
    r = reg.patch(
        f"/objections/{second['key']}", json={"action": "reject", "text": "经核实无误", "on": "2025-09-26"}
    )
    assert r.json()["feedback_due"] == "2025-10-13"  # across the National Day holiday, Sat 11 Oct worked
    r = reg.patch(f"/objections/{second['key']}", json={"action": "feedback", "on": "2025-10-10"})
    assert r.json()["resolved_at"] == "2025-10-10" and r.json()["overdue"] == []

    # 3. a listed company's entry, never answered: the reply is late
    third = _file(
        inv, target_label="ListEntry", target_key="L-08", subject_key=C2, filed_at="2025-06-02"
    ).json()
    assert third["reply_due"] == "2025-07-02"
    listed = {e["key"]: e for e in pub.get("/lists", params={"limit": 500}).json()["data"]}
    assert listed["L-08"]["contested"] is True

    late = ana.get("/objections", params={"overdue": "true", "limit": 500}).json()
    late_keys = {o["key"]: o["overdue"] for o in late["data"]}
    assert late_keys[key] == ["correction"] and late_keys[third["key"]] == ["result"]
    assert second["key"] not in late_keys
    assert late["count"] == len(late["data"])
    on_time = ana.get("/objections", params={"overdue": "false", "limit": 500}).json()
    assert second["key"] in {o["key"] for o in on_time["data"]}
    # judged as of a date before the reply was due, the third is not late
    early = ana.get("/objections", params={"overdue": "true", "as_of": "2025-06-10", "limit": 500}).json()
    assert third["key"] not in {o["key"] for o in early["data"]}
    assert ana.get("/objections", params={"status": "corrected"}).json()["data"][0]["status"] == "corrected"

    # an upheld list entry stays published until its correction (四(七) 更正发布: corrected, not
    # deleted); a correction that removes it takes it off the list and keeps the old version
    r = reg.patch(f"/objections/{third['key']}", json={"action": "uphold", "on": "2025-10-10"})
    assert r.status_code == 200
    listed = {e["key"] for e in pub.get("/lists", params={"limit": 500}).json()["data"]}
    assert "L-08" in listed
    r = reg.patch(
        f"/objections/{third['key']}",
        json={"action": "correct", "changes": {"removed_at": "2025-10-13"}, "on": "2025-10-13"},
    )
    assert r.status_code == 200, r.text
    listed = {e["key"] for e in pub.get("/lists", params={"limit": 500}).json()["data"]}
    assert "L-08" not in listed

    rules = ana.get("/objections/rules").json()
    assert rules["reply"]["days"] == 30 and rules["correction"]["calendar"] == "working"
    assert 2025 in rules["calendar_years"]


def test_every_objection_change_is_audited(api, clients):
    import json

    inv, reg = clients["investigator"], clients["regulator"]
    o = _file(inv, target_key="V-C3", subject_key=_c3(), filed_at="2025-09-01").json()
    reg.patch(f"/objections/{o['key']}", json={"action": "reply", "text": "已受理", "on": "2025-09-05"})
    records = [json.loads(x) for x in (api.workdir / "audit.jsonl").read_text().splitlines()]
    mine = [r for r in records if o["key"] in r["subjects"]]
    assert [r["action"] for r in mine][:2] == ["objection.create", "objection.reply"]
    assert mine[0]["who"] == "ivy" and mine[1]["who"] == "rex"
    assert "V-C3" in mine[0]["subjects"]


def _c3():
    from api_data import C3

    return C3


def test_a_filing_date_of_year_one_is_refused_before_it_reaches_the_service():
    with pytest.raises(ValidationError, match="between 1900-01-01 and 2100-12-31"):
        ObjectionCreate(
            target_label="Violation",
            target_key="V-C1",
            subject_key=C1,
            filed_by="x",
            reason="y",
            filed_at=date(1, 1, 1),
        )


@pytest.mark.parametrize(
    ("label", "key", "subject", "filed_at"),
    [
        ("Violation", "V-C1", C1, date(2025, 5, 31)),  # decided 2025-06-01
        ("ListEntry", "L-PERSON", P1, date(2024, 4, 30)),  # listed 2024-05-01
    ],
)
def test_an_objection_cannot_be_filed_before_the_record_it_contests(service, label, key, subject, filed_at):
    body = ObjectionCreate(
        target_label=label, target_key=key, subject_key=subject, filed_by="x", reason="y", filed_at=filed_at
    )
    with pytest.raises(BadParam, match="is before the"):
        service.create(body, date(2025, 10, 20))
    assert service.store.run("MATCH (o:Objection) RETURN count(o) AS c")[0]["c"] == 0
    on_the_day = body.model_copy(
        update={"filed_at": date(2025, 6, 1) if label == "Violation" else date(2024, 5, 1)}
    )
    assert service.create(on_the_day, date(2025, 10, 20))["filed_at"] == on_the_day.filed_at
