"""The embedded store: Ladybug on disk, no server. It owns the gotchas measured in stores.md."""

from __future__ import annotations

import logging
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import ladybug as lb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..arrow import ARROW_TYPES
from ..ddl import LADYBUG_MACROS, ladybug_ddl
from ..errors import QueryTimeout, SchemaOutdated, StoreError, StoreUnavailable
from ..schema import Schema
from .base import (
    PLAIN,
    ROWS,
    BulkItem,
    Row,
    Store,
    _filled_columns,
    _uniform,
    bulk_items,
    declared_properties,
    normalise_value,
)

log = logging.getLogger("creditgraph.store.embedded")

# One writer at a time per database, whatever thread asks (stores.md: concurrency).
_WRITE_LOCK = threading.RLock()


def _is_wal_failure(exc: Exception) -> bool:
    text = str(exc).lower()
    return "wal" in text and ("checksum" in text or "replay" in text or "corrupt" in text)


_MISSING_TABLE = re.compile(r"Binder exception: Table (\w+) does not exist")


def _map_error(
    exc: Exception, cypher: str, path: Path | None = None, declared: Iterable[str] = ()
) -> StoreError:
    text = str(exc)
    if "Interrupted" in text:
        return QueryTimeout("the query ran past the store's time limit and was stopped")
    missing = _MISSING_TABLE.search(text)
    if missing and missing.group(1) in declared:
        return SchemaOutdated(
            f"the database at {path} has no {missing.group(1)} table (an older creditgraph built it, or it was "
            "never initialised); "
            "run `creditgraph init` on it (declares the new tables, keeps every record), then start again",
            missing.group(1),
        )
    log.debug("ladybug error on %s: %s", cypher.split(" ", 1)[0], text)
    return StoreError(f"the embedded store rejected the statement: {text.splitlines()[0][:200]}")


