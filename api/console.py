"""How the CLI talks to a person: one clear line on error, rich tables, JSON on request."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from creditgraph.graph_model.errors import CreditgraphError, InputError, NotFound
from creditgraph.graph_model.types import Date

out = Console()
err = Console(stderr=True, soft_wrap=True)

P = ParamSpec("P")
T = TypeVar("T")


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    return str(value)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def parse_date(value: str | None, option: str = "--as-of") -> date | None:
    """A date option in any of the forms the record contract accepts (2019-06-30, 2019/06/30,
    2019年06月30日); a bad one is an InputError naming the option."""

    if value is None:
        return None
    try:
        return Date().clean(value)
    except ValueError as exc:
        raise InputError(f"{option}: {exc} (got {value!r})") from None


def friendly_errors(func: Callable[P, T]) -> Callable[P, T]:
    """Errors become one line on stderr and an exit code, never a traceback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
        except NotFound as exc:
            err.print(f"[red]not found:[/red] {exc}", highlight=False)
            raise typer.Exit(3) from None
        except CreditgraphError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper
