"""``creditgraph report`` and ``creditgraph verify-report``: a credit report and its check, thin over
``service.report`` (rendered by ``api.report_render``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.privacy import mask as masked
from creditgraph.graph_model.stores import open_store
from creditgraph.service import report as reports
from creditgraph.service.subjects import resolve

from .cli_records import AsOf, SubjectIdent, SubjectKind
from .console import friendly_errors, out, parse_date, print_json
from .report_render import html, pdf

Format = Annotated[str, typer.Option("--format", help="json, html or pdf")]
Out = Annotated[Path | None, typer.Option("--out", help="write to this file (a PDF needs one)")]


@friendly_errors
def report(
    kind: SubjectKind, ident: SubjectIdent, as_of: AsOf = None, fmt: Format = "json", to: Out = None
) -> None:
    """A subject's credit report (信用报告) as of a date, with its verification code: json, html or pdf."""
    if fmt not in ("json", "html", "pdf"):
        raise InputError(f"--format must be json, html or pdf, not {fmt!r}")
    if fmt == "pdf" and to is None:
        raise InputError("--format pdf needs --out FILE (a PDF is not printed to a terminal)")
    with open_store(read=True) as store:
        answer = masked(reports.report(store, resolve(store, kind, ident), parse_date(as_of)))
    if fmt == "json" and to is None:
        print_json(answer)
        return
    if fmt == "json":
        import json

        body = json.dumps(answer, ensure_ascii=False, indent=2, default=str).encode()
    else:
        body = html(answer).encode() if fmt == "html" else pdf(answer)
    if to is None:
        sys.stdout.write(body.decode())
        return
    to.write_bytes(body)
    out.print(
        f"{fmt} report of {answer['subject']['kind']} {answer['subject']['key']} as of {answer['as_of']} "
        f"(code {answer['verification']['code']}) written to {to}",
        soft_wrap=True,
    )


@friendly_errors
def verify_report(
    kind: SubjectKind,
    ident: SubjectIdent,
    code: Annotated[str, typer.Argument(help="the verification code printed on the report")],
    as_of: Annotated[str, typer.Option("--as-of", help="the report's as-of date (YYYY-MM-DD)")],
) -> None:
    """Check a credit report's verification code against the graph (exit 1 when refused)."""
    with open_store(read=True) as store:
        answer = reports.verify(store, resolve(store, kind, ident), parse_date(as_of), code)
    if answer["valid"]:
        out.print(f"valid: the report of {kind} as of {answer['as_of']} has this code")
        return
    out.print(f"refused: {answer['reason']}")
    raise typer.Exit(1)
