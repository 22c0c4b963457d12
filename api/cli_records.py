"""CLI commands over record batches: ``ingest records``, ``synth``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store

from .console import friendly_errors, out, parse_date, print_json

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="answer as of this date (YYYY-MM-DD; default today)")
]
Json = Annotated[bool, typer.Option("--json", help="print JSON")]
SubjectKind = Annotated[str, typer.Argument(help="company, person, shop, platform or courier")]
SubjectIdent = Annotated[
    str, typer.Argument(help="USCC, ID number, platform_id/shop_id, courier_id or platform_id")
]


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
    from creditgraph.ingest.records.loader import load_records

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
    from creditgraph.ingest.synth import synth as make

    summary = make(out_dir, subjects=subjects, seed=seed, bad_rows=bad_rows)
    out.print(f"wrote {out_dir} ({summary.get('subjects', subjects):,} subjects; answers in truth.json)")
