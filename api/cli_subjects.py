"""``creditgraph measures``: what applies to one subject on a date, thin over ``service.subjects``;
``creditgraph practitioners``: a key occupational group's practitioners, thin over ``service.practitioners``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from creditgraph.graph_model.privacy import mask as masked
from creditgraph.graph_model.stores import open_store
from creditgraph.service import intermediaries as intermediaries_svc
from creditgraph.service import practitioners as practitioners_svc
from creditgraph.service import products, subjects

from .cli_records import AsOf, Json, SubjectIdent, SubjectKind
from .console import friendly_errors, out, parse_date, print_json


@friendly_errors
def measures(
    kind: SubjectKind,
    ident: SubjectIdent,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """The incentives (red list) and restrictions (black list) that apply to a subject on a date,
    each with its entry, document and clause."""
    with open_store(read=True) as store:
        answer = masked(subjects.measures(store, subjects.resolve(store, kind, ident), parse_date(as_of)))
    if as_json:
        print_json(answer)
        return
    who = " ".join(str(answer["subject"].get(k)) for k in ("kind", "key", "name") if answer["subject"].get(k))
    out.print(f"{who} on {answer['as_of']}: {len(answer['entries'])} list entries in force", soft_wrap=True)
    for title in ("incentives", "restrictions"):
        out.print(f"{title}: {len(answer[title])}" + ("" if answer[title] else " (none)"))
        for item in answer[title]:
            rule = f"{item['document']} {item['clause']}" if item["known"] else "not in the documents"
            note = f"; suspended by {', '.join(item['suspended_by'])}" if item.get("suspended_by") else ""
            out.print(f"  {item['entry']}  {item['name']}  ({rule}{note})", soft_wrap=True)


@friendly_errors
def practitioners(
    group: Annotated[
        str, typer.Option("--group", help="the key occupational group (个人诚信意见 三(二)), e.g. 律师")
    ],
    jurisdiction: Annotated[
        str | None,
        typer.Option(
            "--jurisdiction", help="prefix of the issuing agency's division code: 3204 matches Changzhou"
        ),
    ] = None,
    dishonest: Annotated[
        bool, typer.Option("--dishonest", help="only those with serious dishonesty")
    ] = False,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Practitioners of a key occupational group whose qualification is in force on a date, with
    their serious-dishonesty records (licence numbers and IDs masked)."""
    with open_store(read=True) as store:
        items = masked(
            practitioners_svc.practitioners(
                store, group, parse_date(as_of), jurisdiction=jurisdiction, dishonest=dishonest
            )
        )
    if as_json:
        print_json(items)
        return
    table = Table("person", "licence", "jurisdiction", "employer", "dishonest", title=f"{len(items)} found")
    for i in items:
        employer = i["employer"] or {}
        table.add_row(
            f"{i['person']['key']} {i['person']['name'] or ''}",
            i["qualification"]["licence_no"] or "",
            i["qualification"]["jurisdiction"] or "",
            employer.get("name") or "",
            ", ".join(r["record_key"] for r in i["records"]) or "no",
        )
    out.print(table)


intermediaries_app = typer.Typer(help="Approval-related intermediaries (涉审中介机构).", no_args_is_help=True)


@intermediaries_app.command("eligible")
@friendly_errors
def eligible(
    category: Annotated[str, typer.Option("--category", help="the intermediaries.csv category, e.g. 评估")],
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="prefix of the company's division code: 3207")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="also the ones left out and why")] = False,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Which intermediaries of a category may be chosen for a government purchase on a date, each
    with why; the industry warning when the category's share of D grades passes the threshold."""
    with open_store(read=True) as store:
        answer = masked(
            intermediaries_svc.eligible(
                store, category, parse_date(as_of), jurisdiction=jurisdiction, explain=explain
            )
        )
    if as_json:
        print_json(answer)
        return
    table = Table(
        "key", "name", "grade", "graded_at", title=f"{answer['count']} eligible on {answer['as_of']}"
    )
    for i in answer["data"]:
        table.add_row(i["key"], i["name"] or "", i["grade"] or "", str(i["graded_at"] or ""))
    out.print(table)
    for i in answer["left_out"] or []:
        rules = ", ".join(f["rule"] + (f" {f['record']}" if f.get("record") else "") for f in i["failed"])
        out.print(f"left out: {i['key']} {i['name'] or ''}: {rules}", soft_wrap=True)
    if answer["warning"]:
        w = answer["warning"]
        out.print(
            f"industry warning ({w['text']}, {w['document']} {w['clause']}): {w['share']:.0%} of "
            f"{w['graded']} graded {w['category']} intermediaries hold grade {w['grade']} (> {w['threshold']:.0%})",
            soft_wrap=True,
        )


@friendly_errors
def trace(
    product_id: Annotated[str, typer.Argument(help="the product_id of the contract")],
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """A product's trail on a date: manufacturer, shops, platforms, couriers with the violations in
    force, and its sampling inspections (抽检)."""
    with open_store(read=True) as store:
        answer = masked(products.trace(store, product_id, parse_date(as_of)))
    if as_json:
        print_json(answer)
        return
    p = answer["product"]
    out.print(f"{p['key']} {p['name'] or ''} ({p['category'] or ''}) on {answer['as_of']}", soft_wrap=True)
    for stage in ("manufacturers", "shops", "platforms", "couriers"):
        out.print(f"{stage}: {len(answer[stage])}")
    out.print(f"inspections: {len(answer['inspections'])}, {answer['failed_inspections']} 不合格")
    for i in answer["inspections"]:
        where = f" at {i['shop']['key']}" if i["shop"] else ""
        out.print(
            f"  {i['sampled_at']}  {i['key']}  {i['result']}  {i['items'] or ''}{where}", soft_wrap=True
        )
