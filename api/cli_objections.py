"""CLI commands over objections (异议): list the late ones, show the rules, file and decide.

The same service as ``/objections`` (service/objections.py); reads open the store read-only, personal
data is masked as for every CLI output.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.privacy import mask as masked
from creditgraph.graph_model.privacy import scrub_text
from creditgraph.graph_model.stores import open_store
from creditgraph.service.models import ObjectionCreate, ObjectionUpdate
from creditgraph.service.objections import ObjectionService, deadline_rules, policy_clause

from .config import api_settings
from .console import friendly_errors, out, parse_date, print_json

objections_app = typer.Typer(
    help="Objections against records: deadlines from the policy data, routed to the issuing agency.",
    no_args_is_help=True,
)
AsOf = Annotated[str | None, typer.Option("--as-of", help="judge lateness on this date (default today)")]
On = Annotated[str | None, typer.Option("--on", help="the day of the step (default today)")]
Json = Annotated[bool, typer.Option("--json", help="print JSON")]
COLUMNS = ("key", "status", "target_label", "target_key", "agency_name", "filed_at", "reply_due", "overdue")


def _service(store):

    return ObjectionService.for_store(store, api_settings())


def _emit(rows: list[dict], as_json: bool) -> None:
    rows = masked(rows)
    if as_json:
        print_json(rows)
        return
    table = Table(*COLUMNS, title=f"{len(rows)} objections")
    for r in rows:
        table.add_row(*(", ".join(v) if isinstance(v := r.get(c), list) else str(v or "") for c in COLUMNS))
    out.print(table)


@objections_app.command("list")
@friendly_errors
def list_objections(
    overdue: Annotated[bool, typer.Option("--overdue", help="only the late ones")] = False,
    status: Annotated[list[str] | None, typer.Option("--status", help="open, replied, upheld …")] = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Objections, newest first, each with its deadlines, the rules behind them and what is late."""
    with open_store(read=True) as store:
        rows, _ = _service(store).list(
            status=status or None, overdue=True if overdue else None, as_of=parse_date(as_of), limit=10**6
        )
    _emit(rows, as_json)


@objections_app.command("rules")
@friendly_errors
def rules(as_json: Json = False) -> None:
    """The deadline rules and where they come from (document and clause)."""

    data = {k: r.model_dump() for k, r in deadline_rules(api_settings()).items()}
    data |= {"contestable": policy_clause("contestable"), "routing": policy_clause("routing")}
    if as_json:
        print_json(data)
        return
    for name, value in data.items():
        text = (
            value
            if isinstance(value, str)
            else f"{value['days']} {value['calendar']} days: {value['source']}"
        )
        out.print(f"{name}: {text}", highlight=False)


@objections_app.command("file")
@friendly_errors
def file(
    target_label: Annotated[str, typer.Argument(help="Violation, ListEntry or Evaluation")],
    target_key: Annotated[str, typer.Argument(help="the record's key")],
    subject: Annotated[str, typer.Argument(help="the record's subject: USCC, citizen ID, shop key …")],
    by: Annotated[str, typer.Option("--by", help="who files it")],
    reason: Annotated[str, typer.Option("--reason", help="why")],
    on: On = None,
    as_json: Json = False,
) -> None:
    """File an objection: the record is marked contested (it stays in risk and alerts)."""
    from pydantic import ValidationError

    try:
        body = ObjectionCreate(
            target_label=target_label,
            target_key=target_key,
            subject_key=subject,
            filed_by=by,
            reason=reason,
            filed_at=parse_date(on),
        )
    except ValidationError as exc:
        raise InputError(_first_error(exc)) from None
    with open_store(existing=True) as store:
        row = _service(store).create(body)
    _emit([row], as_json)


@objections_app.command("decide")
@friendly_errors
def decide(
    key: Annotated[str, typer.Argument(help="the objection's key")],
    action: Annotated[str, typer.Argument(help="reply, uphold, reject, correct or feedback")],
    text: Annotated[str | None, typer.Option("--text", help="the reply or decision text")] = None,
    change: Annotated[
        list[str] | None, typer.Option("--change", help="correct: FIELD=VALUE, the record as corrected")
    ] = None,
    on: On = None,
    as_json: Json = False,
) -> None:
    """One step of an objection; `correct` writes the changes and keeps the old version."""
    from pydantic import ValidationError

    changes = {}
    for item in change or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError(f"--change {item!r}: write FIELD=VALUE")
        changes[name] = value
    try:
        body = ObjectionUpdate(action=action, text=text, changes=changes or None, on=parse_date(on))
    except ValidationError as exc:
        raise InputError(_first_error(exc)) from None
    with open_store(existing=True) as store:
        row = _service(store).update(key, body)
    _emit([row], as_json)


def _first_error(exc) -> str:
    """The first validation error as one line naming the field and the value (scrubbed)."""

    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "input"
    return f"{where}: {err.get('msg')} (got {scrub_text(str(err.get('input')))!r})"
