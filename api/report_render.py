"""A credit report (``service.report``) as HTML and as PDF, for the CLI and the HTTP route alike.

The HTML is a Jinja2 template (autoescaped); the PDF is drawn with ReportLab's platypus, the
Chinese text set in the Adobe CID font STSong-Light, which every PDF reader carries, so the
file embeds no font and stays small. Both show the report as the caller's role may see it (the
caller masks it first) and print the verification code on every page.
"""

from __future__ import annotations

import io
from typing import Any

from .pages import render
from .pages import text as _s

FONT = "STSong-Light"


def rows(report: dict[str, Any]) -> dict[str, list[list[str]]]:
    """The report's tables as rows of text (one renderer-independent reading for HTML and PDF)."""
    entries = [
        [e["key"], e["list"], _s(e.get("listed_at")), _s(e.get("agency")), "；".join(e.get("measures") or [])]
        for e in report["list_entries"]
    ]
    records = [
        [section, r.get("key", ""), _s(r.get("violation_type") or r.get("grade") or r.get("category")),
         _s(r.get("decided_at") or r.get("evaluated_at") or r.get("received_at")),
         _s(r.get("agency_as_written") or r.get("agency")), _s(r.get("status"))]
        for section, items in report["records"].items()
        for r in items
    ]  # fmt: skip
    measures = [
        [i["entry"], i["name"], _s(i.get("document")), _s(i.get("clause"))] for i in report["restrictions"]
    ]
    incentives = [
        [i["entry"], i["name"], _s(i.get("document")), _s(i.get("clause"))] for i in report["incentives"]
    ]
    objections = [
        [_s(o.get("key")), _s(o.get("record_key")), _s(o.get("status")), _s(o.get("filed_at"))]
        for o in report["objections"]
    ]
    score = report["risk"]
    risk = ", ".join(
        f"{name} {_num(score.get(k))}"
        for k, name in (("risk_score", "score"), ("risk_own", "own"), ("risk_rank", "rank"))
    )
    return {
        "risk": [[risk + (f" ({score['note']})" if score.get("note") else "")]],
        "identity": [[k, _s(v)] for k, v in report["identity"].items() if not k.startswith("risk_")],
        "entries": entries,
        "records": records,
        "restrictions": measures,
        "incentives": incentives,
        "objections": objections,
    }


def _num(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else _s(value)


def html(report: dict[str, Any]) -> str:
    return render("report.html", r=report, t=rows(report))


def pdf(report: dict[str, Any]) -> bytes:
    """The report as a PDF (A4), the verification code in every page's footer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=12, leading=18, spaceBefore=8)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22)
    subject, code = report["subject"], report["verification"]["code"]
    t = rows(report)
    story: list[Any] = [
        Paragraph("信用报告 Credit report", title),
        Paragraph(f"{_esc(subject.get('name'))} · {subject['kind']} {_esc(subject['key'])}", body),
        Paragraph(f"as of {_s(report['as_of'])} · verification code {code}", body),
    ]

    def table(caption: str, header: list[str], data: list[list[str]]) -> None:
        story.append(Paragraph(caption, head))
        if not data:
            story.append(Paragraph("none", body))
            return
        cells = [[Paragraph(_esc(c), body) for c in row] for row in [header, *data]]
        grid = Table(cells, repeatRows=1, hAlign="LEFT")
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(grid)

    table("身份 Identity", ["field", "value"], t["identity"])
    table("名单 List entries in force", ["entry", "list", "listed", "agency", "measures"], t["entries"])
    table("惩戒措施 Restrictions", ["entry", "measure", "document", "clause"], t["restrictions"])
    table("激励措施 Incentives", ["entry", "incentive", "document", "clause"], t["incentives"])
    table("记录 Records in display", ["kind", "record", "type", "date", "agency", "status"], t["records"])
    table("异议 Objections", ["objection", "record", "state", "filed"], t["objections"])
    score = report["risk"]
    story += [
        Paragraph("风险 Risk", head),
        Paragraph(
            f"score {_s(score.get('risk_score'))}, own {_s(score.get('risk_own'))}, rank {_s(score.get('risk_rank'))}",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            "Verify this report: GET /reports/verify with the subject, the day and the code above. "
            f"Documents: {_esc('; '.join(report['sources']['documents']) or 'none')}",
            body,
        ),
    ]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(
            15 * mm, 10 * mm, f"creditgraph · {subject['kind']} {subject['key']} · {_s(report['as_of'])}"
        )
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"verification {code} · page {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, title="信用报告")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _esc(value: Any) -> str:
    """Text for a ReportLab paragraph (its mini-markup: &, < and > escaped)."""
    return _s(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
