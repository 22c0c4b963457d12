"""``creditgraph export``: files for other tools. ``export neo4j-import`` writes a contract batch as
the CSV and header files of ``neo4j-admin database import full``, Neo4j's fastest first load.

The batch goes through the same validation and mapping as ``creditgraph ingest records`` (the
loader's own functions: contract files in load order, ``validate_file``, future-date rejects,
``MAPPERS``, the bulk path's record/placeholder merge, Arrow tables typed by the schema), so an
imported graph is the graph a bulk ``ingest records`` would build. Persons, phones and accounts are
keyed by the keyed hash of their identifier: ``--secret-from-db`` takes the secret from the
configured store (Meta ``id_secret``), so keys match a graph loaded incrementally later; without
it a fresh secret is made. Either way the secret travels as the Meta node of the import, so the
imported database keys every later batch the same way.

Layout of DIR: ``nodes_<Label>.header.csv`` + ``nodes_<Label>.csv`` per label, ``rels_<TYPE>_<From>_
<To>.header.csv`` + ``.csv`` per endpoint pair, ``import-command.txt`` (the command line), and
``rejects.csv`` when rows were rejected. Header columns: ``key:ID(<Label>)`` (one id-space per
label, the key also stored as ``key``), typed properties (``name:string``, ``registered_at:date``,
``measures:string[]``), ``:LABEL``; relationships ``:START_ID(<From>)``, ``:END_ID(<To>)``,
``:TYPE`` and their typed properties.

``--run`` runs the import too, with the host's ``neo4j-admin`` (``--neo4j-admin CMD`` or
``NEO4J_ADMIN``; in a checkout ``bash scripts/neo4j.sh admin``, which runs the pinned jars against
``NEO4J_HOME_DIR``), into a stopped database; its output goes to ``DIR/import.log`` and skipped
rows to ``DIR/import.report``. A flag on the command rather than a make target: the operator who
exports is the one who imports, on the Neo4j host, where no checkout and no make need be.
"""

from __future__ import annotations

import os
import re
import secrets as secrets_mod
import shlex
import subprocess
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import typer

from creditgraph.graph_model.arrow import node_table, rel_table
from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import InputError, StoreError
from creditgraph.graph_model.identity import SECRET_KEY, ensure_secret
from creditgraph.graph_model.schema import Schema, load_schema
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store

from .cli_records import parse_date
from .console import friendly_errors, out, print_json
from .logsafe import mask_text

export_app = typer.Typer(
    name="export",
    help="Write the graph or a batch in other tools' formats (neo4j-admin import files).",
    no_args_is_help=True,
)

# schema type -> neo4j-admin import header type
NEO4J_TYPES = {
    "STRING": "string",
    "INT64": "long",
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "localdatetime",
    "STRING[]": "string[]",
}
ARRAY_DELIMITER = "|"
ARRAY_DELIMITER_STANDIN = "｜"  # an element holding the delimiter keeps a full-width bar instead
DATABASE = "neo4j"
REPORT_FILE = "import.report"  # the rows neo4j-admin skipped, if any
LOG_FILE = "import.log"  # what neo4j-admin printed, when run by --run


@dataclass
class ImportFiles:
    """What an export wrote: (header, data) pairs per node label and per relationship pair."""

    out_dir: Path
    nodes: dict[str, tuple[Path, Path, int]] = field(default_factory=dict)  # label -> header, data, rows
    rels: dict[tuple[str, str, str], tuple[Path, Path, int]] = field(default_factory=dict)
    rejected: int = 0
    replaced_delimiters: int = 0
    multiline: bool = False
    read: int = 0
    errors: list[str] = field(default_factory=list)  # files left out (a required column missing)

    def admin_args(self, database: str = DATABASE, *, overwrite: bool = False) -> list[str]:
        """The arguments after ``neo4j-admin`` for these files (5.26). The database name comes right
        after ``full``: ``--nodes``/``--relationships`` take one or more file groups, so a name at
        the end would be read as one more file ("File 'neo4j' doesn't exist")."""
        args = [
            "database",
            "import",
            "full",
            database,
            "--id-type=string",
            f"--array-delimiter={ARRAY_DELIMITER}",
        ]
        args.append(f"--report-file={self.out_dir / REPORT_FILE}")
        if self.multiline:
            args.append("--multiline-fields=true")
        if overwrite:
            args.append("--overwrite-destination=true")
        args += [f"--nodes={h},{d}" for h, d, _ in self.nodes.values()]
        args += [f"--relationships={h},{d}" for h, d, _ in self.rels.values()]
        return args

    def command(self, database: str = DATABASE, *, overwrite: bool = False) -> str:
        """The ``neo4j-admin database import full`` command line for these files, to print."""
        args = self.admin_args(database, overwrite=overwrite)
        head = " ".join(["neo4j-admin", *args[:4]])
        return " \\\n  ".join([head, *(shlex.quote(a) for a in args[4:])])

    def summary(self) -> dict:
        return {
            "out_dir": str(self.out_dir),
            "read": self.read,
            "rejected": self.rejected,
            "nodes": {label: rows for label, (_, _, rows) in self.nodes.items()},
            "relationships": {f"{t} {s}->{d}": rows for (t, s, d), (_, _, rows) in self.rels.items()},
            "multiline_fields": self.multiline,
            "replaced_array_delimiters": self.replaced_delimiters,
            "errors": self.errors,
        }


