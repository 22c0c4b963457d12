"""CLI commands over record batches and the alert lists: ``ingest records``, ``synth``, ``alerts``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from graph_model.privacy import mask as masked
from graph_model.stores import open_store

from .console import friendly_errors, out, parse_date, print_json

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="answer as of this date (YYYY-MM-DD; default today)")
]
Json = Annotated[bool, typer.Option("--json", help="print JSON")]


@friendly_errors
def records(
    folder: Annotated[Path, typer.Argument(help="folder of contract CSV files")],
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="rejects file (default rejects.csv beside DIR)")
    ] = None,
    as_of: AsOf = None,
    as_json: Json = False,
    mode: Annotated[
        str,
        typer.Option(
            "--mode", help="auto: bulk COPY for a big first load, else MERGE; or force bulk/incremental"
        ),
    ] = "auto",
) -> None:
    """Load a batch of record files (companies, persons, shops, violations, list entries …)."""
    from graph_model.errors import InputError
    from graph_model.settings import Settings
    from ingest.records.loader import load_records

    modes = {"auto": None, "bulk": True, "incremental": False}
    if mode not in modes:
        raise InputError(f"--mode must be one of {', '.join(modes)}, not {mode!r}")
    with open_store(Settings(), create=True) as store:
        summary = load_records(
            store,
            folder,
            rejects_path=rejects,
            as_of=parse_date(as_of),
            progress=not as_json,
            bulk=modes[mode],
        )
    if as_json:
        print_json(summary.as_dict())
    else:
        table = Table(
            "file",
            "read",
            "loaded",
            "updated",
            "filled",
            "merged",
            "rejected",
            "note",
            title=f"{summary.folder} ({summary.mode})",
        )
        for f in summary.files:
            table.add_row(
                f.file,
                *(f"{x:,}" for x in (f.read, f.loaded, f.updated, f.filled, f.merged, f.rejected)),
                f.error or "",
            )
        out.print(table)
        if summary.placeholders:
            out.print(
                "placeholders created: " + ", ".join(f"{k} {v:,}" for k, v in summary.placeholders.items())
            )
        if summary.ignored:
            out.print("not contract files, ignored: " + ", ".join(summary.ignored))
        out.print(f"{summary.rejected:,} rejected rows → {summary.rejects_file}; {summary.seconds:.1f} s")
    if summary.errors:
        raise typer.Exit(1)


@friendly_errors
def synth(
    out_dir: Annotated[Path, typer.Argument(help="folder to write the batch and truth.json into")],
    subjects: Annotated[int, typer.Option("--subjects", min=100, help="about how many subjects")] = 10_000,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    bad_rows: Annotated[
        float, typer.Option("--bad-rows", min=0.0, max=0.5, help="share of contract-breaking rows")
    ] = 0.0,
) -> None:
    """Write a synthetic jurisdiction: a complete contract batch with planted patterns and their answers."""
    from ingest.synth import synth as make

    summary = make(out_dir, subjects=subjects, seed=seed, bad_rows=bad_rows)
    out.print(f"wrote {out_dir} ({summary.get('subjects', subjects):,} subjects; answers in truth.json)")


alerts_app = typer.Typer(help="The alert lists regulators act on.", no_args_is_help=True)


@alerts_app.command("reappearances")
@friendly_errors
def alerts_reappearances(as_of: AsOf = None, as_json: Json = False) -> None:
    """Blacklisted subjects who reappear in a company or shop after their listing."""
    from queries.alerts import reappearances
    from queries.responsible_hook import responsible_for

    with open_store(read=True) as store:
        items = reappearances(store, parse_date(as_of), responsible=responsible_for(store))
    _emit(masked(items), as_json, ("basis", "subject", "entity", "listed_at", "since"))


@alerts_app.command("barred-roles")
@friendly_errors
def alerts_barred_roles(as_of: AsOf = None, as_json: Json = False) -> None:
    """Blacklisted persons and companies holding a role, shop or platform presence their entry's
    own measures bar, whenever it began (began: after_listing or before_listing)."""
    from queries.barred import barred_roles
    from queries.responsible_hook import responsible_for

    with open_store(read=True) as store:
        items = barred_roles(store, parse_date(as_of), responsible=responsible_for(store))
    _emit(masked(items), as_json, ("basis", "subject", "entity", "measure", "began", "listed_at", "since"))


@alerts_app.command("courier-bans")
@friendly_errors
def alerts_courier_bans(as_of: AsOf = None, as_json: Json = False) -> None:
    """Couriers banned from platforms that still serve one."""
    from queries.alerts import courier_bans

    with open_store(read=True) as store:
        items = courier_bans(store, parse_date(as_of))
    _emit(masked(items), as_json, ("basis", "courier", "entity", "listed_at", "since"))


@alerts_app.command("shared-identifiers")
@friendly_errors
def alerts_shared_identifiers(
    as_of: AsOf = None,
    as_json: Json = False,
    max_share: Annotated[
        int, typer.Option("--max-share", min=2, help="identifiers held by more subjects are generic")
    ] = 10,
) -> None:
    """Rings of subjects tied by shared phones, addresses or accounts that include a flagged subject."""
    from queries.rings import shared_identifier_rings

    with open_store(read=True) as store:
        rings = shared_identifier_rings(store, parse_date(as_of), max_share=max_share)
    _emit(masked(rings), as_json, ("ring", "size", "members"))


@friendly_errors
def measures(
    kind: Annotated[str, typer.Argument(help="company, person, shop, platform or courier")],
    ident: Annotated[
        str, typer.Argument(help="USCC, citizen ID, platform_id/shop_id, platform or courier id")
    ],
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """The incentives (red list) and restrictions (black list) that apply to a subject on a date,
    each with its entry, document and clause."""
    from queries.measures_in_force import measures_in_force
    from queries.subjects import resolve

    with open_store(read=True) as store:
        answer = masked(measures_in_force(store, resolve(store, kind, ident), parse_date(as_of)))
    if as_json:
        print_json(answer)
        return
    out.print(
        f"{_short(answer['subject'])} on {answer['as_of']}: {len(answer['entries'])} list entries in force"
    )
    for title in ("incentives", "restrictions"):
        out.print(f"{title}: {len(answer[title])}" + ("" if answer[title] else " (none)"))
        for item in answer[title]:
            rule = f"{item['document']} {item['clause']}" if item["known"] else "not in the documents"
            note = f"; suspended by {', '.join(item['suspended_by'])}" if item.get("suspended_by") else ""
            out.print(f"  {item['entry']}  {item['name']}  ({rule}{note})", soft_wrap=True)


def _emit(items: list[dict], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        print_json(items)
        return
    table = Table(*columns, title=f"{len(items)} found")
    for item in items:
        table.add_row(*(_short(item.get(c)) for c in columns))
    out.print(table)


def _short(value: object) -> str:
    if isinstance(value, dict):
        return " ".join(str(value.get(k)) for k in ("kind", "key", "name") if value.get(k))
    if isinstance(value, list):
        return f"{len(value)} items"
    return "" if value is None else str(value)
