"""The production store: Neo4j through the official driver (Bolt; ``neo4j://`` routing for clusters).

Reads are routed to readers, writes to the leader; writes go in UNWIND batches of 10–20k rows,
the size at which the driver's Rust extension encodes fastest (stores.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

import neo4j
import pyarrow as pa
import pyarrow.compute as pc
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j import exceptions as neo4j_errors

from ..ddl import FULLTEXT_INDEX, neo4j_ddl, neo4j_fulltext_ddl
from ..errors import QueryTimeout, StoreError, StoreUnavailable
from ..schema import Schema
from .base import PLAIN, BulkItem, Row, Store, _as_date, bulk_items, declared_properties, normalise_value

log = logging.getLogger("creditgraph.store.neo4j")
# The driver warns on every retry ("Transaction failed and will be retried …"). Where nobody set up
# logging (the CLI) Python's last-resort handler would print those to stderr beside our one line;
# a do-nothing handler keeps them out there, and a configured root logger (the API's) still gets them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

#: How long the driver keeps retrying a failed transaction (its default is 30 s). A server that is
#: down should be a quick one-line answer, not a minute's wait; a cluster's leader switch takes less.
RETRY_S = 5.0

# Bolt only: neo4j:// routes across a cluster, bolt:// talks to one server.
_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

_TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.LockClientStopped",
)


def map_driver_error(exc: Exception) -> StoreError:
    """Driver errors become creditgraph errors whose text is safe to show (no query, no values)."""
    if isinstance(exc, neo4j_errors.AuthError):
        return StoreUnavailable("Neo4j refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)")
    if isinstance(exc, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired):
        return StoreUnavailable("Neo4j cannot be reached (check NEO4J_URI and that the server is up)")
    code = getattr(exc, "code", None) or ""
    if code in _TIMEOUT_CODES:
        return QueryTimeout("the query ran past the store's time limit and was stopped")
    if isinstance(exc, neo4j_errors.Neo4jError):
        return StoreError(f"Neo4j rejected the statement ({code or type(exc).__name__})")
    return StoreError(f"Neo4j driver error ({type(exc).__name__})")


#: Declared property names per label and per relationship type, in the schema's order.
Declared = dict[str, tuple[str, ...]]


def _entity(value: Any, label: str | None, declared: Declared) -> dict[str, Any]:
    """A node's or relationship's properties in the shape Ladybug gives them: every declared one in
    the schema's order (NULL when unset; Neo4j stores only those set, in no fixed order), then any
    other key, so both stores' answers serialise alike."""
    names = declared.get(label or "", ())
    out = {k: _to_python(value.get(k), declared) for k in names}
    out.update((k, _to_python(v, declared)) for k, v in value.items() if k not in out)
    return out


def _to_python(value: Any, declared: Declared | None = None) -> Any:
    declared = declared or {}
    if isinstance(value, neo4j.graph.Node):
        label = next(iter(value.labels), None)
        out = _entity(value, label, declared)
        out["_label"] = label
        out["_id"] = value.element_id
        return out
    if isinstance(value, neo4j.graph.Relationship):
        out = _entity(value, value.type, declared)
        out["_label"] = value.type
        out["_id"] = value.element_id
        out["_src"] = value.start_node.element_id if value.start_node is not None else None
        out["_dst"] = value.end_node.element_id if value.end_node is not None else None
        return out
    if isinstance(value, neo4j.time.Date):
        return value.to_native()
    if isinstance(value, neo4j.time.DateTime):
        return value.to_native()
    if isinstance(value, list):
        return [_to_python(v, declared) for v in value]
    if isinstance(value, dict):
        return {k: _to_python(v, declared) for k, v in value.items()}
    return normalise_value(value)


def _rows(keys: list[str], records: Iterable[tuple], declared: Declared) -> list[Row]:
    """Rows as dicts, built from each record's values zipped with the keys once per result (a
    ``record[key]`` lookup per cell cost more than the query on small answers); only values that
    are not plain Python (nodes, relationships, Neo4j dates, lists and maps) go through
    ``_to_python``."""
    out = []
    for record in records:
        row = dict(zip(keys, record.values(), strict=True))
        for k, v in row.items():
            if type(v) not in PLAIN:
                row[k] = _to_python(v, declared)
        out.append(row)
    return out


