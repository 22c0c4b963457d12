"""The ``creditgraph`` command line: a thin wrapper over the same service functions as the HTTP API."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from creditgraph.graph_model.identity import ensure_secret
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store

from .console import friendly_errors, out, print_json

app = typer.Typer(
    name="creditgraph",
    help="A knowledge graph of market entities, their violations and the agencies that must act.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def settings() -> Settings:
    return Settings()


@app.callback()
def main(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="embedded database path (default ./data/creditgraph.lbug; env CREDITGRAPH_DB)"
        ),
    ] = None,
) -> None:
    """Global options apply to every command."""
    if db is not None:
        os.environ["CREDITGRAPH_DB"] = str(db)


@app.command()
@friendly_errors
def init() -> None:
    """Create the database and declare the schema (running it again changes nothing)."""
    s = settings()
    with open_store(s, create=True) as store:
        ensure_secret(store)
    where = s.neo4j_uri if s.backend == "neo4j" else s.db
    out.print(f"schema ready in the {s.backend} store at {where}")


@app.command()
@friendly_errors
def status(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Count every declared label and relationship type."""
    with open_store(settings(), read=True) as store:
        counts = store.counts()
    if as_json:
        print_json(counts)
        return
    for kind in ("nodes", "relationships"):
        table = Table(kind, "count", title=kind)
        for name, n in counts[kind].items():
            table.add_row(name, f"{n:,}")
        out.print(table)


@app.command()
@friendly_errors
def checkpoint() -> None:
    """Fold the write-ahead log into the database file (incremental loads leave it for later)."""
    s = settings()
    with open_store(s, existing=True) as store:
        store.checkpoint()
    if s.backend == "neo4j":
        out.print("the Neo4j server answers; it checkpoints by itself")
    else:
        out.print(f"checkpointed the {s.backend} store")


# -- the HTTP service and its keys and audit log (api/cli_serve.py) -----------------------------
from .cli_serve import apikey_app, audit_app, serve  # noqa: E402

app.command()(serve)
app.add_typer(apikey_app, name="apikey")
app.add_typer(audit_app, name="audit")

# -- policies: ingest, regenerate the shipped extraction, who must act, tasks (api/cli_policy.py) -
from .cli_ingest import ingest_app  # noqa: E402
from .cli_policy import policies_app, responsible, tasks  # noqa: E402  (adds `ingest policies`)

app.add_typer(ingest_app, name="ingest")
app.add_typer(policies_app, name="policies")
app.command()(responsible)
app.command()(tasks)

# -- records and synthetic batches (api/cli_records.py), the alert registry (api/cli_alerts.py) ----
from .cli_alerts import alerts_app  # noqa: E402
from .cli_records import records, synth  # noqa: E402

ingest_app.command("records")(records)
app.command()(synth)
app.add_typer(alerts_app(), name="alerts")

# -- what applies to one subject on a date (api/cli_subjects.py) -------------------------------------
from .cli_subjects import intermediaries_app, measures, practitioners, trace  # noqa: E402

app.command()(measures)
app.command()(practitioners)
app.command()(trace)
app.add_typer(intermediaries_app, name="intermediaries")

# -- batch screening against the lists (api/cli_screen.py) ------------------------------------------
from .cli_screen import screen  # noqa: E402

app.command()(screen)

# -- credit reports and their verification (api/cli_report.py) ------------------------------------
from .cli_report import report, verify_report  # noqa: E402

app.command()(report)
app.command("verify-report")(verify_report)

# -- exports: neo4j-admin import files from a batch (api/cli_export.py) -------------------------
from .cli_export import export_app  # noqa: E402

app.add_typer(export_app, name="export")

# -- the credit platforms' exchange files (api/cli_sharing.py) ---------------------------------------
from .cli_sharing import export_shared, ingest_shared  # noqa: E402

export_app.command("shared")(export_shared)
ingest_app.command("shared")(ingest_shared)

# -- risk: propagate, top, explain (api/cli_risk.py) ---------------------------------------------
from .cli_risk import risk_app  # noqa: E402

app.add_typer(risk_app, name="risk")


def hoist_global_options(argv: list[str]) -> list[str]:
    """``--db PATH`` belongs before the subcommand, but people type it after it too (the README
    says every command takes it): move it to the front, wherever it was given."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--db" and i + 1 < len(argv):
            front += argv[i : i + 2]
            i += 2
            continue
        if arg.startswith("--db="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def run() -> None:
    """The ``creditgraph`` entry point."""
    app(args=hoist_global_options(sys.argv[1:]), prog_name="creditgraph")


# -- objections: the late ones, the rules, file and decide (api/cli_objections.py) -------------
from .cli_objections import objections_app  # noqa: E402

app.add_typer(objections_app, name="objections")
