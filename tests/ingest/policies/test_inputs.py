"""Inputs beyond the five documents: a new table layout, a .docx, bad files, and the shipped extraction."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from creditgraph.ingest.policies import (
    PolicyCorpus,
    PolicyFileError,
    parse_folder,
    read_policy_data,
    write_policy_data,
)
from creditgraph.ingest.policies.corpus import POLICY_DATA
from creditgraph.ingest.policies.userdict import FORM_TOKENS_FILE, USERDICT, form_token_table, userdict_lines

from policies_support import corpus_fixture, expected_fixture  # noqa: F401  (pytest fixtures)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _only(tmp_path: Path, *files: Path) -> Path:
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def test_four_column_markdown_table_parses_without_code_changes(tmp_path: Path) -> None:
    corpus = parse_folder(_only(tmp_path, FIXTURES / "four_column_markdown.md"))
    doc = corpus.document("锡信用办发〔2019〕3号")
    assert doc.jurisdiction == "320200" and doc.title == "无锡市加强快递物流领域信用建设的工作方案"
    tasks = corpus.tasks_of(doc.key)
    assert [t.seq for t in tasks] == [1, 2]
    assert [m.as_written for m in tasks[0].lead] == ["市邮政管理局"]
    assert [m.as_written for m in tasks[0].coop] == ["市公安局", "市商务局"]
    assert tasks[0].collective == ["各市（县）区人民政府"]
    assert [m.as_written for m in tasks[1].lead] == ["市市场监管局", "市公安局"]
    assert [(m.as_written, m.agency_id) for m in tasks[1].coop] == [
        ("人民银行无锡市中心支行", "pboc.wuxi"),
        ("市信用办", "wx.credit-office"),
    ]
    assert tasks[1].collective == ["等有关部门"]
    assert "V14" in tasks[0].violation_types and "V01" in tasks[1].violation_types
    assert [c.number for c in doc.cites] == ["苏政办发〔2017〕144号"]


def test_docx_with_a_table(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("常州市社会信用体系建设领导小组办公室文件")
    d.add_paragraph("常信用办发〔2019〕1号")
    d.add_paragraph("")
    d.add_paragraph("常州市电子商务信用监管工作要点")
    d.add_paragraph("")
    d.add_paragraph("一、重点工作")
    d.add_paragraph("（一）打击恶意刷单。严厉打击恶意刷单、虚假流量等行为。")
    d.add_paragraph("二、任务分工")
    table = d.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "负责单位"], strict=True):
        cell.text = text
    rows = [
        ["1", "打击恶意刷单。", "牵头单位：市工商局\n配合单位：市公安局、市网信办"],
        ["2", "建立寄递物流信用体系。", "牵头单位：市邮政管理局\n配合单位：市交通局、\n常州海关等部门"],
    ]
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    d.add_paragraph("")
    d.add_paragraph("常州市社会信用体系建设领导小组办公室")
    d.add_paragraph("2019年1月10日")
    d.save(str(tmp_path / "plan.docx"))

    corpus = parse_folder(tmp_path)
    doc = corpus.documents[0]
    assert (doc.number, doc.jurisdiction, doc.title) == (
        "常信用办发〔2019〕1号",
        "320400",
        "常州市电子商务信用监管工作要点",
    )
    tasks = corpus.tasks_of(doc.key)
    assert [(m.as_written, m.agency_id) for m in tasks[0].lead] == [("市工商局", "cz.aic")]
    assert [m.as_written for m in tasks[0].coop] == ["市公安局", "市网信办"]
    assert [m.as_written for m in tasks[1].coop] == ["市交通局", "常州海关"]
    assert tasks[1].collective == ["等部门"]
    assert tasks[0].measure == f"{doc.key}/一（一）"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("binary.txt", b"\x00\x01\x02\x00" * 20, "binary content"),
        ("note.txt", "今天天气很好。\n我们去公园散步吧。\n".encode(), "not a policy document"),
        ("scan.pdf", b"%PDF-1.4", "unsupported file type"),
        ("broken.docx", b"PK not really a zip", "cannot open as .docx"),
    ],
)
def test_bad_input_names_the_file(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    if name.endswith(".pdf"):
        from creditgraph.ingest.policies.reader import read_source

        with pytest.raises(PolicyFileError, match=reason) as err:
            read_source(tmp_path / name)
    else:
        with pytest.raises(PolicyFileError, match=reason) as err:
            parse_folder(tmp_path)
    assert name in str(err.value)


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    text = (FIXTURES / "four_column_markdown.md").read_text(encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
    assert len(parse_folder(tmp_path).tasks) == 2


def test_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="no policy files"):
        parse_folder(tmp_path)
    with pytest.raises(PolicyFileError, match="not a folder"):
        parse_folder(tmp_path / "missing")


def test_shipped_extraction_is_current(corpus: PolicyCorpus, tmp_path: Path) -> None:
    fresh = write_policy_data(corpus, tmp_path / "policy_data.json")
    assert POLICY_DATA.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
        "ingest/resources/policy_data.json is stale: run `.venv/bin/python -m creditgraph.ingest.policies write`"
    )
    assert read_policy_data(POLICY_DATA) == corpus


def test_shipped_userdict_is_current() -> None:
    assert USERDICT.read_text(encoding="utf-8").splitlines() == userdict_lines()
    assert "恶意刷单 1000 vt" in userdict_lines()


def test_shipped_form_tokens_are_current() -> None:
    shipped = json.loads(FORM_TOKENS_FILE.read_text(encoding="utf-8"))
    assert shipped == form_token_table()
    assert shipped["虚假宣传"] == ["宣传", "虚假", "虚假宣传"]