class Neo4jStore(Store):
    backend = "neo4j"
    export_dates_as_text = True

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str = "",
        database: str | None = None,
        schema: Schema | None = None,
        query_timeout_ms: int = 30_000,
        batch_size: int = 10_000,
        driver: Any = None,
        retry_s: float = RETRY_S,
    ) -> None:
        super().__init__(schema, batch_size)
        self.uri = uri
        self.database = database
        self.retry_s = retry_s
        self.query_timeout_ms = query_timeout_ms
        if driver is None and uri.split("://", 1)[0] not in _SCHEMES:
            raise StoreUnavailable(f"NEO4J_URI must start with one of {', '.join(_SCHEMES)}:// (got {uri!r})")
        try:
            # notifications off: the server's warnings carry the statement text into the log
            self.driver = driver or GraphDatabase.driver(
                uri,
                auth=(user, password),
                max_transaction_retry_time=retry_s,
                notifications_min_severity="OFF",
            )
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise StoreUnavailable(f"NEO4J_URI is not a usable Neo4j address: {exc}") from None

    @cached_property
    def _declared(self) -> Declared:
        return declared_properties(self.schema)

    def create_schema(self) -> None:
        for stmt in neo4j_ddl(self.schema):
            self.run(stmt, write=True)

    def close(self) -> None:
        self.driver.close()

    def checkpoint(self) -> None:
        """Neo4j checkpoints on its own schedule (the community edition has no procedure to force
        one); checking that the server answers keeps `creditgraph checkpoint` from reporting success
        against a server that is down."""
        self.run("RETURN 1 AS ok")

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[Row]:
        timeout = self.query_timeout_ms / 1000 if self.query_timeout_ms else None
        query = Query(cypher, timeout=timeout)
        try:
            if write:
                records, _, keys = self.driver.execute_query(
                    query, params or {}, routing_=RoutingControl.WRITE, database_=self.database
                )
            else:
                keys, records = self._read(query, params or {})
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise map_driver_error(exc) from None
        finally:
            if write:  # after the write: an answer read while it ran is not kept past it
                self.generation += 1
        return _rows(keys, records, self._declared)

    def _read(self, query: Query, params: dict[str, Any]) -> tuple[list[str], list[Any]]:
        """A read in an auto-commit transaction on a reader: one round trip (RUN and PULL), where
        ``execute_query``'s managed transaction adds BEGIN and COMMIT (~0.8 ms of a 2-3 ms related-
        parties step). What the driver's retry gave, this does: a transient error or a lost server is
        tried again, with backoff, for ``retry_s``."""
        deadline = time.monotonic() + self.retry_s
        delay = 0.05
        while True:
            try:
                with self.driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    result = session.run(query, params)
                    return result.keys(), list(result)
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                if not exc.is_retryable() or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def bulk_load(
        self,
        nodes: Mapping[str, pa.Table] | Iterable[BulkItem],
        rels: Iterable[tuple[str, str, str, pa.Table]],
        progress: Callable[[], None] | None = None,
    ) -> None:
        """A first load: CREATE where the base MERGEs, as the embedded store's COPY does. The bulk
        writer hands over only keys the store does not hold yet (a unique constraint would refuse
        a second one), so the lookup MERGE makes per row is work thrown away.

        The CJK full-text index is dropped for the load and made again at its end (waiting until it
        is online): kept up to date row by row it halved the rate nodes were created at (9.4k
        against 18.8k nodes/s), and built once afterwards it takes a few seconds per 100k subjects."""
        self.run(f"DROP INDEX {FULLTEXT_INDEX} IF EXISTS", write=True)
        try:
            for item in bulk_items(nodes, rels):
                if len(item) in (1, 3):  # a table is complete: each part was created as it came
                    continue
                if len(item) == 2:
                    self._create_nodes(*item)
                else:
                    rel_type, src, dst, table = item
                    self.create_rels(rel_type, src, dst, table.to_pylist())
                if progress:
                    progress()
        finally:
            self.run(neo4j_fulltext_ddl(self.schema), write=True)
            # not under the store's query time limit: on a million subjects under load the index
            # took longer than the 30 s default to come online, and a complete load was reported failed
            try:
                self.driver.execute_query(
                    Query("CALL db.awaitIndex($name, 3600)"),
                    {"name": FULLTEXT_INDEX},
                    routing_=RoutingControl.WRITE,
                    database_=self.database,
                )
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                raise map_driver_error(exc) from None

    def _create_nodes(self, label: str, table: pa.Table) -> int:
        """CREATE one node per row, its properties named one by one (a NULL cell sets nothing).

        Named properties ran ~1.5x the rate of ``SET n = r`` with a map of each row's filled cells,
        and need no per-row filtering here; dates travel as ISO text (stores.md: the driver encodes
        text ~6x faster than date objects), cast to text in Arrow."""
        node = self.schema.node(label)  # the label is interpolated only once the schema knows it
        columns = [c for c in self._node_columns(label, [dict.fromkeys(table.column_names)]) if c != "label"]
        dates = [c for c in columns if node.properties[c].type == "DATE"]
        for c in dates:
            i = table.column_names.index(c)
            table = table.set_column(i, c, pc.cast(table[c], pa.string()))
        props = ", ".join([*(f"{c}: {_as_date(f'r.{c}', c in dates)}" for c in columns), f"label: '{label}'"])
        cypher = f"UNWIND $rows AS r CREATE (n:{label} {{{props}}}) RETURN count(n) AS c"
        total = 0
        for part in table.select(columns).to_batches(max_chunksize=self.batch_size):
            total += self._write_batch(cypher, part.to_pylist())
        return total

    def query_arrow(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        """A large read (the risk export, the rings' links) as Arrow columns.

        The driver spends ~25 µs of Python on each record it receives (one Bolt message per row),
        more than the server takes to find it: 150k edges read 1.3-1.7 s row by row. So the server
        sends the rows as one list, ``CALL () { <query> } RETURN collect([<columns>])`` (0.4-0.6 s),
        and the columns are cut from it in C. The column names come from the server (the keys of
        ``EXPLAIN <query>``), not from the text. Reads go to a reader, as ``run`` routes them."""
        timeout = self.query_timeout_ms / 1000 if self.query_timeout_ms else None
        try:
            with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                keys = session.run(Query(f"EXPLAIN {cypher}", timeout=timeout), params or {}).keys()
                columns = ", ".join(f"`{k.replace('`', '``')}`" for k in keys)
                wrapped = f"CALL () {{\n{cypher}\n}}\nRETURN collect([{columns}]) AS rows"
                record = session.run(Query(wrapped, timeout=timeout), params or {}).single(strict=True)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise map_driver_error(exc) from None
        rows = record[0]
        if not rows:
            return pa.table({})  # as the base: no rows, no columns (callers look at num_rows)
        declared = self._declared
        out = {}
        for key, column in zip(keys, zip(*rows, strict=True), strict=True):
            if not set(map(type, column)) <= PLAIN:  # one pass in C; Python only for nodes, dates …
                column = [v if type(v) in PLAIN else _to_python(v, declared) for v in column]
            out[key] = pa.array(column)
        return pa.table(out)
