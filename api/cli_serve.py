"""``creditgraph serve``, ``apikey``, ``audit``: thin wrappers over the API's own service functions
(api/security.py, api/audit.py), registered on the main CLI at the end of api/cli.py."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer

from creditgraph.graph_model.errors import NotFound

from .audit import export, verify
from .config import ROLES, api_settings
from .console import err, friendly_errors, out, parse_date, print_json
from .logsafe import uvicorn_log_config
from .security import create_key, list_keys, revoke_key

apikey_app = typer.Typer(
    help="Create, list and revoke API keys (only their hashes are stored).", no_args_is_help=True
)
audit_app = typer.Typer(help="Check and export the hash-chained audit log.", no_args_is_help=True)


@friendly_errors
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="uvicorn worker processes")] = 1,
    log_level: Annotated[str, typer.Option(help="critical, error, warning, info, debug")] = "info",
) -> None:
    """Serve the HTTP API with uvicorn (docs at /docs, no network needed)."""
    import uvicorn

    settings = api_settings()
    if workers > 1 and settings.backend == "embedded" and not settings.read_only:
        # The embedded database admits one read-write process; several read-only ones are fine.
        os.environ["CREDITGRAPH_READ_ONLY"] = "true"
        err.print(
            f"[yellow]note:[/yellow] {workers} workers on the embedded store: opened read-only "
            "(objections need --workers 1 or Neo4j)",
            highlight=False,
        )
    uvicorn.run(
        "creditgraph.api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=uvicorn_log_config(log_level),
        log_level=log_level,
        access_log=False,  # its lines carry the raw query string; api.logsafe logs the route instead
        proxy_headers=False,
        server_header=False,
    )


@apikey_app.command("create")
@friendly_errors
def apikey_create(
    role: Annotated[str, typer.Option(help=f"one of {', '.join(ROLES)}")],
    name: Annotated[str, typer.Option(help="who holds the key (shown in the audit log)")],
) -> None:
    """Create a key, store its SHA-256 in the keys file and print the key once."""

    path = api_settings().api_keys_file
    key = create_key(path, role=role, name=name)
    err.print(f"key for {name} ({role}) added to {path}; it is shown once, keep it safe:", highlight=False)
    sys.stdout.write(key + "\n")


@apikey_app.command("list")
@friendly_errors
def apikey_list(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Names and roles of the keys in the keys file (never the keys)."""

    keys = list_keys(api_settings().api_keys_file)
    if as_json:
        print_json(keys)
        return
    for k in keys:
        out.print(f"{k['name']}\t{k['role']}\t{k.get('created_at') or ''}", highlight=False)


@apikey_app.command("revoke")
@friendly_errors
def apikey_revoke(name: Annotated[str, typer.Option(help="the key's name")]) -> None:
    """Remove a key from the keys file; a running server stops accepting it at once."""

    if not revoke_key(api_settings().api_keys_file, name=name):
        raise NotFound(f"no key named {name!r}")
    out.print(f"revoked {name}", highlight=False)


@audit_app.command("verify")
@friendly_errors
def audit_verify() -> None:
    """Walk the hash chain; exit 1 at the first record that was altered, inserted or removed."""

    path = api_settings().audit_log
    verdict = verify(path)
    if verdict.ok:
        sys.stdout.write(f"audit log {path}: {verdict.records} records, chain intact\n")
        sys.stdout.write(f"last hash {verdict.last_hash} (keep it elsewhere to detect a cut tail)\n")
        return
    err.print(
        f"[red]audit log {path} is broken at line {verdict.broken_at}:[/red] {verdict.reason} "
        f"({verdict.records} records before it verify)",
        highlight=False,
    )
    raise typer.Exit(1)


@audit_app.command("export")
@friendly_errors
def audit_export(
    since: Annotated[str | None, typer.Option(help="first day to include, YYYY-MM-DD (UTC)")] = None,
    force: Annotated[bool, typer.Option(help="export even if the chain does not verify")] = False,
) -> None:
    """Print the records since a date as JSON lines, after checking the chain."""

    day = parse_date(since, "--since")
    path = api_settings().audit_log
    verdict = verify(path)
    if not verdict.ok and not force:
        err.print(
            f"[red]audit log {path} is broken at line {verdict.broken_at}:[/red] {verdict.reason}; "
            "run `creditgraph audit verify`, or export anyway with --force",
            highlight=False,
        )
        raise typer.Exit(1)
    for rec in export(path, day):
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
