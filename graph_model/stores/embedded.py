"""The embedded store: Ladybug on disk, no server. It owns the gotchas measured in stores.md."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import ladybug as lb
import pyarrow as pa
import pyarrow.parquet as pq

from ..ddl import LADYBUG_MACROS, ladybug_ddl
from ..errors import QueryTimeout, StoreError, StoreUnavailable
from ..schema import Schema
from .base import Row, Store, normalise_value

log = logging.getLogger("creditgraph.store.embedded")

# One writer at a time per database, whatever thread asks (stores.md: concurrency).
_WRITE_LOCK = threading.RLock()


def _is_wal_failure(exc: Exception) -> bool:
    text = str(exc).lower()
    return "wal" in text and ("checksum" in text or "replay" in text or "corrupt" in text)


def _map_error(exc: Exception, cypher: str) -> StoreError:
    text = str(exc)
    if "Interrupted" in text:
        return QueryTimeout("the query ran past the store's time limit and was stopped")
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
                    f"the database at {self.path} is in use by another process (one writer at a time)"
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

    def close(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()
        self._local = threading.local()
        self._db.close()

    # -- statements ------------------------------------------------------------------------
    def _execute(self, cypher: str, params: dict[str, Any] | None) -> Any:
        try:
            return self._conn().execute(cypher, params or {})
        except RuntimeError as exc:
            if "transaction" in str(exc).lower() and "begin" in str(exc).lower():
                self._discard_conn()
            raise _map_error(exc, cypher) from None

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
        rows = [dict(zip(cols, (normalise_value(v) for v in row), strict=True)) for row in result.get_all()]
        result.close()
        return rows

    def query_arrow(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        result = self._execute(cypher, params)
        table = result.get_as_arrow()
        result.close()
        return table

    def bulk_load(
        self,
        nodes: dict[str, pa.Table],
        rels: Iterable[tuple[str, str, str, pa.Table]],
        progress: Callable[[], None] | None = None,
    ) -> None:
        """``COPY`` from Parquet written here: the fast path for first loads (stores.md).

        Relationship tables arrive as ``graph_model.arrow.rel_table`` builds them: src, dst, then
        every declared property in order, which is how ``COPY`` maps a rel file.

        Each ``COPY`` runs single-threaded on a connection of its own: ladybug 0.22's parallel
        ``COPY`` into a node table with a string key hung for good, at random, from ~150k rows of
        Chinese address keys (1 thread never did, and costs little here on 2 cores).
        """
        conn = lb.Connection(self._db)
        conn.set_max_threads_for_exec(1)
        with _WRITE_LOCK, TemporaryDirectory(prefix="creditgraph-copy-") as scratch:
            tmp = Path(self.bulk_dir or scratch)
            tmp.mkdir(parents=True, exist_ok=True)

            def copy(statement: str) -> None:
                try:
                    conn.execute(statement)
                except RuntimeError as exc:
                    raise _map_error(exc, statement) from None

            try:
                for label, table in nodes.items():
                    if table.num_rows:
                        self.schema.node(label)
                        if "label" not in table.column_names:
                            table = table.append_column("label", pa.array([label] * table.num_rows, pa.string()))
                        path = tmp / f"1-{label}.parquet"
                        pq.write_table(table, path)
                        copy(f"COPY {label}({', '.join(table.column_names)}) FROM '{path}'")
                    if progress:
                        progress()
                for rel_type, src, dst, table in rels:
                    if table.num_rows:
                        self.schema.rel(rel_type).pair_for(src, dst)
                        path = tmp / f"2-{rel_type}-{src}-{dst}.parquet"
                        pq.write_table(table.rename_columns(["from", "to", *table.column_names[2:]]), path)
                        copy(f"COPY {rel_type} FROM '{path}' (from='{src}', to='{dst}')")
                    if progress:
                        progress()
            finally:
                conn.close()
                self.generation += 1
