"""Writes taizhou_2024_word_table.docx: a held-out document whose task table is a real Word table.

The rows below were written by hand (like every held-out document); this script only lays them
out as Word does: a header row flagged to repeat on each page (w:tblHeader) and repeated after a
page break inside the table, band rows merged across all columns, a lead cell merged down over
two tasks, and cells holding one unit per paragraph. Run it to rebuild the .docx:
`.venv/bin/python tests/ingest/policies/heldout/make_taizhou_docx.py`.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

OUT = Path(__file__).resolve().parent / "taizhou_2024_word_table.docx"
HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时间"]
# None in the lead column: merged with the cell above. A str row is a band across the table.
ROWS: list[list[str | None] | str] = [
    "一、健全信用监管机制",
    [
        "1",
        "推行信用承诺制度，承诺履约情况纳入信用记录。",
        "市发改委（市信用办）",
        "市行政审批局\n市市场监管局",
        "2024年6月",
    ],
    ["2", "实施经营主体信用风险分类监管。", "市市场监管局", "市税务局\n市发改委", "2024年12月"],
    ["3", "开展食品安全信用监管，公示违法违规信息。", None, "市卫生健康委\n市农业农村局", "持续推进"],
    "二、推进重点领域诚信建设",
    ["4", "加强进出口企业信用管理。", "泰州海关", "市商务局", "持续推进"],
    "PAGE",
    [
        "5",
        "推进“信易贷”，扩大信用贷款投放。",
        "人民银行泰州市分行",
        "泰州金融监管分局\n市财政局",
        "2024年12月",
    ],
    ["6", "开展诚信文化宣传教育。", "市委宣传部\n市文明办", "市文广旅局\n市教育局", "持续推进"],
    ["7", "推进公共数据与信用信息共享。", "市数据局", "各市（区）人民政府", "2024年9月"],
]


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _fill(cell, text: str) -> None:
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def build(out: Path = OUT) -> Path:
    d = docx.Document()
    for line in (
        "泰州市社会信用体系建设领导小组办公室文件",
        "泰信用办〔2024〕6号",
        "关于印发《泰州市2024年社会信用体系建设重点任务清单》的通知",
        "各市（区）社会信用体系建设领导小组办公室，市各有关部门：",
        "现将《泰州市2024年社会信用体系建设重点任务清单》印发给你们，请认真抓好落实。",
        "泰州市社会信用体系建设领导小组办公室",
        "2024年3月15日",
        "",
        "泰州市2024年社会信用体系建设重点任务清单",
        "",
    ):
        d.add_paragraph(line)
    table = d.add_table(rows=0, cols=len(HEADER))
    table.style = "Table Grid"

    def header_row() -> None:
        row = table.add_row()
        _repeat_header(row)
        for cell, text in zip(row.cells, HEADER, strict=True):
            cell.text = text

    header_row()
    above = None
    for spec in ROWS:
        if spec == "PAGE":  # the table runs onto the next page: Word prints the header again
            header_row()
            table.rows[-1].cells[0].paragraphs[0].runs[0].add_break(WD_BREAK.PAGE)
            continue
        row = table.add_row()
        if isinstance(spec, str):
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = spec
            continue
        for i, text in enumerate(spec):
            if text is None:
                assert above is not None
                above.cells[i].merge(row.cells[i])
            else:
                _fill(row.cells[i], text)
        above = row
    d.add_paragraph("")
    d.add_paragraph("各牵头单位于每季度末将任务进展报市信用办。")
    d.save(str(out))
    return out


if __name__ == "__main__":
    print(build())
