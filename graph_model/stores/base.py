"""The store interface: one small base class, one module per backend (nomenklatura's store roles).

The upsert statements are built here once, in the common dialect, from the schema's own lists:
labels and property names are interpolated only after they are checked against the schema,
values always travel as parameters.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

import pyarrow as pa

from ..errors import InputError
from ..schema import Schema, SchemaError, load_schema

log = logging.getLogger("creditgraph.store")

Row = dict[str, Any]


class RelBatch(NamedTuple):
    """The links of one (type, src label, dst label) for :meth:`Store.upsert_rels_many`."""

    rel_type: str
    src_label: str
    dst_label: str
    rows: Sequence[Row]
    merge_on: tuple[str, ...] = ()


def chunks(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


#: How a batch statement takes its rows (``r.<column>``); the embedded store reads the same rows
#: from an Arrow table instead (EmbeddedStore._write_batch).
ROWS = "UNWIND $rows AS r"

#: Values that come back as they are (checked by exact type first: most results are all plain).
PLAIN = frozenset({str, int, float, bool, type(None), date})


def normalise_value(value: Any, declared: Mapping[str, tuple[str, ...]] | None = None) -> Any:
    """One result shape for both stores: plain Python values, nodes and relationships as dicts.

    With ``declared`` (property names per label and type, the schema's order) a node or relationship
    holds its own declared properties in that order: Ladybug gives a relationship matched over
    several types every type's columns, in the order it met them."""
    if type(value) in PLAIN:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [normalise_value(v, declared) for v in value]
    if isinstance(value, dict):
        if "_LABEL" in value:  # a Ladybug node or relationship
            names = (declared or {}).get(value["_LABEL"])
            if names is None:
                names = tuple(k for k in value if not k.startswith("_"))
            out = {k: normalise_value(value.get(k), declared) for k in names}
            out["_label"] = value["_LABEL"]
            for ours, theirs in (("_id", "_ID"), ("_src", "_SRC"), ("_dst", "_DST")):
                if theirs in value:
                    out[ours] = "{table}:{offset}".format(**value[theirs])
            return out
        return {k: normalise_value(v, declared) for k, v in value.items()}
    return value


def declared_properties(schema: Schema) -> dict[str, tuple[str, ...]]:
    """Property names per label and relationship type, in the schema's order (result shapes)."""
    out = {label: tuple(n.properties) for label, n in schema.nodes.items()}
    out.update((t, tuple(r.properties)) for t, r in schema.relationships.items())
    return out


def _filled_columns(rows: Sequence[Row], always: Sequence[str]) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(always)
    for r in rows:
        seen.update((k, None) for k, v in r.items() if v is not None)
    return list(seen)


def _uniform(rows: Sequence[Row], columns: Sequence[str], dates: Sequence[str] = ()) -> list[Row]:
    """Every row of a batch needs the same keys (stores.md); missing ones become None.

    Dates travel as ISO text and become dates in the statement (``date(r.x)``): the Neo4j driver
    encodes a 10k-row batch ~6x faster without per-value date hooks, and both stores parse it.
    """
    out = [{c: r.get(c) for c in columns} for r in rows]
    for c in dates:
        for r in out:
            v = r[c]
            if v is not None and not isinstance(v, str):
                r[c] = v.isoformat()
    return out


def _as_date(expr: str, is_date: bool) -> str:
    return f"date({expr})" if is_date else expr


#: A bulk load's items: a part of a node table (label, table) or of a relationship table (type,
#: src label, dst label, table); or the word that a table is complete, (label,) or (type, src, dst),
#: which a store that copies whole tables waits for (a store that writes parts as they come skips it).
BulkItem = tuple[str, pa.Table] | tuple[str, str, str, pa.Table] | tuple[str] | tuple[str, str, str]


def bulk_items(
    nodes: Mapping[str, pa.Table] | Iterable[BulkItem], rels: Iterable[tuple[str, str, str, pa.Table]]
) -> Iterator[BulkItem]:
    """What a bulk load copies, in order: (label, table) for nodes, (type, src, dst, table) for rels."""
    yield from nodes.items() if isinstance(nodes, Mapping) else nodes
    yield from rels


class Store(abc.ABC):
    """What every store offers; the layers above never see a backend's own API."""

    backend: str = "abstract"
    # bumped by every write this process makes: readers that keep answers (api/cache.py) compare it
    generation: int = 0

    def __init__(self, schema: Schema | None = None, batch_size: int = 10_000) -> None:
        self.schema = schema or load_schema()
        self.batch_size = batch_size

    # -- lifecycle -------------------------------------------------------------------------
    @abc.abstractmethod
    def create_schema(self) -> None:
        """Declare every label, type and index; running it twice changes nothing."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def defer_checkpoint(self) -> None:
        """Let this process's committed writes wait in the write-ahead log instead of being folded
        into the database file when it closes; a store without such a step ignores this."""
        return None

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file now; a store without one ignores this."""
        return None

    def warm_files(self, stop: Callable[[], bool] = lambda: False) -> int:
        """Read the store's files into the operating system's page cache, returning the bytes read;
        a store whose files live in a server (Neo4j, with its own page cache) reads none."""
        return 0

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- statements ------------------------------------------------------------------------
    @abc.abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[Row]:
        """Run one parameterised statement; rows come back as dicts of normalised values."""

    def query_arrow(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        rows = self.run(cypher, params)
        return pa.Table.from_pylist(rows) if rows else pa.table({})

    # -- writes ----------------------------------------------------------------------------
    def upsert_nodes(
        self,
        label: str,
        rows: Sequence[Row],
        *,
        placeholder: bool = False,
        complete: bool = True,
        existing: Container[str] | None = None,
    ) -> int:
        """MERGE nodes by key. An empty value never erases a known one (empty cell = unknown).

        With ``placeholder`` the nodes are created only if missing, marked ``placeholder``,
        and an existing node is left as it is. A ``complete`` row is the subject's own record and
        clears the placeholder mark; an incomplete one (an intermediary's category) leaves it.

        ``existing`` optionally names the keys the caller already knows to exist (from
        :meth:`existing_nodes`), so a store can skip its own lookup; it is a hint, never trusted
        blindly. Returns how many rows were merged.
        """
        if not rows:
            return 0
        self._node_columns(label, rows)
        total = 0
        for batch in chunks(rows, self.batch_size):
            total += self._upsert_node_batch(
                label, batch, placeholder=placeholder, complete=complete, existing=existing
            )
        return total

    def _upsert_node_batch(
        self,
        label: str,
        batch: Sequence[Row],
        *,
        placeholder: bool,
        complete: bool,
        existing: Container[str] | None,
    ) -> int:
        """One ``UNWIND … MERGE`` statement (Neo4j's MERGE is an index lookup per row)."""
        # a column empty in every row changes nothing (empty never erases) and has no type
        columns = _filled_columns(batch, ("key",))
        cypher = self.node_upsert_cypher(label, columns, placeholder=placeholder, complete=complete)
        return self._write_batch(cypher, _uniform(batch, columns, self._dates(label, columns)))

    def existing_nodes(self, label: str, keys: Sequence[str]) -> dict[str, bool]:
        """Which of ``keys`` are nodes of ``label`` already, each with its placeholder mark."""
        self.schema.node(label)  # the label is interpolated only once the schema knows it
        found: dict[str, bool] = {}
        for i in range(0, len(keys), self.batch_size):
            rows = self.run(
                f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN n.key AS key, n.placeholder AS ph",
                {"keys": list(keys[i : i + self.batch_size])},
            )
            found.update({r["key"]: bool(r["ph"]) for r in rows})
        return found

    def set_properties(self, label: str, rows: Sequence[Row], columns: Sequence[str]) -> int:
        """SET the given properties (None clears) on existing nodes matched by key; never creates
        a node and never touches ``placeholder``: what write-backs such as risk scores need."""
        if not rows:
            return 0
        props = self._settable(label, columns)
        total = 0
        for batch in chunks(rows, self.batch_size):
            # a column empty in the whole batch has no type on Ladybug: clear it with a literal NULL
            filled = [c for c in _filled_columns(batch, ()) if c in columns]
            dates = [c for c in filled if props[c].type == "DATE"]
            project = ", ".join(
                ["r.key AS key", *(f"{_as_date(f'r.{c}', c in dates)} AS {c}" for c in filled)]
            )
            sets = ", ".join(f"n.{c} = {c if c in filled else 'NULL'}" for c in columns)
            cypher = f"{ROWS} WITH {project} MATCH (n:{label} {{key: key}}) SET {sets} RETURN count(n) AS c"
            total += self._write_batch(cypher, _uniform(batch, ["key", *filled], dates))
        return total

    def _settable(self, label: str, columns: Sequence[str]) -> dict[str, Any]:
        """``label``'s declared properties, once every one of ``columns`` is found among them and
        is one a write-back may set (not the key, the label or the placeholder mark)."""
        props = self.schema.node(label).properties
        unknown = [c for c in columns if c not in props or c in ("key", "label", "placeholder")]
        if unknown:
            raise SchemaError(f"{label}: cannot set {unknown}")
        return props

    def set_properties_table(self, label: str, table: pa.Table, columns: Sequence[str]) -> int:
        """``set_properties`` from an Arrow table (``key`` plus ``columns``): backends may do better."""
        return self.set_properties(label, table.select(["key", *columns]).to_pylist(), columns)

    def upsert_rels(
        self,
        rel_type: str,
        src_label: str,
        dst_label: str,
        rows: Sequence[Row],
        *,
        merge_on: Sequence[str] = (),
    ) -> int:
        """MERGE relationships between existing nodes; rows hold ``src`` and ``dst`` keys plus properties.

        ``merge_on`` names properties that tell two edges of the same pair apart (an officer's role).
        Returns how many rows found both ends; the caller creates placeholders first.
        """
        return self.upsert_rels_many([RelBatch(rel_type, src_label, dst_label, rows, tuple(merge_on))])[0]

    def upsert_rels_many(self, batches: Sequence[RelBatch]) -> list[int]:
        """Several :meth:`upsert_rels` at once, each batch's count in order.

        The statements go out in rounds that write each (type, src, dst) table at most once, in
        the batches' order, so a store may send a round as one statement (:meth:`_write_batches`).
        """
        statements = [self._rel_statements(b) for b in batches]
        rounds: list[list[tuple[int, str, Sequence[Row]]]] = []
        last: dict[tuple[str, str, str], int] = {}  # table -> the round that last wrote it
        for i, (batch, planned) in enumerate(zip(batches, statements, strict=True)):
            table = (batch.rel_type, batch.src_label, batch.dst_label)
            for cypher, rows in planned:
                at = last[table] = last.get(table, -1) + 1
                if at == len(rounds):
                    rounds.append([])
                rounds[at].append((i, cypher, rows))
        counts = [0] * len(batches)
        for group in rounds:
            for (i, _, _), n in zip(group, self._write_batches([(c, r) for _, c, r in group]), strict=True):
                counts[i] += n
        return counts

    def _rel_statements(self, batch: RelBatch) -> list[tuple[str, list[Row]]]:
        """A batch's MERGE statements (one per ``batch_size`` rows), once the schema allows it."""
        if not batch.rows:
            return []
        rel = self.schema.rel(batch.rel_type)
        rel.pair_for(batch.src_label, batch.dst_label)
        self._rel_columns(batch.rel_type, batch.rows)
        for m in batch.merge_on:
            if m not in rel.properties:
                raise SchemaError(f"{batch.rel_type} has no property {m!r} to merge on")
        keys = ("src", "dst", *batch.merge_on)
        out = []
        for rows in chunks(batch.rows, self.batch_size):
            filled = [c for c in _filled_columns(rows, keys) if c not in ("src", "dst")]
            cypher = self.rel_upsert_cypher(
                batch.rel_type, batch.src_label, batch.dst_label, filled, batch.merge_on
            )
            dates = [c for c in filled if rel.properties[c].type == "DATE"]
            out.append((cypher, _uniform(rows, ["src", "dst", *filled], dates)))
        return out

    def _write_batches(self, statements: Sequence[tuple[str, Sequence[Row]]]) -> list[int]:
        """Run batch statements that touch different tables; each one's count, in order. A store
        whose statements cost more than their rows may send them as one (the embedded store)."""
        return [self._write_batch(cypher, rows) for cypher, rows in statements]

    def _write_batch(self, cypher: str, rows: Sequence[Row]) -> int:
        """Run one UNWIND statement over a batch; returns the count it RETURNs."""
        out = self.run(cypher, {"rows": list(rows)}, write=True)
        return int(out[0]["c"]) if out else 0

    def bulk_load(
        self,
        nodes: Mapping[str, pa.Table] | Iterable[BulkItem],
        rels: Iterable[tuple[str, str, str, pa.Table]],
        progress: Callable[[], None] | None = None,
    ) -> None:
        """Load a large first batch. The base falls back to UNWIND batches; backends may do better.

        ``nodes`` maps labels to tables, or yields (label, table) pairs (built lazily, so a
        backend can copy one table while the next is made); it may also yield relationship
        tables, (type, src label, dst label, table), once both ends of their rows are in. The
        ``rels`` follow it. Rel tables hold src, dst and the declared properties
        (``graph_model.arrow.rel_table``).
        """
        for item in bulk_items(nodes, rels):
            if len(item) in (1, 3):  # a table is complete: each part was written as it came
                continue
            if len(item) == 2:
                label, table = item
                rows = table.to_pylist()
                self.upsert_nodes(label, [r for r in rows if not r.get("placeholder")])
                self.upsert_nodes(label, [r for r in rows if r.get("placeholder")], placeholder=True)
            else:
                rel_type, src, dst, table = item
                self.create_rels(rel_type, src, dst, table.to_pylist())
            if progress:
                progress()

    def create_rels(self, rel_type: str, src_label: str, dst_label: str, rows: Sequence[Row]) -> int:
        """CREATE one edge per row between existing nodes, as ``COPY`` does: a bulk table's rows are
        distinct edges already (two roles of one person in one company are two rows), which a MERGE
        on the ends alone would fold into one. Returns how many rows found both ends."""
        if not rows:
            return 0
        rel = self.schema.rel(rel_type)
        rel.pair_for(src_label, dst_label)
        self._rel_columns(rel_type, rows)
        total = 0
        for batch in chunks(rows, self.batch_size):
            filled = [c for c in _filled_columns(batch, ("src", "dst")) if c not in ("src", "dst")]
            dates = [c for c in filled if rel.properties[c].type == "DATE"]
            props = ", ".join(f"{p}: {_as_date(f'r.{p}', p in dates)}" for p in filled)
            cypher = (
                f"{ROWS} MATCH (a:{src_label} {{key: r.src}}) WITH a, r "
                f"MATCH (b:{dst_label} {{key: r.dst}}) CREATE (a)-[x:{rel_type} {{{props}}}]->(b) "
                "RETURN count(x) AS c"
            )
            total += self._write_batch(cypher, _uniform(batch, ["src", "dst", *filled], dates))
        return total

    # -- what a reload of owned data removes ------------------------------------------------
    def rels_between(
        self,
        rel_type: str,
        src_label: str,
        dst_label: str,
        *,
        src_keys: Sequence[str] | None = None,
        dst_keys: Sequence[str] | None = None,
        properties: Sequence[str] = (),
    ) -> list[Row]:
        """The edges of one declared type and pair whose source (or destination) is among the keys:
        ``src``, ``dst`` and the named properties. What a loader compares with what it now states."""
        rel = self.schema.rel(rel_type)
        rel.pair_for(src_label, dst_label)  # labels and type are interpolated only once declared
        unknown = [p for p in properties if p not in rel.properties]
        if unknown or (src_keys is None) == (dst_keys is None):
            raise ValueError(
                f"rels_between({rel_type}): one of src_keys/dst_keys; unknown properties {unknown}"
            )
        on_src = src_keys is not None
        a, b = (
            (f"a:{src_label} {{key: k}}", f"b:{dst_label}")
            if on_src
            else (f"a:{src_label}", f"b:{dst_label} {{key: k}}")
        )
        props = "".join(f", x.{p} AS {p}" for p in properties)
        return self.run(
            f"UNWIND $keys AS k MATCH ({a})-[x:{rel_type}]->({b}) "
            f"RETURN a.key AS src, b.key AS dst{props} ORDER BY src, dst",
            {"keys": list(src_keys if on_src else dst_keys or [])},
        )

    def delete_rels(
        self, rel_type: str, src_label: str, dst_label: str, rows: Sequence[Row], match_on: Sequence[str] = ()
    ) -> int:
        """Delete the edges ``rows`` name (``src``, ``dst`` and the ``match_on`` properties' values)."""
        rel = self.schema.rel(rel_type)
        rel.pair_for(src_label, dst_label)
        unknown = [p for p in match_on if p not in rel.properties]
        if unknown:
            raise ValueError(f"delete_rels({rel_type}): unknown properties {unknown}")
        where = " AND ".join(f"x.{p} = r.{p}" for p in match_on) or "true"
        total = 0
        for batch in chunks(rows, self.batch_size):
            total += self._write_batch(
                f"{ROWS} MATCH (a:{src_label} {{key: r.src}})-[x:{rel_type}]->(b:{dst_label} {{key: r.dst}}) "
                f"WHERE {where} DELETE x RETURN count(*) AS c",
                [{"src": r["src"], "dst": r["dst"], **{p: r.get(p) for p in match_on}} for r in batch],
            )
        return total

    def delete_nodes(self, label: str, keys: Sequence[str]) -> int:
        """Delete the nodes of ``label`` with these keys and their edges."""
        self.schema.node(label)
        total = 0
        for i in range(0, len(keys), self.batch_size):
            total += self.run(
                f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) DETACH DELETE n RETURN count(*) AS c",
                {"keys": list(keys[i : i + self.batch_size])},
                write=True,
            )[0]["c"]
        return total

    # -- reads for analytics ---------------------------------------------------------------
    #: Dates read as ISO text and cast in Arrow: the Neo4j driver builds a Python object per date
    #: it receives (~8 µs each, most of an edge export's time).
    export_dates_as_text = False
    #: What ``export_edges(node_ids=True)`` names a node by, as library queries return it in a
    #: column ``_id`` (``risk_stored``): "key" here; the embedded store says "offset".
    node_handle = "key"

    def export_edges(
        self, rel_types: Iterable[str], properties: Sequence[str] = (), *, node_ids: bool = False
    ) -> pa.Table:
        """Every edge of the given types as an Arrow table (type, src_label, src, dst_label, dst, props…).

        ``node_ids``: name the ends by :meth:`node_handle` rather than by key where a store has a
        cheaper handle (the embedded store: table offsets, no key read); here they stay keys."""
        parts = []
        for rel_type in rel_types:
            rel = self.schema.rel(rel_type)
            wanted = [p for p in properties if p in rel.properties]
            dates = (
                [p for p in wanted if rel.properties[p].type == "DATE"] if self.export_dates_as_text else []
            )
            for src, dst in rel.pairs:
                extra = "".join(f", {f'toString(r.{p})' if p in dates else f'r.{p}'} AS {p}" for p in wanted)
                table = self.query_arrow(
                    f"MATCH (a:{src})-[r:{rel_type}]->(b:{dst}) RETURN a.key AS src, b.key AS dst{extra}"
                )
                if table.num_rows == 0:
                    continue
                for p in dates:
                    table = table.set_column(
                        table.column_names.index(p), p, table[p].cast(pa.string()).cast(pa.date32())
                    )
                n = table.num_rows
                table = table.append_column("type", pa.array([rel_type] * n, pa.string()))
                table = table.append_column("src_label", pa.array([src] * n, pa.string()))
                table = table.append_column("dst_label", pa.array([dst] * n, pa.string()))
                for p in properties:
                    if p not in table.column_names:
                        table = table.append_column(p, pa.nulls(n))
                parts.append(table.select(["type", "src_label", "src", "dst_label", "dst", *properties]))
        if not parts:
            fields = [(c, pa.string()) for c in ("type", "src_label", "src", "dst_label", "dst")]
            return pa.schema(fields + [(p, pa.null()) for p in properties]).empty_table()
        return pa.concat_tables(parts, promote_options="permissive")

    def count_nodes(self, label: str) -> int:
        """How many nodes of ``label`` the store holds."""
        self.schema.node(label)  # interpolated only once the schema knows it
        return int(self.run(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"])

    def node_keys(self, label: str) -> pa.Table:
        """Every key of ``label``, one ``key`` column (Arrow: a label can hold millions)."""
        self.schema.node(label)
        return self.query_arrow(f"MATCH (n:{label}) RETURN n.key AS key")

    def counts(self) -> dict[str, dict[str, int]]:
        """Count of every declared label and relationship type (zero included)."""
        nodes = {label: self.count_nodes(label) for label in self.schema.domain_nodes}
        rels = {}
        for rel_type, rel in self.schema.relationships.items():
            total = 0
            for src, dst in rel.pairs:
                total += int(
                    self.run(f"MATCH (:{src})-[r:{rel_type}]->(:{dst}) RETURN count(r) AS c")[0]["c"]
                )
            rels[rel_type] = total
        return {"nodes": nodes, "relationships": rels}

    # -- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self.run("MATCH (m:Meta {key: $key}) RETURN m.value AS value", {"key": key})
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.run(
            "MERGE (m:Meta {key: $key}) SET m.value = $value, m.name = $key",
            {"key": key, "value": value},
            write=True,
        )

    # -- statement builders ----------------------------------------------------------------
    def _node_columns(self, label: str, rows: Sequence[Row]) -> list[str]:
        node = self.schema.node(label)
        seen: dict[str, None] = {"key": None}
        for r in rows:
            seen.update(dict.fromkeys(r))
        unknown = [c for c in seen if c not in node.properties]
        if unknown:
            raise SchemaError(f"{label} has no properties {unknown}")
        return list(seen)

    def _rel_columns(self, rel_type: str, rows: Sequence[Row]) -> list[str]:
        rel = self.schema.rel(rel_type)
        seen: dict[str, None] = {}
        for r in rows:
            seen.update(dict.fromkeys(r))
        if "src" not in seen or "dst" not in seen:
            raise InputError(f"{rel_type} rows need 'src' and 'dst'")
        props = [c for c in seen if c not in ("src", "dst")]
        unknown = [c for c in props if c not in rel.properties]
        if unknown:
            raise SchemaError(f"{rel_type} has no properties {unknown}")
        return props

    def node_upsert_cypher(
        self, label: str, columns: Sequence[str], *, placeholder: bool = False, complete: bool = True
    ) -> str:
        """The one fast MERGE form on Ladybug (stores.md): project every column with WITH first."""
        self.schema.node(label)  # the label is interpolated only once the schema knows it
        props = [c for c in columns if c not in ("key", "label", "placeholder")]
        dates = set(self._dates(label, columns))
        project = ", ".join(
            f"{_as_date(f'r.{c}', c in dates)} AS {c}" for c in columns if c not in ("label", "placeholder")
        )
        head = f"{ROWS} WITH {project} MERGE (n:{label} {{key: key}})"
        if placeholder:
            sets = ", ".join(
                ["n.placeholder = true", f"n.label = '{label}'", *(f"n.{c} = {c}" for c in props)]
            )
            return f"{head} ON CREATE SET {sets} RETURN count(n) AS c"
        sets = [f"n.label = '{label}'", *(f"n.{c} = coalesce({c}, n.{c})" for c in props)]
        if complete:
            sets.append("n.placeholder = false")
        return f"{head} SET {', '.join(sets)} RETURN count(n) AS c"

    def _dates(self, label: str, columns: Sequence[str]) -> list[str]:
        props = self.schema.node(label).properties
        return [c for c in columns if c in props and props[c].type == "DATE"]

    def rel_upsert_cypher(
        self,
        rel_type: str,
        src_label: str,
        dst_label: str,
        props: Sequence[str],
        merge_on: Sequence[str] = (),
    ) -> str:
        """MATCH one end, carry it and the row WITH, then MATCH the other end and MERGE.

        On Ladybug this is an index lookup per row (~10k rows/s); two MATCHes in a row became a
        join over the whole second table (~20x slower), and projecting the row's fields first
        made MERGE fail there ("Cannot evaluate expression with type VARIABLE").
        """
        declared = self.schema.rel(rel_type).properties

        def value(p: str) -> str:
            return _as_date(f"r.{p}", declared[p].type == "DATE")

        merge_props = ", ".join(f"{m}: {value(m)}" for m in merge_on)
        merge = f"[x:{rel_type} {{{merge_props}}}]" if merge_on else f"[x:{rel_type}]"
        sets = [f"x.{p} = coalesce({value(p)}, x.{p})" for p in props if p not in merge_on]
        set_clause = f" SET {', '.join(sets)}" if sets else ""
        return (
            f"{ROWS} MATCH (a:{src_label} {{key: r.src}}) WITH a, r "
            f"MATCH (b:{dst_label} {{key: r.dst}}) MERGE (a)-{merge}->(b){set_clause} RETURN count(x) AS c"
        )
