"""``creditgraph screen FILE``: batch screening (名单比对), thin over ``service.screening``."""

from __future__ import annotations

import csv
import getpass
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from creditgraph.graph_model.privacy import mask as masked
from creditgraph.graph_model.stores import open_store
from creditgraph.service import screening

from .audit import AuditLog
from .cli_records import AsOf, Json
from .config import api_settings
from .console import err, friendly_errors, out, parse_date, print_json
from .security import User

CSV_COLUMNS = (
    "row",
    "id",
    "kind",
    "found",
    "name",
    "barred",
    "barred_by",
    "lists",
    "hits",
    "contact",
    "error",
)


@friendly_errors
def screen(
    file: Annotated[Path, typer.Argument(help="a CSV with an 'id' column, or a .json list of identifiers")],
    purpose: Annotated[
        str | None,
        typer.Option(help="what the screening is for: " + ", ".join(screening.purpose_names())),
    ] = None,
    as_of: AsOf = None,
    as_json: Json = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="print CSV, one row per identifier")] = False,
) -> None:
    """Screen USCCs, citizen IDs and platform_id/shop_id ids against the lists in force: one answer per
    identifier, in order, with the measures that bar the purpose and the agencies to contact."""
    from creditgraph.ingest.idfile import read_id_file  # the file readers load pandas: not for `--help`

    ids = read_id_file(file)
    with open_store(read=True) as store:
        raw = screening.screen(store, ids, purpose, parse_date(as_of))
    _audit(file, raw)
    answer = masked(raw)
    if as_json:
        print_json(answer)
    elif as_csv:
        _write_csv(answer["items"])
    else:
        _print(answer)
    if answer["errors"]:
        sys.stdout.flush()
        err.print(f"{answer['errors']} identifier(s) could not be read: see their 'error'", highlight=False)


def _audit(file: Path, answer: dict[str, Any]) -> None:
    """Each screening is recorded with its purpose in the API's audit log (same chain, ``creditgraph
    audit verify``), by the operating-system user who ran it."""
    AuditLog(api_settings().audit_log).append(
        user=User(name=f"cli:{getpass.getuser()}", role="cli"),
        method="CLI",
        endpoint="creditgraph screen",
        params={
            "file": file.name,
            "purpose": answer["purpose"],
            "as_of": str(answer["as_of"]),
            "ids": answer["count"],
        },
        subjects=[i["node_key"] for i in answer["items"] if i["kind"] == "person" and i["found"]],
        action="screen",
    )


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "row": item["row"],
        "id": item["id"],
        "kind": item["kind"] or "",
        "found": item["found"],
        "name": item["name"] or "",
        "barred": "" if item["barred"] is None else item["barred"],
        "barred_by": "; ".join(f"{b['measure']} ({b['document']} {b['clause']})" for b in item["barred_by"]),
        "lists": "; ".join(f"{e['list']}:{e['key']}" for e in item["entries"]),
        "hits": "; ".join(f"{h['alert']}:{h['basis']}:{h['entity']['key']}" for h in item["hits"]),
        "contact": "; ".join(c["listed_by"] or "" for c in item["contact"]),
        "error": item["error"] or "",
    }


def _write_csv(items: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_flat(i) for i in items)


def _print(answer: dict[str, Any]) -> None:
    purpose = answer["purpose"] or "no purpose given"
    out.print(
        f"{answer['count']} screened on {answer['as_of']} ({purpose}): {answer['found']} found, "
        f"{answer['listed']} listed, {answer['barred']} barred, {answer['errors']} unreadable",
        soft_wrap=True,
    )
    for item in answer["items"]:
        if item["entries"] or item["hits"] or item["error"]:
            flat = _flat(item)
            what = (
                item["error"]
                or f"{flat['lists'] or 'no entry'}; barred: {flat['barred']} {flat['barred_by']}"
            )
            out.print(f"  {item['row']:>6}  {item['id']}  {item['name'] or ''}  {what}", soft_wrap=True)
