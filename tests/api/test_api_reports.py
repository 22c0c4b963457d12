"""GET /subjects/{kind}/{ident}/report (JSON, HTML, PDF) and GET /reports/verify on a real uvicorn
server over the synthetic batch: the report handed over is checked by the public role, a tampered
code refused, personal data masked by role, the reading audited."""

from __future__ import annotations

import csv

import pymupdf
import pytest

pytest_plugins = ("api_fixtures",)

AS_OF = "2026-06-30"


@pytest.fixture(scope="module")
def listed_person(synth_api) -> str:
    with open(synth_api.workdir / "batch" / "list_entries.csv", encoding="utf-8") as fh:
        return next(
            r["subject_id"]
            for r in csv.DictReader(fh)
            if r["list"] == "black"
            and r["subject_kind"] == "person"
            and not r["removed_at"]
            and not r["expires_at"]
        )


def test_a_report_in_three_formats_and_its_check(sx, listed_person):
    url = f"/subjects/person/{listed_person}/report"
    body = sx["regulator"].get(url, params={"as_of": AS_OF})
    assert body.status_code == 200, body.text
    report = body.json()
    code = report["verification"]["code"]
    assert listed_person.upper() not in body.text.upper(), "masked for a regulator"
    assert report["list_entries"] and all(e["list"] in ("red", "black") for e in report["list_entries"])
    page = sx["regulator"].get(url, params={"as_of": AS_OF, "format": "html"})
    assert page.headers["content-type"].startswith("text/html") and code in page.text
    made = sx["regulator"].get(url, params={"as_of": AS_OF, "format": "pdf"})
    assert made.headers["content-type"] == "application/pdf"
    text = "".join(p.get_text() for p in pymupdf.open(stream=made.content, filetype="pdf"))
    assert code in text and listed_person.upper() not in text.upper()
    check = {"kind": "person", "ident": listed_person, "as_of": AS_OF, "code": code}
    ok = sx["public"].get("/reports/verify", params=check)
    assert ok.status_code == 200 and ok.json()["valid"] is True, ok.text
    assert listed_person.upper() not in ok.text.upper()
    forged = sx["public"].get("/reports/verify", params=check | {"code": "AAAA" + code[4:]})
    assert forged.status_code == 200 and forged.json()["valid"] is False and forged.json()["reason"]
    other_day = sx["public"].get("/reports/verify", params=check | {"as_of": "2026-06-01"})
    assert other_day.json()["valid"] is False


def test_the_investigator_reads_the_id_and_the_public_no_report(sx, listed_person):
    url = f"/subjects/person/{listed_person}/report"
    full = sx["investigator"].get(url, params={"as_of": AS_OF}).json()
    assert full["subject"]["id_number"] == listed_person.upper()
    assert sx["public"].get(url).status_code == 403


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "person", "ident": "x", "as_of": AS_OF, "code": "AAAA-BBBB"}, "ident"),
        ({"kind": "firm", "ident": "x", "as_of": AS_OF, "code": "AAAA-BBBB"}, "kind"),
        (
            {"kind": "company", "ident": "91320400000000000X", "as_of": "2026-13-01", "code": "AAAA-BBBB"},
            "as_of",
        ),
        ({"kind": "company", "ident": "91320400000000000X", "as_of": AS_OF, "code": "!!"}, "code"),
    ],
)
def test_bad_checks_name_the_field(sx, params, field):
    res = sx["public"].get("/reports/verify", params=params)
    assert res.status_code == 422 and field in res.text, res.text


def test_an_unknown_subject_or_format(sx):
    assert sx["regulator"].get("/subjects/company/91320400000000000X/report").status_code == 404
    res = sx["regulator"].get("/subjects/company/91320400000000000X/report", params={"format": "doc"})
    assert res.status_code == 422 and "format" in res.text
