"""The ``creditgraph ingest`` sub-app: one command per kind of input (policies, records).

Each input's module adds its command here (``@ingest_app.command("policies")`` in
api/cli_policy.py); api/cli.py mounts the sub-app once.
"""

from __future__ import annotations

import typer

ingest_app = typer.Typer(
    name="ingest",
    help="Load inputs into the graph (loading the same input twice changes nothing).",
    no_args_is_help=True,
)
