"""``creditgraph risk propagate | top | explain``: thin over ``service.risk``, as the API and the client are."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from creditgraph.graph_model.privacy import mask as masked
from creditgraph.graph_model.stores import open_store
from creditgraph.service import risk, subjects

from .cli_records import AsOf, Json, SubjectIdent, SubjectKind
from .console import friendly_errors, out, parse_date, print_json

risk_app = typer.Typer(help="Related-party risk: propagate, rank, explain.", no_args_is_help=True)


@risk_app.command("propagate")
@friendly_errors
def propagate(as_of: AsOf = None, as_json: Json = False) -> None:
    """Score every subject (own records + risk spread over ties) and write the scores back."""
    with open_store(existing=True) as store:
        summary = risk.propagate(store, parse_date(as_of), progress=not as_json)
    if as_json:
        print_json(summary.as_dict())
        return
    out.print(
        f"scored {summary.scored:,} of {summary.subjects:,} subjects as of {summary.as_of} in "
        f"{summary.iterations} iterations (L1 residual {summary.residual:.1e}); {summary.seconds:.1f} s"
    )


@risk_app.command("top")
@friendly_errors
def top(
    n: Annotated[int, typer.Option("--n", min=1, max=10_000, help="how many")] = 20, as_json: Json = False
) -> None:
    """The highest propagated risk, as written back by the last `risk propagate`."""
    with open_store(read=True) as store:
        rows = masked([{**r.subject, **r.figures()} for r in risk.top(store, n)])
    if as_json:
        print_json(rows)
        return
    table = Table("rank", "kind", "key", "name", "score", "own", "list", title=f"top {n} risks")
    for r in rows:
        table.add_row(
            str(r["risk_rank"]),
            r["kind"],
            r["key"],
            r["name"] or "",
            f"{r['risk_score']:.3f}",
            f"{r['risk_own'] or 0:.3f}",
            r["list_status"] or "",
        )
    out.print(table)


@risk_app.command("explain")
@friendly_errors
def explain(
    kind: SubjectKind,
    ident: SubjectIdent,
    as_of: AsOf = None,
    as_json: Json = False,
    top_k: Annotated[int, typer.Option("--top", min=1, max=50, help="how many sources")] = 5,
) -> None:
    """Why a subject scores what it does: its own records, and the sources and paths its risk came by."""
    with open_store(read=True) as store:
        ref = subjects.resolve(store, kind, ident)
        explanation = risk.explain(store, ref, parse_date(as_of), top_k=top_k)
        text = None if as_json else subjects.name_persons(store, str(explanation))
    if as_json:
        print_json(masked(explanation.to_dict()))
    else:
        out.print(masked(text), highlight=False)
