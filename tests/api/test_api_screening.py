"""POST /screen on a real uvicorn server over the synthetic batch: every listed company, person and
shop screened with decoys (entries over before the day, subjects never listed), the verdict for
each purpose against the batch's own rows, masking by role and the audit line with its purpose."""

from __future__ import annotations

import csv
import json

import pytest
from api_data import entry_in_force

from creditgraph.graph_model.yamlfile import read_yaml
from creditgraph.queries.measures import PURPOSES_FILE
from creditgraph.queries.subjects import is_citizen_id

pytest_plugins = ("api_fixtures",)

AS_OF = "2026-06-30"
KINDS = ("company", "person", "shop")


def _readable(row: dict) -> bool:
    return row["subject_kind"] in KINDS and (
        row["subject_kind"] != "person" or is_citizen_id(row["subject_id"])
    )


@pytest.fixture(scope="module")
def rows(synth_api) -> list[dict]:
    with open(synth_api.workdir / "batch" / "list_entries.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if _readable(r)]


@pytest.fixture(scope="module")
def unlisted(synth_api, rows) -> list[str]:
    listed = {r["subject_id"] for r in rows}
    with open(synth_api.workdir / "batch" / "companies.csv", encoding="utf-8") as fh:
        return [r["uscc"] for r in csv.DictReader(fh) if r["uscc"] not in listed][:20]


def _expected(rows: list[dict], purpose: str) -> set[str]:
    """The subjects a black-list entry in force bars from ``purpose``, read off the batch's rows and
    the purposes' data file (not the code under test)."""
    spec = next(p for p in read_yaml(PURPOSES_FILE)["purposes"] if p["name"] == purpose)
    barring = {b["measure"] for b in spec["barred_by"]}
    return {
        r["subject_id"].upper()
        for r in rows
        if r["list"] == "black"
        and entry_in_force(r, AS_OF)
        and barring & set(filter(None, r["measures"].split(";")))
    }


@pytest.mark.parametrize("purpose", ["任职", "入驻平台", "政府采购"])
def test_every_listed_subject_and_decoy_gets_the_right_verdict(sx, rows, unlisted, purpose):
    ids = list(dict.fromkeys(r["subject_id"] for r in rows)) + unlisted
    res = sx["investigator"].post("/screen", json={"ids": ids, "purpose": purpose, "as_of": AS_OF})
    assert res.status_code == 200, res.text
    body = res.json()
    assert [i["row"] for i in body["items"]] == list(range(1, len(ids) + 1))
    barred = {ids[i["row"] - 1].upper() for i in body["items"] if i["barred"]}
    assert barred == _expected(rows, purpose)
    assert all(i["found"] and i["barred"] is False for i in body["items"][-len(unlisted) :])
    in_force = {r["subject_id"].upper() for r in rows if entry_in_force(r, AS_OF)}
    listed = {ids[i["row"] - 1].upper() for i in body["items"] if i["entries"]}
    assert listed == in_force, "entries over before the day are not shown; every one in force is"
    for item in body["items"]:
        for bar in item["barred_by"]:
            assert bar["purpose"] == purpose and bar["document"] and bar["clause"]


def test_masked_by_role_refused_to_the_public_and_audited(synth_api, sx, rows):
    person = next(r["subject_id"] for r in rows if r["subject_kind"] == "person")
    audit = synth_api.workdir / "audit.jsonl"
    before = len(audit.read_text(encoding="utf-8").splitlines()) if audit.exists() else 0
    body = {"ids": [person], "purpose": "任职", "as_of": AS_OF}
    regulator = sx["regulator"].post("/screen", json=body)
    assert regulator.status_code == 200, regulator.text
    assert person.upper() not in regulator.text.upper(), "masked for a regulator"
    investigator = sx["investigator"].post("/screen", json=body).json()
    assert investigator["items"][0]["id_number"] == person.upper()
    assert sx["public"].post("/screen", json=body).status_code == 403
    lines = audit.read_text(encoding="utf-8").splitlines()[before:]
    screens = [json.loads(x) for x in lines if '"screen"' in x]
    assert screens and screens[-1]["params"]["purpose"] == "任职"
    assert investigator["items"][0]["node_key"] in screens[-1]["subjects"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ids": []}, "ids"),
        ({"ids": ["x"], "purpose": "任职x"}, "purpose"),
        ({"ids": ["x"], "as_of": "2026-13-01"}, "as_of"),
        ({"ids": ["x"], "extra": 1}, "extra"),
        ({"ids": "91320412MA1MX00014"}, "ids"),
    ],
)
def test_bad_requests_name_the_field(sx, body, field):
    res = sx["regulator"].post("/screen", json=body)
    assert res.status_code == 422 and field in res.text, res.text
    assert "Traceback" not in res.text


def test_planted_barred_roles_are_hits_with_their_measure_and_decoys_are_not(synth_api, sx):
    """Every barred role the synthetic batch plants (truth.json) is a hit of its subject's screening
    and of its company's, with the planted measure; no decoy (a measure that does not bar the role,
    a role ended on the listing day …) is a barred-roles hit."""
    truth = synth_api.truth
    planted, decoys = truth["barred_roles"], truth["barred_role_decoys"]
    ids = list(dict.fromkeys([p["subject"]["id"] for p in planted] + [d["subject"]["id"] for d in decoys]))
    body = sx["investigator"].post("/screen", json={"ids": ids, "purpose": "任职", "as_of": AS_OF}).json()
    hits = {
        (ids[i["row"] - 1].upper(), h["entity"]["key"], h["measure"])
        for i in body["items"]
        for h in i["hits"]
        if h["alert"] == "barred-roles" and h["as"] == "subject"
    }
    for p in planted:
        assert (p["subject"]["id"].upper(), p["entity"]["id"], p["measure"]) in hits, p
    for d in decoys:
        assert not any(s == d["subject"]["id"].upper() and e == d["entity"]["id"] for s, e, _ in hits), d
    companies = [p["entity"]["id"] for p in planted if p["entity"]["kind"] == "company"]
    shown = sx["investigator"].post("/screen", json={"ids": companies, "as_of": AS_OF}).json()
    for item in shown["items"]:
        assert any(h["alert"] == "barred-roles" and h["as"] == "entity" for h in item["hits"]), item["id"]