def node_header(schema: Schema, label: str, columns: list[str]) -> list[str]:
    """``key:ID(Label)``, then each column ``name:type`` (as the schema declares it), then ``:LABEL``."""
    props = schema.node(label).properties
    head = [f"key:ID({label})"]
    head += [f"{c}:{NEO4J_TYPES[props[c].type]}" for c in columns if c != "key"]
    return [*head, ":LABEL"]


def rel_header(schema: Schema, rel_type: str, src: str, dst: str, columns: list[str]) -> list[str]:
    props = schema.rel(rel_type).properties
    head = [f":START_ID({src})", f":END_ID({dst})", ":TYPE"]
    return head + [f"{c}:{NEO4J_TYPES[props[c].type]}" for c in columns]


def _csv_line(values: list[str]) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue().encode("utf-8")


class _Writer:
    def __init__(self, files: ImportFiles) -> None:
        self.files = files

    def column(self, arr: pa.ChunkedArray) -> pa.ChunkedArray | pa.Array:
        """A column as neo4j-admin reads it: lists joined by the array delimiter, timestamps in ISO."""
        if pa.types.is_list(arr.type):
            joined_parts = []
            for chunk in arr.chunks:
                values = chunk.to_pylist()
                cleaned = []
                for v in values:
                    if not v:
                        cleaned.append(None)  # an empty list is unknown, like an empty cell
                        continue
                    items = []
                    for item in v:
                        s = "" if item is None else str(item)
                        if ARRAY_DELIMITER in s:
                            self.files.replaced_delimiters += 1
                            s = s.replace(ARRAY_DELIMITER, ARRAY_DELIMITER_STANDIN)
                        items.append(s)
                    cleaned.append(ARRAY_DELIMITER.join(items))
                joined_parts.append(pa.array(cleaned, pa.string()))
            return pa.chunked_array(joined_parts, pa.string())
        if pa.types.is_timestamp(arr.type):
            return pc.strftime(arr, format="%Y-%m-%dT%H:%M:%S")
        if (
            pa.types.is_string(arr.type)
            and not self.files.multiline
            and (
                pc.any(pc.match_substring(arr, "\n")).as_py() or pc.any(pc.match_substring(arr, "\r")).as_py()
            )
        ):
            self.files.multiline = True
        return arr

    def write(self, stem: str, header: list[str], table: pa.Table) -> tuple[Path, Path, int]:
        out_dir = self.files.out_dir
        header_path = out_dir / f"{stem}.header.csv"
        data_path = out_dir / f"{stem}.csv"
        header_path.write_bytes(_csv_line(header))
        cols = {name: self.column(table[name]) for name in table.column_names}
        table = pa.table(cols)
        with open(data_path, "wb") as fh:
            pa_csv.write_csv(
                table, fh, pa_csv.WriteOptions(include_header=False, quoting_style="needed", delimiter=",")
            )
        return header_path, data_path, table.num_rows


