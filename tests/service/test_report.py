"""Credit reports (信用报告) and their verification codes, on both stores, over a hand-made batch.

Expected answers were written from the batch's rows before the code ran: 王伟's black entry
E00000001 in force with its two measures, the company's expired red entry not shown; the code
valid for the report as built, refused for another day, a typed-wrong code, or once the graph holds
a new record of that day. The PDF is rendered to PNG (artifacts/report.png) and its text read back.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pymupdf
import pytest

from creditgraph.api.report_render import html, pdf
from creditgraph.graph_model.privacy import mask
from creditgraph.ingest.records.loader import load_records
from creditgraph.queries.subjects import resolve
from creditgraph.service.report import report, verify

from conftest import CLI

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
AS_OF = date(2026, 6, 30)
WANG, LONGCHENG = "320402199001010754", "91320400732XY00033"
NEW_VIOLATION = (
    "record_id,subject_kind,subject_id,violation_type,decided_at,agency\n"
    "V-NEW-1,person,320402199001010754,虚假宣传,2026-06-01,常州市市场监督管理局\n"
)


@pytest.fixture
def graph(fixture_graph):
    return fixture_graph[0]


def test_a_report_holds_the_entries_in_force_and_their_measures(graph):
    answer = report(graph, resolve(graph, "person", WANG), AS_OF)
    assert answer["subject"]["kind"] == "person" and answer["as_of"] == AS_OF
    assert [e["key"] for e in answer["list_entries"]] == ["E00000001"]
    assert [r["name"] for r in answer["restrictions"]] == ["限制担任法定代表人", "限制担任董监高"]
    assert "苏政办发〔2017〕144号" in answer["sources"]["documents"]
    assert [c["key"] for c in answer["commitments"]] == ["CM00000003"]
    assert set(answer["records"]) == {"violations", "complaints", "evaluations"}
    company = report(graph, resolve(graph, "company", LONGCHENG), AS_OF)
    assert company["list_entries"] == [], "the red entry expired on 2024-06-01"


def test_the_code_is_valid_for_the_report_and_refused_otherwise(graph, tmp_path):
    ref = resolve(graph, "person", WANG)
    code = report(graph, ref, AS_OF)["verification"]["code"]
    assert len(code) == 24 and code.count("-") == 4
    assert verify(graph, ref, AS_OF, code)["valid"] is True
    assert verify(graph, ref, AS_OF, code.lower().replace("-", " "))["valid"] is True  # as typed
    assert verify(graph, ref, date(2026, 6, 29), code)["valid"] is False
    tampered = ("A" if code[0] != "A" else "B") + code[1:]
    refused = verify(graph, ref, AS_OF, tampered)
    assert refused["valid"] is False and "altered" in refused["reason"]
    other = resolve(graph, "company", LONGCHENG)
    assert verify(graph, other, AS_OF, code)["valid"] is False
    batch = tmp_path / "later"
    batch.mkdir()
    (batch / "violations.csv").write_text(NEW_VIOLATION, encoding="utf-8")
    load_records(graph, batch, as_of=AS_OF, progress=False)
    assert verify(graph, ref, AS_OF, code)["valid"] is False, "a record of that day changed the report"


def test_html_and_pdf_show_the_masked_report_and_its_code(graph):
    answer = report(graph, resolve(graph, "person", WANG), AS_OF)
    shown = mask(answer)
    page = html(shown)
    code = answer["verification"]["code"]
    assert code in page and "限制担任董监高" in page and WANG not in page
    assert "<script" not in page
    data = pdf(shown)
    assert data.startswith(b"%PDF-")
    doc = pymupdf.open(stream=data, filetype="pdf")
    text = "".join(p.get_text() for p in doc)
    assert code in text and "王伟" in text and "限制担任董监高" in text and WANG not in text
    if graph.backend == "embedded":
        ARTIFACTS.mkdir(exist_ok=True)
        doc[0].get_pixmap(dpi=90).save(ARTIFACTS / "report.png")


def test_text_with_markup_is_escaped(graph):
    answer = mask(report(graph, resolve(graph, "person", WANG), AS_OF))
    answer["identity"]["name"] = "<b>王伟</b> & <script>alert(1)</script>"
    assert "<script>" not in html(answer) and "&lt;script&gt;" in html(answer)
    assert pdf(answer).startswith(b"%PDF-")


# -- the command line (embedded store on disk) -------------------------------------------------------


def _cli(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


def test_cli_report_and_verify(fixture_cli, tmp_path):
    res = _cli(fixture_cli, "report", "person", WANG, "--as-of", "2026-06-30")
    assert res.returncode == 0, res.stderr
    code = json.loads(res.stdout)["verification"]["code"]
    assert WANG not in res.stdout
    target = tmp_path / "r.pdf"
    res = _cli(
        fixture_cli,
        "report",
        "person",
        WANG,
        "--as-of",
        "2026-06-30",
        "--format",
        "pdf",
        "--out",
        str(target),
    )
    assert res.returncode == 0 and target.read_bytes().startswith(b"%PDF-"), res.stderr
    ok = _cli(fixture_cli, "verify-report", "person", WANG, code, "--as-of", "2026-06-30")
    assert ok.returncode == 0 and "valid" in ok.stdout
    bad = _cli(fixture_cli, "verify-report", "person", WANG, "AAAA" + code[4:], "--as-of", "2026-06-30")
    assert bad.returncode == 1 and "refused" in bad.stdout
    for args, message in [
        (("report", "person", WANG, "--format", "pdf"), "needs --out"),
        (("report", "person", WANG, "--format", "doc"), "--format must be"),
        (("report", "company", "91320400000000000X"), "91320400000000000X"),
    ]:
        res = _cli(fixture_cli, *args)
        assert res.returncode != 0 and "Traceback" not in res.stderr, args
        assert message in res.stderr + res.stdout, (args, res.stderr)
