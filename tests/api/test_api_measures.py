"""GET /subjects/{kind}/{ident}/measures on a real uvicorn server over the synthetic batch: the
incentives of red-listed subjects (苏政办发〔2017〕144号 电子商务意见 (十九)) and the restrictions of
black-listed ones, by role, audited when a person is returned."""

from __future__ import annotations

import csv

import pytest
from api_data import entry_in_force

from creditgraph.queries.measures import incentives

pytest_plugins = ("api_fixtures",)

AS_OF = "2026-06-30"


@pytest.fixture(scope="module")
def entries(synth_api) -> list[dict]:
    with open(synth_api.workdir / "batch" / "list_entries.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if entry_in_force(r, AS_OF)]


def test_a_red_listed_company_gets_the_documents_incentives(sx, entries):
    black = {(r["subject_kind"], r["subject_id"]) for r in entries if r["list"] == "black"}
    red = [r for r in entries if r["list"] == "red" and r["subject_kind"] == "company" and not r["measures"]]
    subject = next(r for r in red if ("company", r["subject_id"]) not in black)
    res = sx["regulator"].get(f"/subjects/company/{subject['subject_id']}/measures", params={"as_of": AS_OF})
    assert res.status_code == 200, res.text
    body = res.json()
    own = [r["entry_id"] for r in red if r["subject_id"] == subject["subject_id"]]
    want = [i.name for i in incentives() if i.applies_to("company", False)]
    assert [(i["entry"], i["name"]) for i in body["incentives"]] == [(e, n) for e in own for n in want]
    assert all(i["clause"] and i["document"] and not i["suspended_by"] for i in body["incentives"])
    assert body["restrictions"] == [] and body["as_of"] == AS_OF


def test_a_black_listed_person_by_role(synth_api, sx, entries):
    row = next(r for r in entries if r["list"] == "black" and r["subject_kind"] == "person" and r["measures"])
    url = f"/subjects/person/{row['subject_id']}/measures"
    audited = _audit_lines(synth_api)
    regulator = sx["regulator"].get(url, params={"as_of": AS_OF}).json()
    names = [r["name"] for r in regulator["restrictions"] if r["entry"] == row["entry_id"]]
    assert names == row["measures"].split(";")
    assert row["subject_id"] not in str(regulator), "masked for a regulator"
    investigator = sx["investigator"].get(url, params={"as_of": AS_OF}).json()
    assert investigator["subject"]["id_number"] == row["subject_id"]
    assert _audit_lines(synth_api) > audited, "an answer holding a person is audited"
    assert sx["public"].get(url).status_code == 403


def test_bad_input_names_what_is_wrong(sx):
    res = sx["regulator"].get("/subjects/company/91320400000000000X/measures")
    assert res.status_code == 404 and "91320400000000000X" in res.text
    res = sx["regulator"].get("/subjects/person/320402199001010755/measures")
    assert res.status_code == 422 and "ident" in res.text
    res = sx["regulator"].get("/subjects/company/91320400000000000X/measures", params={"as_of": "2026-13-01"})
    assert res.status_code == 422 and "as_of" in res.text


def _audit_lines(server) -> int:
    path = server.workdir / "audit.jsonl"
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0
