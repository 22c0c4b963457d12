"""Policy commands: ``ingest policies``, ``policies regenerate``, ``responsible`` and ``tasks``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from creditgraph.graph_model.errors import InputError, StoreError
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store
from creditgraph.service import policy

from .cli_ingest import ingest_app
from .console import friendly_errors, out, parse_date, print_json

policies_app = typer.Typer(
    name="policies", help="The policy extraction shipped with creditgraph.", no_args_is_help=True
)

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]


def _corpus(folder: Path | None) -> Any:
    from creditgraph.ingest.policies import PolicyFileError, parse_folder, read_policy_data

    try:
        return parse_folder(folder) if folder is not None else read_policy_data()
    except PolicyFileError as exc:
        raise InputError(str(exc)) from None


@ingest_app.command("policies")
@friendly_errors
def ingest_policies(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="a folder of policy documents (.txt, .md, .docx); default: the shipped extraction"
        ),
    ] = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Load policy documents, their tasks, the agency registry and the violation taxonomy."""
    from creditgraph.ingest.policies.graph import load_policy_corpus

    corpus = _corpus(folder)
    settings = Settings()
    with open_store(settings, create=True) as store:
        try:
            summary = load_policy_corpus(store, corpus, progress=not quiet)
        except StoreError as exc:
            missing = re.search(r"Cannot find property (\w+)", str(exc))
            if missing is None:
                raise
            raise InputError(
                f"{settings.db}: made before the policy property {missing[1]!r} existed; "
                "tables are not migrated: load into a new database (--db)"
            ) from None
    summary["source"] = str(folder) if folder is not None else "shipped policy_data.json"
    if as_json:
        print_json(summary)
        return
    table = Table("written", "count", title=f"policies from {summary['source']}")
    for kind in ("nodes", "relationships"):
        for name, n in summary[kind].items():
            table.add_row(name, f"{n:,}")
    out.print(table)
    for name, n in summary["removed"].items():
        out.print(f"removed {n} stale {name}")
    out.print(_mention_line(summary["mentions"]), highlight=False)
    if summary["unresolved"]:
        out.print(f"[yellow]{len(summary['unresolved'])} agency mentions not resolved[/yellow] (see --json)")


@policies_app.command("regenerate")
@friendly_errors
def regenerate(
    folder: Annotated[Path, typer.Argument(help="the folder of policy documents to parse")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="where to write (default: the shipped policy_data.json)")
    ] = None,
) -> None:
    """Parse a folder and write the extraction the product ships (and the jieba resources with it)."""
    from creditgraph.ingest.policies import POLICY_DATA, write_form_tokens, write_policy_data, write_userdict

    corpus = _corpus(folder)
    try:
        written = write_policy_data(corpus, out_path or POLICY_DATA)
        extra = f"; wrote {write_userdict()} and {write_form_tokens()}" if out_path is None else ""
    except OSError as exc:
        raise InputError(f"cannot write {out_path or POLICY_DATA}: {exc.strerror}") from None
    from creditgraph.ingest.policies.graph import mention_counts

    out.print(
        f"wrote {written}: {len(corpus.documents)} documents, {len(corpus.tasks)} tasks, "
        f"{len(corpus.measures)} measures; {_mention_line(mention_counts(corpus))}{extra}",
        highlight=False,
    )


def _mention_line(counts: dict[str, int]) -> str:
    """One line: where every task mention of the load landed (none is dropped)."""
    line = (
        f"{counts['total']} agency mentions: {counts['registry'] + counts['rule']} resolved to the registry "
        f"({counts['registry']} by alias, {counts['rule']} by rule), {counts['created']} to agencies "
        f"created in their jurisdiction (inferred), {counts['collective']} collective"
    )
    if counts["unresolved"]:
        line += f", {counts['unresolved']} unresolved (their document has no jurisdiction)"
    return line


def _names(mentions: list[dict[str, Any]]) -> str:
    lines = []
    for m in mentions:
        line = m["as_written"]
        if m["as_written"] != m["current"]["name"]:
            line += f" → {m['current']['name']}"
        if m["agency"].get("inferred"):
            line += " (inferred)"
        lines.append(line)
    return "\n".join(lines)


def _step(step: dict[str, Any]) -> str:
    text = f"{step['date']} {step['reform']}"
    if step["also"]:
        text += " (duties also to " + "、".join(a["name"] for a in step["also"]) + ")"
    return text


@friendly_errors
def responsible(
    violation_type: Annotated[str, typer.Argument(help="a violation type: taxonomy name, synonym or code")],
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", "-j", help="6-digit jurisdiction code")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="date (default today)")] = None,
    as_json: JsonOption = False,
) -> None:
    """Who must act on a violation type in a jurisdiction: lead and cooperating agencies, as of a date."""
    with open_store(Settings(), read=True) as store:
        result = policy.responsible(store, violation_type, jurisdiction, parse_date(as_of))
    if as_json:
        print_json(result)
        return
    vt, j = result["violation_type"], result["jurisdiction"]
    out.print(
        f"[bold]{vt['name']}[/bold] ({vt['code']}) in {j['name']} ({j['code']}) as of {result['as_of']}"
    )
    out.print(result["table"]["reason"], highlight=False)
    for t in result["tasks"]:
        doc = t["document"]
        number = f"{doc['number']} " if doc["number"] else ""
        dated = (
            f"draft for comments {doc['comments_requested_at']}"
            if doc.get("status") == "draft"
            else f"issued {doc['issued_at']}"
        )
        out.print(
            f"\n[bold]{number}{doc['title']}[/bold] ({dated}) task {t['seq']}: {t['title']}",
            highlight=False,
        )
        table = Table(
            "role", "as written", "resolved in the document", f"acting on {result['as_of']}", "reforms"
        )
        for role in ("lead", "coop"):
            for m in t[role]:
                table.add_row(
                    role,
                    m["as_written"],
                    m["agency"]["name"],
                    m["current"]["name"],
                    "\n".join(_step(s) for s in m["chain"]),
                )
        out.print(table)
        if t["collective"]:
            out.print("also named collectively: " + "、".join(t["collective"]), highlight=False)


@friendly_errors
def tasks(
    document: Annotated[
        str | None, typer.Option("--document", "-d", help="a document number (or key)")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="date for the acting agencies (default today)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The task-division tables: each task with its lead and cooperating agencies as written."""
    with open_store(Settings(), read=True) as store:
        result = policy.document_tasks(store, document, parse_date(as_of))
    if as_json:
        print_json(result)
        return
    table = Table("document", "seq", "task", "lead", "coop", show_lines=True)
    for t in result:
        doc = t["document"]
        table.add_row(
            doc["number"] or doc["key"],
            str(t["seq"]),
            t["title"],
            _names(t["lead"]),
            _names(t["coop"]) + ("\n" + "、".join(t["collective"]) if t["collective"] else ""),
        )
    out.print(table)
    out.print(f"{len(result)} tasks")
