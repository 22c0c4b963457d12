"""``creditgraph alerts NAME``: one command per entry of the alert registry (``service.alerts``).

Each command's options are the alert's parameters as the registry declares them, plus ``--as-of``,
``--limit``/``--offset`` and ``--json``; the answer is the service's page, masked.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.table import Table

from creditgraph.graph_model.privacy import mask as masked
from creditgraph.graph_model.stores import open_store
from creditgraph.service.alerts import ALERTS, Alert, AlertRegistry, Param, alert_page

from .console import friendly_errors, out, parse_date, print_json

AS_OF_HELP = "answer as of this date (YYYY-MM-DD; default today)"


def _option(p: Param) -> inspect.Parameter:
    """The typer option of one registry parameter (dates as text, parsed by ``parse_date``)."""
    flag = "--" + p.name.replace("_", "-")
    if p.kind == "int":
        annotation: Any = Annotated[int, typer.Option(flag, min=p.low, max=p.high, help=p.help)]
    elif p.kind == "choices":
        help_ = f"{p.help}: {', '.join(p.choices)}"
        annotation = Annotated[list[str] | None, typer.Option(flag, help=help_)]
    elif p.kind == "choice":
        annotation = Annotated[str | None, typer.Option(flag, help=f"{p.help}: {', '.join(p.choices)}")]
    else:
        annotation = Annotated[str | None, typer.Option(flag, help=p.help)]
    return inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=p.default, annotation=annotation)


_COMMON = [
    inspect.Parameter(
        "as_of",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)],
    ),
    inspect.Parameter(
        "limit",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            int | None, typer.Option("--limit", min=1, help="at most this many (default all)")
        ],
    ),
    inspect.Parameter(
        "offset",
        inspect.Parameter.KEYWORD_ONLY,
        default=0,
        annotation=Annotated[int, typer.Option("--offset", min=0, help="skip this many first")],
    ),
    inspect.Parameter(
        "as_json",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[bool, typer.Option("--json", help="print JSON")],
    ),
]


def command(alert: Alert) -> Callable[..., None]:
    """The CLI command of one alert, its signature built from the registry entry."""

    def run(*, as_of: str | None, limit: int | None, offset: int, as_json: bool, **params: Any) -> None:
        for p in alert.params:
            if p.kind == "day":
                params[p.name] = parse_date(params[p.name], "--" + p.name.replace("_", "-"))
        with open_store(read=True) as store:
            page = alert_page(store, alert, parse_date(as_of), offset=offset, limit=limit, **params)
        _emit(masked(page.data), as_json, alert.columns, page.count, offset)

    run.__signature__ = inspect.Signature([*(_option(p) for p in alert.params), *_COMMON])  # type: ignore[attr-defined]
    run.__doc__ = alert.summary
    run.__name__ = alert.method_name
    return friendly_errors(run)


def alerts_app(registry: AlertRegistry = ALERTS) -> typer.Typer:
    """``creditgraph alerts``: a command per alert of ``registry``."""
    app = typer.Typer(help="The alert lists regulators act on.", no_args_is_help=True)
    for alert in registry:
        app.command(alert.name, help=alert.summary)(command(alert))
    return app


def _emit(items: list[dict], as_json: bool, columns: tuple[str, ...], count: int, offset: int) -> None:
    if as_json:
        print_json(items)
        return
    shown = "" if len(items) == count else f", {offset + 1}–{offset + len(items)} shown"
    table = Table(*columns, title=f"{count} found{shown}")
    for item in items:
        table.add_row(*(_short(item.get(c)) for c in columns))
    out.print(table)


def _short(value: object) -> str:
    if isinstance(value, dict):
        return " ".join(str(value.get(k)) for k in ("kind", "key", "name") if value.get(k))
    if isinstance(value, list):
        return f"{len(value)} items"
    return "" if value is None else str(value)