class EmbeddedStore(Store):
    backend = "embedded"

    def __init__(
        self,
        path: str | Path,
        *,
        schema: Schema | None = None,
        read_only: bool = False,
        query_timeout_ms: int = 30_000,
        batch_size: int = 10_000,
        bulk_dir: Path | None = None,
    ) -> None:
        super().__init__(schema, batch_size)
        self.path = Path(path)
        self.bulk_dir = bulk_dir  # keep the Parquet files bulk_load writes (benchmarks compare a bare COPY)
        self.read_only = read_only
        self.query_timeout_ms = query_timeout_ms
        self._local = threading.local()
        self._connections: list[lb.Connection] = []
        self._db = self._open()

    def _open(self) -> lb.Database:
        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailable(
                    f"cannot create the database folder {self.path.parent}: {exc.strerror}"
                ) from None
        elif not self.path.exists():
            raise StoreUnavailable(f"no database at {self.path}: run `creditgraph init` first")
        try:
            return lb.Database(str(self.path), read_only=self.read_only)
        except RuntimeError as exc:
            if _is_wal_failure(exc):
                # Seen once in ~180 kill tests (stores.md): the WAL's tail failed its checksum.
                # Committed batches survive a replay that skips the broken tail; say so loudly.
                log.warning(
                    "write-ahead log of %s failed to replay (%s); reopening without the damaged tail. "
                    "Every committed batch is kept; re-run the last interrupted command.",
                    self.path,
                    str(exc).splitlines()[0][:120],
                )
                return lb.Database(
                    str(self.path), read_only=self.read_only, throw_on_wal_replay_failure=False
                )
            if "lock" in str(exc).lower():
                raise StoreUnavailable(
                    f"the database at {self.path} is in use by another process (one writer at a time): "
                    "reads work beside it; to write, stop that process (a `creditgraph serve`, a load) "
                    "and run the command again"
                ) from None
            raise StoreUnavailable(
                f"cannot open the database at {self.path}: {str(exc).splitlines()[0]}"
            ) from None

    # -- connections -----------------------------------------------------------------------
    def _conn(self) -> lb.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = lb.Connection(self._db)
            if self.query_timeout_ms:
                conn.set_query_timeout(self.query_timeout_ms)
            self._local.conn = conn
            self._connections.append(conn)
        return conn

    def _discard_conn(self) -> None:
        """A connection whose BEGIN was rejected must never be used again (it can segfault)."""
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            self._connections.remove(conn)

    def has_tables(self) -> bool:
        """Whether the database holds any table: told apart from one never initialised."""
        return bool(self.run("CALL show_tables() RETURN name LIMIT 1"))

    def create_schema(self) -> None:
        existing = {r["name"] for r in self.run("CALL show_tables() RETURN name")}
        with _WRITE_LOCK:
            for stmt in ladybug_ddl(self.schema):
                self.run(stmt, write=True)
            for stmt in LADYBUG_MACROS.values():
                try:
                    self.run(stmt, write=True)
                except StoreError as exc:  # macros have no IF NOT EXISTS
                    if "already exists" not in str(exc):
                        raise
        created = [n for n in self.schema.nodes if n not in existing]
        if created:
            log.info("declared %d node tables", len(created))

    def defer_checkpoint(self) -> None:
        """Close without a checkpoint: the writes stay committed in the WAL (stores.md).

        Closing checkpoints by default, and a checkpoint after a small batch into a big graph
        rewrites every column chunk and adjacency region the batch touched: ~3.5 s for a 10k-row
        batch into a million subjects, against ~2.8 s for the batch itself. Deferred, it happens
        once for several batches: when the WAL passes Ladybug's threshold (16 MB) during a
        write, when another writer closes, or on :meth:`checkpoint`. Until then every open
        replays the WAL (~0.1 s a MB).
        """
        if not self.read_only:
            self.run("CALL force_checkpoint_on_close=false")

    def checkpoint(self) -> None:
        if not self.read_only:
            with _WRITE_LOCK:
                self.run("CHECKPOINT")

    def warm_files(self, stop: Callable[[], bool] = lambda: False) -> int:
        """Read the database file (and its write-ahead log) once, so the first statements find their
        pages in memory: on 15M subjects the first reappearance scan took 10.2 s with the file on
        disk and 4.0-5.0 s with it in the page cache, and reading the 10 GB file took 5.2 s.

        A child process reads them (``pagecache.py``: reading them here would release this
        process's lock on the database); ``stop`` is asked every 50 ms and ends the child."""
        files = [str(p) for p in (self.path, Path(f"{self.path}.wal")) if p.is_file()]
        if not files:
            return 0
        reader = Path(__file__).with_name("pagecache.py")
        child = subprocess.Popen(
            [sys.executable, str(reader), *files], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        while child.poll() is None:
            if stop():
                child.kill()
                child.wait()
                return 0
            time.sleep(0.05)
        out = child.stdout.read() if child.stdout else b""
        return int(out) if child.returncode == 0 and out.strip().isdigit() else 0

    def close(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()
        self._local = threading.local()
        self._db.close()

    # -- statements ------------------------------------------------------------------------
    @cached_property
    def _declared(self) -> dict[str, tuple[str, ...]]:
        return declared_properties(self.schema)

    def _execute(self, cypher: str, params: dict[str, Any] | None) -> Any:
        try:
            return self._conn().execute(cypher, params or {})
        except RuntimeError as exc:
            if "transaction" in str(exc).lower() and "begin" in str(exc).lower():
                self._discard_conn()
            raise _map_error(
                exc, cypher, self.path, (*self.schema.nodes, *self.schema.relationships)
            ) from None

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[Row]:
        if write:
            with _WRITE_LOCK:
                try:
                    result = self._execute(cypher, params)
                finally:  # after the write: an answer read while it ran is not kept past it
                    self.generation += 1
        else:
            result = self._execute(cypher, params)
        cols = result.get_column_names()
        declared = self._declared
        rows = [
            dict(
                zip(cols, [v if type(v) in PLAIN else normalise_value(v, declared) for v in row], strict=True)
            )
            for row in result.get_all()
        ]
        result.close()
        return rows

    def query_arrow(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        result = self._execute(cypher, params)
        table = result.get_as_arrow()
        result.close()
        return table

    def _upsert_node_batch(
        self,
        label: str,
        batch: Sequence[Row],
        *,
        placeholder: bool,
        complete: bool,
        existing: Container[str] | None,
    ) -> int:
        """Look the keys up, ``CREATE`` the new nodes and ``MATCH … SET`` the others.

        Ladybug plans ``UNWIND … MERGE (n:L {key: …})`` as a hash join over a scan of the whole
        table: ~150-300 ms a statement on a table of a million nodes, whatever the batch holds.
        A key lookup, a ``CREATE`` and a ``MATCH … SET`` are index lookups (~10-30 ms a thousand
        rows). The write lock is held throughout, so no other writer comes between the lookup and
        the writes; a stale ``existing`` hint still ends in the MERGE form, never in a wrong graph.
        """
        keys = [r["key"] for r in batch]
        if len(set(keys)) != len(keys):  # MERGE folds repeats of a key in order; CREATE cannot
            return super()._upsert_node_batch(
                label, batch, placeholder=placeholder, complete=complete, existing=existing
            )
        with _WRITE_LOCK:
            known = existing if existing is not None else self.existing_nodes(label, keys)
            new = [r for r in batch if r["key"] not in known]
            old, touched = (
                ([], set())
                if placeholder
                else self._changing(label, [r for r in batch if r["key"] in known], complete)
            )
            try:
                created = self._node_write(label, new, "create", placeholder=placeholder, complete=complete)
                matched = self._node_write(
                    label,
                    old,
                    "set",
                    placeholder=False,
                    complete=complete and "placeholder" in touched,
                    touched=touched,
                )
            except StoreError as exc:
                if "duplicated primary key" not in str(exc) or existing is None:
                    raise
                created, matched = 0, -1  # the hint was stale: MERGE whatever remains
            if created != len(new) or matched != len(old):
                return super()._upsert_node_batch(
                    label, batch, placeholder=placeholder, complete=complete, existing=None
                )
        return len(batch)

    def _changing(self, label: str, rows: Sequence[Row], complete: bool) -> tuple[list[Row], set[str]]:
        """The rows that would change an existing node, each with only the values that differ
        (the others None, which a SET keeps), and the columns that change at all (``label`` and
        ``placeholder`` included). A SET that writes a value already stored changes nothing in
        the graph, but Ladybug rewrites every column it touched at the next checkpoint (~0.05 s a
        column on a table of a million nodes): re-delivered records are left alone."""
        if not rows:
            return [], set()
        props = [c for c in _filled_columns(rows, ()) if c not in ("key", "label", "placeholder")]
        fields = ", ".join(
            ["n.key AS key", "n.label AS label", "n.placeholder AS placeholder"]
            + [f"n.{c} AS {c}" for c in props]
        )
        current = {
            r["key"]: r
            for r in self.run(
                f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN {fields}",
                {"keys": [r["key"] for r in rows]},
            )
        }
        out: list[Row] = []
        touched: set[str] = set()
        for row in rows:
            now = current.get(row["key"])
            if now is None:  # gone since the lookup: the SET's count sends the batch to MERGE
                out.append(row)
                touched.update(("label", "placeholder", *props))
                continue
            diff = [c for c in props if row.get(c) is not None and row[c] != now[c]]
            if now["label"] != label:
                diff.append("label")
            if complete and now["placeholder"] is not False:
                diff.append("placeholder")
            if diff:
                out.append({"key": row["key"], **{c: row[c] for c in diff if c in props}})
                touched.update(diff)
        return out, touched

    def _node_write(
        self,
        label: str,
        rows: Sequence[Row],
        how: str,
        *,
        placeholder: bool,
        complete: bool,
        touched: set[str] | None = None,
    ) -> int:
        if not rows:
            return 0
        columns = _filled_columns(rows, ("key",))
        dates = self._dates(label, columns)
        props = [c for c in columns if c not in ("key", "label", "placeholder")]
        value = {c: f"date(r.{c})" if c in dates else f"r.{c}" for c in props}
        mark = "true" if placeholder else "false" if complete else None
        if how == "create":
            fields = ["key: r.key", f"label: '{label}'", *(f"{c}: {value[c]}" for c in props)]
            if mark:
                fields.append(f"placeholder: {mark}")
            cypher = f"{ROWS} CREATE (n:{label} {{{', '.join(fields)}}}) RETURN count(n) AS c"
        else:
            sets = [f"n.{c} = coalesce({value[c]}, n.{c})" for c in props]
            if touched is None or "label" in touched:
                sets.insert(0, f"n.label = '{label}'")
            if mark:
                sets.append(f"n.placeholder = {mark}")
            cypher = f"{ROWS} MATCH (n:{label} {{key: r.key}}) SET {', '.join(sets)} RETURN count(n) AS c"
        return self._write_batch(cypher, _uniform(rows, columns, dates))

    def _write_batch(self, cypher: str, rows: Sequence[Row]) -> int:
        """Run a batch statement with its rows as an Arrow table (``LOAD FROM``), not a list
        parameter (``UNWIND``): about twice as fast in the store, and the driver no longer walks
        every value to type the parameter (stores.md)."""
        if not rows or not cypher.startswith(ROWS):
            return super()._write_batch(cypher, rows)
        text, param = _reading_rows(cypher, rows, "rows")
        out = self.run(text, {"rows": param}, write=True)
        return int(out[0]["c"]) if out else 0

    def _write_batches(self, statements: Sequence[tuple[str, Sequence[Row]]]) -> list[int]:
        """One ``UNION ALL`` statement for batches that write different tables, each part's count
        tagged with its place: a statement costs ~10 ms before its first row on a big graph, and
        planning one right after a write to its relationship group re-reads the group's degree
        statistics (~4 ms), so a file's links (up to six tables) go out as one (stores.md)."""
        todo = [(i, cypher, rows) for i, (cypher, rows) in enumerate(statements) if rows]
        if len(todo) < 2 or not all(
            cypher.startswith(ROWS) and _COUNTED.search(cypher) for _, cypher, _ in todo
        ):
            return super()._write_batches(statements)
        parts, params = [], {}
        for i, cypher, rows in todo:
            text, params[f"rows{i}"] = _reading_rows(cypher, rows, f"rows{i}")
            parts.append(_COUNTED.sub(rf"RETURN {i} AS part, count(\1) AS c", text))
        counts = [0] * len(statements)
        for row in self.run(" UNION ALL ".join(parts), params, write=True):
            counts[row["part"]] = int(row["c"])
        return counts

    node_handle = "offset"

    def export_edges(
        self, rel_types: Iterable[str], properties: Sequence[str] = (), *, node_ids: bool = False
    ) -> pa.Table:
        """One Arrow query per relationship type (not per endpoint pair) returning node offsets,
        not keys: ~2.5x faster on a million-node graph, where keys are 64-character hashes. The
        keys are then taken from one ``offset, key`` scan per endpoint label, in Arrow. The write
        lock is held throughout, so no write of this process comes between those scans (other
        processes only read); an offset without a key would still fall back to the key query.
        With ``node_ids`` the ends stay offsets (int64; a node is its label and offset) and no
        key is read: risk propagation joins them to ``risk_stored``'s ``_id`` by integer."""
        with _WRITE_LOCK:
            return self._export_edges(list(rel_types), list(properties), node_ids)

    def _export_edges(self, rel_types: list[str], properties: list[str], node_ids: bool = False) -> pa.Table:
        tables = {}
        for rel_type in rel_types:
            rel = self.schema.rel(rel_type)
            props = "".join(f", r.{p} AS {p}" for p in properties if p in rel.properties)
            table = self.query_arrow(
                f"MATCH (a)-[r:{rel_type}]->(b) RETURN label(a) AS src_label, offset(id(a)) AS src, "
                f"label(b) AS dst_label, offset(id(b)) AS dst{props}"
            )
            if table.num_rows:
                tables[rel_type] = table
        if node_ids:
            return self._edges_by_offset(tables, properties)
        labels = sorted(
            {
                name
                for t in tables.values()
                for c in ("src_label", "dst_label")
                for name in pc.unique(t[c]).to_pylist()
            }
        )
        # every key of the endpoint labels in one array; a label's node at offset o is at[label][o]
        keys, at, base = [], {}, 0
        for name in labels:
            self.schema.node(name)  # interpolated only once the schema knows it
            t = self.query_arrow(f"MATCH (n:{name}) RETURN offset(id(n)) AS o, n.key AS k")
            o = t["o"].to_numpy()
            where = np.full(int(o.max()) + 1 if len(o) else 0, -1, dtype=np.int64)
            where[o] = np.arange(len(o)) + base
            at[name] = where
            keys.append(t["k"])
            base += t.num_rows
        all_keys = (
            pa.chunked_array([c for k in keys for c in k.chunks], pa.string()).combine_chunks()
            if keys
            else None
        )

        def keys_of(label: pa.ChunkedArray, offset: pa.ChunkedArray) -> pa.Array:
            encoded = pc.dictionary_encode(label).combine_chunks()
            code = encoded.indices.to_numpy(zero_copy_only=False)
            offset = offset.to_numpy()
            index = np.empty(len(offset), dtype=np.int64)
            for i, name in enumerate(encoded.dictionary.to_pylist()):
                rows = code == i
                mine, where = offset[rows], at[name]
                if len(mine) and (mine.max() >= len(where) or (where[mine] < 0).any()):
                    raise LookupError(name)
                index[rows] = where[mine]
            return all_keys.take(pa.array(index))

        parts = []
        for rel_type, table in tables.items():
            src_label, dst_label = table["src_label"], table["dst_label"]
            try:
                src, dst = keys_of(src_label, table["src"]), keys_of(dst_label, table["dst"])
            except LookupError:
                parts.append(super().export_edges([rel_type], properties))
                continue
            columns = {
                "type": pa.array([rel_type] * table.num_rows, pa.string()),
                "src_label": src_label,
                "src": src,
                "dst_label": dst_label,
                "dst": dst,
            }
            n = table.num_rows  # a property the type lacks is NULL (typed by the others on concat)
            props = {p: table[p] if p in table.column_names else pa.nulls(n) for p in properties}
            parts.append(pa.table({**columns, **props}))
        parts = [p for p in parts if p.num_rows]
        if not parts:
            return super().export_edges([], properties)
        return pa.concat_tables(parts, promote_options="permissive")

    def _edges_by_offset(self, tables: dict[str, pa.Table], properties: list[str]) -> pa.Table:
        """The export's shape with node offsets (int64) for ``src`` and ``dst``."""
        parts = []
        for rel_type, table in tables.items():
            n = table.num_rows
            columns = {
                "type": pa.array([rel_type] * n, pa.string()),
                "src_label": table["src_label"],
                "src": table["src"].cast(pa.int64()),
                "dst_label": table["dst_label"],
                "dst": table["dst"].cast(pa.int64()),
            }
            props = {p: table[p] if p in table.column_names else pa.nulls(n) for p in properties}
            parts.append(pa.table({**columns, **props}))
        if not parts:
            fields = [(c, pa.string()) for c in ("type", "src_label", "dst_label")]
            fields += [("src", pa.int64()), ("dst", pa.int64())]
            return pa.schema(fields + [(p, pa.null()) for p in properties]).empty_table()
        return pa.concat_tables(parts, promote_options="permissive")

    def set_properties_table(self, label: str, table: pa.Table, columns: Sequence[str]) -> int:
        """``LOAD FROM`` the Arrow table in one statement: ~5-10x the UNWIND form's ~20k rows/s.

        Non-DATE columns only (the rest goes through ``set_properties``); a NULL clears.
        """
        if not table.num_rows:
            return 0
        props = self._settable(label, columns)
        if any(props[c].type == "DATE" for c in columns):
            return super().set_properties_table(label, table, columns)
        rows = table.select(["key", *columns])
        sets = ", ".join(f"n.{c} = {c}" for c in columns)
        out = self.run(
            f"LOAD FROM $rows MATCH (n:{label} {{key: key}}) SET {sets} RETURN count(n) AS c",
            {"rows": rows},
            write=True,
        )
        return int(out[0]["c"]) if out else 0

    def bulk_load(
        self,
        nodes: Mapping[str, pa.Table] | Iterable[BulkItem],
        rels: Iterable[tuple[str, str, str, pa.Table]],
        progress: Callable[[], None] | None = None,
    ) -> None:
        """``COPY`` from Parquet written here: the fast path for first loads (stores.md).

        Relationship tables arrive as ``graph_model.arrow.rel_table`` builds them: src, dst, then
        every declared property in order, which is how ``COPY`` maps a rel file.

        A table may come in parts: each part is appended to the table's Parquet file on disk, and
        the table is copied once, when the caller says it is complete ((label,) or (type, src,
        dst)) or at the end (node tables first), so a province-sized table is never in memory
        whole. A part of a node table copied already is merged (``_append_part``). Node parts are
        written with every declared property, so parts with different columns make one file.

        Each ``COPY`` runs single-threaded on a connection of its own: ladybug 0.22's parallel
        ``COPY`` into a node table with a string key hung for good, at random, from ~150k rows of
        Chinese address keys (1 thread never did, and costs little here on 2 cores).

        The ``COPY`` statements run in order on a thread of their own (ladybug releases the GIL
        while it copies), so the caller's lazily built parts are made on the other core while the
        previous table is being copied; the caller closes a relationship table only once both its
        end tables are closed. ``progress`` is called from that thread after each table.
        """
        conn = lb.Connection(self._db)
        conn.set_max_threads_for_exec(1)
        todo: queue.Queue[str | None] = queue.Queue()  # statements only: the tables are on disk by then
        failed: list[BaseException] = []

        def copier() -> None:
            while (statement := todo.get()) is not None:
                try:
                    if not failed:  # else drain: the producer stops at its next put
                        conn.execute(statement)
                        if progress:
                            progress()
                except BaseException as exc:  # handed to the producer, raised there
                    failed.append(_map_error(exc, statement) if isinstance(exc, RuntimeError) else exc)
                finally:
                    todo.task_done()

        def submit(statement: str) -> None:
            if failed:
                raise failed[0]
            todo.put(statement)

        with _WRITE_LOCK, TemporaryDirectory(prefix="creditgraph-copy-") as scratch:
            tmp = Path(self.bulk_dir or scratch)
            tmp.mkdir(parents=True, exist_ok=True)
            filled = {label for label in self.schema.nodes if self._holds_rows(label)}
            writing: dict[tuple[str, ...], _OpenTable] = {}  # tables with parts on disk, not copied yet
            worker = threading.Thread(target=copier, name="creditgraph-copy", daemon=True)
            worker.start()

            def close(name: tuple[str, ...]) -> None:
                table = writing.pop(name, None)
                if table is None:
                    return
                table.writer.close()
                if len(name) == 1:
                    filled.add(name[0])
                submit(table.statement)

            try:
                for item in bulk_items(nodes, rels):
                    if len(item) in (1, 3):  # the caller's word that a table is complete
                        close(tuple(item))  # type: ignore[arg-type]
                        continue
                    if len(item) == 2:
                        label, table = item
                        self.schema.node(label)
                        if label in filled:
                            if table.num_rows:
                                todo.join()  # the copies before it first, then the rows through MERGE
                                if failed:
                                    raise failed[0]
                                self._append_part(label, table)
                            submit("RETURN 1")  # keeps progress in step
                            continue
                        name: tuple[str, ...] = (label,)
                        table = _full_node_table(self.schema, label, table)
                        if name not in writing:
                            path = tmp / f"1-{label}.parquet"
                            head = f"COPY {label}({', '.join(table.column_names)}) FROM '{path}'"
                            writing[name] = _OpenTable(path, table.schema, head)
                    else:
                        rel_type, src, dst, table = item
                        self.schema.rel(rel_type).pair_for(src, dst)
                        table = table.rename_columns(["from", "to", *table.column_names[2:]])
                        name = (rel_type, src, dst)
                        if name not in writing:
                            path = tmp / f"2-{rel_type}-{src}-{dst}.parquet"
                            statement = f"COPY {rel_type} FROM '{path}' (from='{src}', to='{dst}')"
                            writing[name] = _OpenTable(path, table.schema, statement)
                    if table.num_rows:
                        writing[name].writer.write_table(table)
                for name in sorted(writing, key=len):  # node tables (1 word) before relationships
                    close(name)
            finally:
                for table in writing.values():
                    table.writer.close()
                todo.put(None)
                worker.join()
                conn.close()
                self.generation += 1
            if failed:
                raise failed[0]

    def _holds_rows(self, label: str) -> bool:
        return bool(self.run(f"MATCH (n:{label}) RETURN n.key AS k LIMIT 1"))

    def _append_part(self, label: str, table: pa.Table) -> None:
        """A later part of a node table, written through MERGE instead of ``COPY``.

        Ladybug 0.22.0 loses some keys of a string primary-key index when ``COPY`` appends to a
        node table that holds rows (a relationship ``COPY`` then fails with "Unable to find primary
        key value", and a lookup by key misses the node; tests/graph_model/test_embedded_store.py shows it), so
        the bulk path copies each node table once and writes what comes after as the incremental
        path does. The bulk writer (ingest/records/bulk.py) holds the labels several files add to,
        so this stays the rare case (placeholders a late file needs)."""
        rows = table.drop_columns([c for c in ("label",) if c in table.column_names]).to_pylist()
        for flag in (False, True):
            part = [
                {k: v for k, v in r.items() if k != "placeholder"}
                for r in rows
                if bool(r.get("placeholder")) is flag
            ]
            self.upsert_nodes(label, part, placeholder=flag)


class _OpenTable:
    """A table being written to Parquet part by part, and the ``COPY`` that loads it once complete."""

    def __init__(self, path: Path, schema: pa.Schema, statement: str) -> None:
        self.path = path
        self.writer = pq.ParquetWriter(path, schema)
        self.statement = statement


def _full_node_table(schema: Schema, label: str, table: pa.Table) -> pa.Table:
    """A node part with every declared property in the schema's order (nulls where the part has
    none), so every part of a label has one Parquet schema; ``label`` set on every row."""
    props = schema.node(label).properties
    n = table.num_rows
    columns = {}
    for name, prop in props.items():
        typ = ARROW_TYPES[prop.type]
        if name == "label":
            columns[name] = pa.array([label] * n, pa.string())
        elif name in table.column_names:
            columns[name] = table.column(name).cast(typ)
        else:
            columns[name] = pa.nulls(n, typ)
    return pa.table(columns)


#: How every batch statement ends (the rows it wrote); a part of a UNION ALL says which it is.
_COUNTED = re.compile(r"RETURN count\((\w+)\) AS c$")


def _reading_rows(cypher: str, rows: Sequence[Row], name: str) -> tuple[str, Any]:
    """A batch statement reading its rows from an Arrow table (``LOAD FROM``) as the same ``r``
    struct the ``UNWIND`` form gives, and that table; rows Arrow cannot type (mixed types in a
    column, a column with no value at all) keep the list form."""
    body = cypher[len(ROWS) :]
    try:
        table = pa.Table.from_pylist(list(rows))
    except (pa.ArrowException, TypeError, ValueError):
        return f"UNWIND ${name} AS r{body}", list(rows)
    if any(pa.types.is_null(f.type) for f in table.schema):
        return f"UNWIND ${name} AS r{body}", list(rows)
    fields = ", ".join(f"`{c}`: `{c}`" for c in table.column_names)
    return f"LOAD FROM ${name} WITH {{{fields}}} AS r{body}", table
