"""``creditgraph export shared`` and ``creditgraph ingest shared``: the exchange files of the credit
platforms out of and into the graph, thin over ``service.sharing`` and ``ingest.shared``."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store
from creditgraph.service import sharing

from .cli_records import AsOf, Json, parse_date
from .console import friendly_errors, out, print_json


@friendly_errors
def export_shared(
    folder: Annotated[Path, typer.Argument(help="where the exchange files go")],
    since: Annotated[
        str,
        typer.Option(
            "--since", help="records decided, listed, repaired, removed or corrected on or after this date"
        ),
    ],
    until: Annotated[
        str | None, typer.Option("--until", help="… and on or before this date (default today)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv (the record contract's files) or json")] = "csv",
    unmasked: Annotated[
        bool, typer.Option("--unmasked", help="persons' citizen IDs in full (for the platforms' import)")
    ] = False,
) -> None:
    """Write the violations and list entries that changed in a period, for the credit platforms (电子商务意见 (九))."""
    if fmt not in ("csv", "json"):
        raise InputError(f"--format must be csv or json, not {fmt!r}")
    start = parse_date(since, "--since")
    with open_store(read=True) as store:
        files = sharing.export(store, start, parse_date(until, "--until"), unmasked=unmasked)
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        columns = sharing.FILES[name][1]
        if fmt == "json":
            target = folder / name.replace(".csv", ".json")
            target.write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
            continue
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    counts = ", ".join(f"{name} {len(rows):,}" for name, rows in files.items())
    out.print(
        f"exchange files since {start} ({fmt}{', unmasked' if unmasked else ''}) in {folder}: {counts}",
        soft_wrap=True,
    )


@friendly_errors
def ingest_shared(
    folder: Annotated[Path, typer.Argument(help="a folder of exchange files (.csv or .json)")],
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Load exchange files (CSV or JSON) written by `export shared` or a credit platform: the record contract's rules apply."""
    from creditgraph.ingest.records.loader import load_records  # the loader loads pandas: not for `--help`
    from creditgraph.ingest.shared import as_contract_batch

    with tempfile.TemporaryDirectory(prefix="creditgraph-shared-") as tmp:
        batch = as_contract_batch(folder, Path(tmp) / "batch")
        with open_store(Settings(), create=True) as store:
            summary = load_records(
                store,
                batch,
                rejects_path=folder / "rejects.csv",
                as_of=parse_date(as_of),
                progress=not as_json,
            )
    if as_json:
        print_json(summary.as_dict())
        return
    for f in summary.files:
        out.print(
            f"{f.file}: read {f.read:,}, loaded {f.loaded:,}, updated {f.updated:,}, rejected {f.rejected:,}"
        )
    if summary.rejected:
        out.print(f"rejected rows: {folder / 'rejects.csv'}")