def export_neo4j_import(
    batch_dir: Path | str,
    out_dir: Path | str,
    *,
    secret: str,
    as_of: date | None = None,
    rejects_path: Path | str | None = None,
) -> ImportFiles:
    """Validate and map a contract batch as ``ingest records`` does; write neo4j-admin import files."""
    from creditgraph.ingest.records.bulk import merge_nodes
    from creditgraph.ingest.records.loader import contract_files, default_context, validate_and_map
    from creditgraph.ingest.records.mapping import NodeFrame, RelFrame

    schema = load_schema()
    batch_dir, out_dir = Path(batch_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in [*out_dir.glob("nodes_*.csv"), *out_dir.glob("rels_*.csv")]:
        old.unlink()  # the folder describes this export only
    rejects_file = Path(rejects_path) if rejects_path else out_dir / "rejects.csv"
    if rejects_file.exists():
        rejects_file.unlink()
    paths, _ = contract_files(batch_dir)
    ctx = default_context(secret)
    as_of = as_of or today()

    files = ImportFiles(out_dir.resolve())
    by_label: dict[str, list[NodeFrame]] = defaultdict(list)
    by_rel: dict[tuple[str, str, str], list[RelFrame]] = defaultdict(list)
    for path in paths:
        summary, frames = validate_and_map(path, ctx, as_of, rejects_file)
        files.read += summary.read
        files.rejected += summary.rejected
        if summary.error:
            files.errors.append(f"{path.name}: {summary.error}")
        if frames is None:
            continue
        for n in frames.nodes:
            by_label[n.label].append(n)
        for r in frames.rels:
            by_rel[(r.rel_type, r.src_label, r.dst_label)].append(r)

    # the secret travels with the graph, so later incremental batches key persons identically
    by_label["Meta"].append(
        NodeFrame("Meta", pd.DataFrame([{"key": SECRET_KEY, "name": SECRET_KEY, "value": secret}]))
    )
    writer = _Writer(files)
    for label, frames in by_label.items():
        merged = merge_nodes(frames)
        table = node_table(schema, label, merged)
        columns = ["key", *[c for c in table.column_names if c != "key"]]
        if label == "Meta":  # as Store.set_meta writes it: no label, no placeholder mark
            columns = ["key", "name", "value"]
        table = table.select(columns)
        table = table.append_column(":LABEL", pa.array([label] * table.num_rows, pa.string()))
        header = node_header(schema, label, columns)
        files.nodes[label] = writer.write(f"nodes_{label}", header, table)
    for (rel_type, src, dst), frames in by_rel.items():
        merge_on = frames[0].merge_on
        merged = pd.concat([f.frame for f in frames], ignore_index=True)
        merged = merged.drop_duplicates(["src", "dst", *merge_on], keep="last")
        table = rel_table(schema, rel_type, merged)
        props = [c for c in table.column_names if c not in ("src", "dst")]
        # a property no row has says nothing: leave it out of the file
        props = [p for p in props if table[p].null_count < table.num_rows]
        data = pa.table(
            {
                "src": table["src"],
                "dst": table["dst"],
                "type": pa.array([rel_type] * table.num_rows, pa.string()),
                **{p: table[p] for p in props},
            }
        )
        header = rel_header(schema, rel_type, src, dst, props)
        files.rels[(rel_type, src, dst)] = writer.write(f"rels_{rel_type}_{src}_{dst}", header, data)
    (out_dir / "import-command.txt").write_text(files.command() + "\n", encoding="utf-8")
    return files


@dataclass
class AdminImport:
    """What one run of ``neo4j-admin database import full`` reported."""

    seconds: float
    nodes: int
    relationships: int
    properties: int
    log: Path


_EXCEPTION = re.compile(r"^\s*(?:Caused by: )?[\w.$]+(?:Exception|Error): (.+)$")
_FAILURE_NOISE = ("Data statistics", "Peak memory", "WARNING", "at ", "...")
_IMPORTED = re.compile(r"Imported:\s+(\d+) nodes\s+(\d+) relationships\s+(\d+) properties")


def telling_line(output: str) -> str:
    """The one line of neo4j-admin's output that says what went wrong: what follows ``IMPORT
    FAILED`` (past its statistics), else the first exception's message, else the first line that
    speaks of an error, else the last line."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    failed = next((i for i, ln in enumerate(lines) if ln.startswith("IMPORT FAILED")), None)
    if failed is not None:
        for ln in lines[failed + 1 :]:
            if not ln.startswith(_FAILURE_NOISE):
                return ln
    for ln in lines:
        m = _EXCEPTION.match(ln)
        if m:
            return m.group(1)
    for ln in lines:
        if re.search(r"error|fail|exist|in use|unknown|invalid", ln, re.IGNORECASE):
            return ln
    return lines[-1] if lines else "no output"


def run_admin_import(
    files: ImportFiles,
    admin: Sequence[str],
    database: str = DATABASE,
    *,
    overwrite: bool = False,
    env: Mapping[str, str] | None = None,
) -> AdminImport:
    """Run neo4j-admin (``admin``: the command that starts it, e.g. ``["neo4j-admin"]`` or
    ``["bash", "scripts/neo4j.sh", "admin"]``) on the exported files. Its whole output goes to
    ``DIR/import.log``; a failure is one line (masked: the tool may quote a key) naming that file."""
    cmd = [*admin, *files.admin_args(database, overwrite=overwrite)]
    log_path = files.out_dir / LOG_FILE
    started = time.perf_counter()
    try:
        with open(log_path, "wb") as log:
            done = subprocess.run(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, check=False
            )
    except (FileNotFoundError, PermissionError) as exc:
        raise InputError(
            f"--neo4j-admin: cannot run {admin[0]!r} ({exc.strerror}); give the path of Neo4j's bin/neo4j-admin"
        ) from None
    seconds = time.perf_counter() - started
    output = log_path.read_text(encoding="utf-8", errors="replace")
    if done.returncode != 0:
        raise StoreError(
            f"neo4j-admin import into database {database!r} failed (exit {done.returncode}): "
            f"{mask_text(telling_line(output))} (its output: {log_path})"
        )
    m = _IMPORTED.search(output)
    if not m:
        raise StoreError(f"neo4j-admin finished but reported no import summary (its output: {log_path})")
    nodes, rels, props = (int(x) for x in m.groups())
    return AdminImport(seconds, nodes, rels, props, log_path)


def store_secret() -> str:
    """The configured store's keyed-hash secret (created there if it has none yet)."""

    with open_store(Settings(), create=True) as store:
        return ensure_secret(store)


@export_app.command("neo4j-import")
@friendly_errors
def neo4j_import(
    out_dir: Annotated[Path, typer.Argument(help="folder to write the CSV and header files to")],
    batch: Annotated[Path, typer.Option("--from", help="folder of contract CSV files (a batch)")],
    secret_from_db: Annotated[
        bool,
        typer.Option(
            "--secret-from-db",
            help="key persons, phones and accounts with the configured store's secret (Meta id_secret), "
            "so keys match a graph loaded incrementally later; default: a fresh secret",
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="reject event dates after this date (YYYY-MM-DD; default today)"),
    ] = None,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="rejects file (default DIR/rejects.csv)")
    ] = None,
    database: Annotated[
        str,
        typer.Option("--database", help="database to import into (in the printed command, or with --run)"),
    ] = DATABASE,
    run: Annotated[
        bool,
        typer.Option(
            "--run",
            help="run neo4j-admin on the files now (Neo4j stopped on this host, or a new database name)",
        ),
    ] = False,
    admin: Annotated[
        str | None,
        typer.Option(
            "--neo4j-admin",
            help="the command that starts neo4j-admin, for --run (default env NEO4J_ADMIN, else "
            "neo4j-admin on PATH; in a checkout: 'bash scripts/neo4j.sh admin')",
        ),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="replace the database if it exists (--overwrite-destination=true)"),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON summary")] = False,
) -> None:
    """Write a contract batch as neo4j-admin import files (validated and mapped as `ingest records`),
    and with --run import them with neo4j-admin."""

    admin_cmd = shlex.split(admin or os.environ.get("NEO4J_ADMIN") or "neo4j-admin")
    if run and not admin_cmd:
        raise InputError("--neo4j-admin: the command is empty")
    secret = store_secret() if secret_from_db else secrets_mod.token_hex(32)
    files = export_neo4j_import(batch, out_dir, secret=secret, as_of=parse_date(as_of), rejects_path=rejects)
    if files.errors and run:
        raise InputError(f"not imported: {len(files.errors)} files were left out ({'; '.join(files.errors)})")
    imported = run_admin_import(files, admin_cmd, database, overwrite=overwrite) if run else None
    if as_json:
        summary = {**files.summary(), "command": files.command(database, overwrite=overwrite)}
        if imported:
            summary["imported"] = {
                "nodes": imported.nodes,
                "relationships": imported.relationships,
                "properties": imported.properties,
                "seconds": round(imported.seconds, 3),
                "log": str(imported.log),
            }
        print_json(summary)
        return
    _print_export(files)
    if imported:
        out.print(
            f"neo4j-admin imported {imported.nodes:,} nodes and {imported.relationships:,} relationships "
            f"into database {database!r} in {imported.seconds:.1f} s (output in {imported.log})",
            highlight=False,
        )
    else:
        out.print("\nStop Neo4j (or use a new database name), then run on the Neo4j host:\n", highlight=False)
        out.print(files.command(database, overwrite=overwrite), highlight=False, soft_wrap=True)
    out.print(
        "\nThen start Neo4j and run `creditgraph init` (constraints and indexes) with NEO4J_URI set. "
        "The folder holds personal data and the database's secret: delete it after the import.",
        highlight=False,
    )


def _print_export(files: ImportFiles) -> None:
    nodes = sum(r for _, _, r in files.nodes.values())
    rels = sum(r for _, _, r in files.rels.values())
    out.print(
        f"wrote {len(files.nodes)} node files ({nodes:,} nodes) and {len(files.rels)} relationship files "
        f"({rels:,} relationships) to {files.out_dir}; {files.rejected} rows rejected",
        highlight=False,
    )
    for e in files.errors:
        out.print(f"[red]left out:[/red] {e}", highlight=False)
    if files.replaced_delimiters:
        out.print(
            f"{files.replaced_delimiters} list elements held '{ARRAY_DELIMITER}' and carry "
            f"'{ARRAY_DELIMITER_STANDIN}' instead",
            highlight=False,
        )
