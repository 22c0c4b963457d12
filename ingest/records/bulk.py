"""The bulk path: a big first batch streamed into an empty store with ``COPY``.

Files are validated and mapped piece by piece (a province's roles.csv is never in memory whole),
in load order, while the store copies the tables already complete on the other core
(``Store.bulk_load`` takes them lazily):

- each piece's records, the placeholders its references need (keys not in the store yet: files
  come in dependency order, so a subject's own file comes before the files that name it) and its
  relationships are handed to the store as *parts* of their tables; the store keeps a table's
  parts on disk and copies the table once it is told it is complete (``close``): a node table
  when its file ends, a relationship table when its file ends and both its end tables are in;
- a label that a later file adds partial rows to, or that several files add records to (phones
  and addresses: ``HELD_FOR``), stays open until those files end, so it is copied once (``COPY``
  may append, but Ladybug 0.22.0 then loses keys of the primary-key index:
  ``EmbeddedStore._append_part``); its rows are never held here, only their keys' hashes;
- a key met again (a second record of a key, a partial row for a record, a repeated edge) and a
  relationship group met again in a later file are written after the copies, as the incremental
  path writes them: the last record of a key wins and no edge doubles.

What stays in memory is one piece's frames and a 64-bit hash per key and per edge of the open
tables (~8 bytes a key, where the keys themselves were ~100). Two keys whose hashes agree (about
one chance in 10^5 over a province) would send the second to the MERGE path (for a record: the
same graph) or leave a placeholder out (its relationship ``COPY`` then fails, loudly).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from creditgraph.graph_model.arrow import node_table, rel_table
from creditgraph.graph_model.stores.base import BulkItem, Store

from .mapping import GraphFrames, NodeFrame, RelFrame, rows_of
from .summary import FileSummary, account_rows

if TYPE_CHECKING:
    from rich.progress import Progress


#: Labels that several contract files add rows to (a later file's ``partial`` rows, or records
#: of the same identifiers), and those files: the label's rows, and the relationships that touch
#: it, wait until every one of those files present is mapped, so the label is copied once.
#: ``COPY`` may append, but Ladybug 0.22.0 then loses keys of the primary-key index
#: (``EmbeddedStore._append_part``). tests/ingest/records check this against the mappers.
_IDENTIFIER_FILES = ("companies.csv", "persons.csv", "shops.csv")
#: The files whose records name an issuing agency: each adds the agencies it meets (placeholders), so
#: Agency is copied once, after all of them (practitioners.csv, early in the load order, would
#: otherwise copy its few licensing agencies first and leave every later agency to MERGE).
_AGENCY_FILES = (
    "practitioners.csv",
    "evaluations.csv",
    "commitments.csv",
    "violations.csv",
    "list_entries.csv",
    "abnormal_entries.csv",
    "inspections.csv",
)
HELD_FOR: dict[str, tuple[str, ...]] = {
    "Company": ("intermediaries.csv",),
    "Phone": _IDENTIFIER_FILES,
    "Address": _IDENTIFIER_FILES,
    "Agency": _AGENCY_FILES,
}


class KeyHashes:
    """A set of 64-bit key hashes in sorted parts: membership without the keys in memory."""

    def __init__(self) -> None:
        self.parts: list[np.ndarray] = []

    def __contains__(self, _: object) -> bool:  # pragma: no cover - use ``has``
        raise TypeError("KeyHashes.has takes an array")

    def has(self, hashes: np.ndarray) -> np.ndarray:
        found = np.zeros(len(hashes), dtype=bool)
        for part in self.parts:
            at = np.searchsorted(part, hashes).clip(max=len(part) - 1)
            found |= part[at] == hashes
        return found

    def add(self, hashes: np.ndarray) -> None:
        if len(hashes):
            self.parts.append(np.sort(hashes))
            if len(self.parts) > 8:  # keeps lookups to a few binary searches
                self.parts = [np.sort(np.concatenate(self.parts))]


def key_hashes(keys: pd.Series | pd.DataFrame) -> np.ndarray:
    """64-bit hashes of keys (a column) or of edges (their identity columns, combined).

    pandas' own ``hash_array`` first factorizes a column to hash each distinct value once; that
    pays only for repeated values, and keys and edges are nearly all distinct: the factorizing was
    6 of ingest's 37 s on 1M subjects. Here each value is hashed as it comes, with pandas' hash,
    and every missing value (None, NA, NaN alike) gets the one hash pandas gives it."""
    if isinstance(keys, pd.Series):
        return _column_hashes(keys)
    out = np.zeros(len(keys), dtype=np.uint64)
    for name in keys.columns:  # order-dependent combination, as pandas' combine_hash_arrays
        out = out * np.uint64(1_000_003) ^ _column_hashes(keys[name])
    return out


_MISSING_HASH = np.iinfo(np.uint64).max  # what pandas' factorizing hash gives a missing value


def _column_hashes(column: pd.Series) -> np.ndarray:
    values = column.to_numpy(dtype=object)
    missing = pd.isna(values)
    out = np.full(len(values), _MISSING_HASH, dtype=np.uint64)
    if not missing.all():
        out[~missing] = pd.util.hash_array(values[~missing], categorize=False)
    return out


def merge_nodes(frames: list[NodeFrame]) -> pd.DataFrame:
    """Records win over partial rows, partial rows over placeholders; the last record of a key wins."""
    records = [f.frame for f in frames if f.kind == "record"]
    partial = [f.frame for f in frames if f.kind == "partial"]
    holders = [f.frame for f in frames if f.kind == "placeholder"]
    out = pd.concat(records, ignore_index=True).drop_duplicates("key", keep="last") if records else None
    if out is not None:
        out = out.assign(placeholder=False)
    for extra in partial:
        extra = extra.drop_duplicates("key", keep="last").set_index("key")
        if out is None:
            out = extra.reset_index().assign(placeholder=True)
            continue
        out = out.set_index("key")
        out = out.combine_first(extra) if not out.empty else extra
        out["placeholder"] = out["placeholder"].fillna(True).astype(bool)
        out = out.reset_index()
    if holders:
        ph = pd.concat(holders, ignore_index=True).drop_duplicates("key", keep="first")
        if out is not None:
            ph = ph[~ph["key"].isin(out["key"])]
        ph = ph.assign(placeholder=True)
        out = ph if out is None else pd.concat([out, ph], ignore_index=True)
    return out


class BulkStream:
    """What has been handed to the store so far, and what is still open: the state of one
    streamed bulk load."""

    def __init__(self, store: Store, files: list[str]) -> None:
        self.store = store
        self.waiting_for = {
            label: present
            for label, sources in HELD_FOR.items()
            if (present := {f for f in sources if f in files})
        }
        self.keys: dict[str, KeyHashes] = {}  # each label's keys in the store or its open table
        self.open: dict[str, str | None] = {}  # labels with an open table -> the file that opened it
        self.closed: set[str] = set()  # labels copied (a later part is merged by the store)
        self.rel_groups: set[tuple[str, str, str]] = set()  # groups of files read to the end
        self.file_groups: dict[tuple[str, str, str], KeyHashes] = {}  # this file's groups: edges
        self.pending: list[tuple[str, str, str]] = []  # complete groups waiting for an open end
        self.updates: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self.partial_updates: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self.late_rels: list[RelFrame] = []  # an edge met again, a group met again in a later file
        self.placeholders: dict[str, int] = defaultdict(int)

    def _keys(self, label: str) -> KeyHashes:
        """The keys of ``label`` known so far: on first use those already in the store (the
        subject tables are empty on this path, but policy ingest makes jurisdictions, agencies and
        violation types that records name), then each part as it is handed over."""
        if label not in self.keys:
            table = self.store.node_keys(label)
            self.keys[label] = KeyHashes()
            if table.num_rows:
                self.keys[label].add(key_hashes(table.column("key").to_pandas()))
        return self.keys[label]

    def _part(self, label: str, frame: pd.DataFrame, hashes: np.ndarray, file: str) -> Iterator[BulkItem]:
        if len(frame):
            self._keys(label).add(hashes)
            if label not in self.closed:  # closed when its file ends, or the files it waits for
                self.open.setdefault(label, None if label in self.waiting_for else file)
            self.placeholders[label] += int(frame["placeholder"].sum())
            yield label, node_table(self.store.schema, label, frame.reset_index(drop=True))

    def _nodes(self, node: NodeFrame, file: str) -> Iterator[BulkItem]:
        """New keys go to the label's table; a key known already is an update (a record or a
        partial row: written after the copies, so the last record wins) or nothing (a placeholder)."""
        keep = "first" if node.kind == "placeholder" else "last"
        rows = node.frame.drop_duplicates("key", keep=keep)
        hashes = key_hashes(rows["key"])
        again = self._keys(node.label).has(hashes)
        if node.kind == "record" and again.any():
            self.updates[node.label].append(rows[again])
        elif node.kind == "partial" and again.any():
            self.partial_updates[node.label].append(rows[again])
        new = ~again
        yield from self._part(
            node.label, rows[new].assign(placeholder=node.kind != "record"), hashes[new], file
        )

    def _rels(self, rels: list[RelFrame]) -> Iterator[BulkItem]:
        """Edges of a group first met in this file go to its table; an edge met again in this
        file, and a group met in an earlier file, are merged after the copies."""
        for rel in rels:
            group = (rel.rel_type, rel.src_label, rel.dst_label)
            if group in self.rel_groups:  # COPY would add a second edge where MERGE finds the first
                self.late_rels.append(rel)
                continue
            edges = rel.edges()
            seen = self.file_groups.setdefault(group, KeyHashes())
            hashes = key_hashes(edges[rel.identity])
            again = seen.has(hashes)
            if again.any():
                self.late_rels.append(RelFrame(*group, edges[again], rel.merge_on))
                edges, hashes = edges[~again], hashes[~again]
            seen.add(hashes)
            if len(edges):
                yield *group, rel_table(self.store.schema, group[0], edges)

    def take(self, name: str, frames: GraphFrames) -> Iterator[BulkItem]:
        """One mapped piece of file ``name``: its nodes and relationships, as parts of their tables."""
        for node in frames.nodes:
            yield from self._nodes(node, name)
        yield from self._rels(frames.rels)

    def done(self, name: str) -> Iterator[BulkItem]:
        """File ``name`` read to its end: its tables are complete, and so are the held labels
        that waited for it last; each relationship table goes once both its ends are in."""
        closing = [label for label, file in self.open.items() if file == name]
        for label, files in list(self.waiting_for.items()):
            files.discard(name)
            if not files:
                del self.waiting_for[label]
                if label in self.open:
                    closing.append(label)
        for label in closing:
            del self.open[label]
            self.closed.add(label)
            yield (label,)
        self.pending += list(self.file_groups)
        self.rel_groups |= set(self.file_groups)
        self.file_groups = {}
        yield from self._ready_rels()

    def _ready_rels(self) -> Iterator[BulkItem]:
        waiting = []
        for group in self.pending:
            if group[1] in self.open or group[2] in self.open:
                waiting.append(group)
            else:
                yield group
        self.pending = waiting

    def rest(self) -> Iterator[BulkItem]:
        """Once every file is read: whatever is still open."""
        self.waiting_for.clear()
        for label in list(self.open):
            del self.open[label]
            self.closed.add(label)
            yield (label,)
        self.pending += list(self.file_groups)
        self.file_groups = {}
        yield from self._ready_rels()

    def apply_updates(self) -> None:
        """Later records of keys copied already, partial rows of records, and edges and
        relationship groups met again, written as the incremental path writes them (so the last
        record of a key wins, and no edge doubles)."""
        for label, parts in self.updates.items():
            rows = pd.concat(parts, ignore_index=True).drop_duplicates("key", keep="last")
            self.store.upsert_nodes(label, rows_of(rows), existing=set(rows["key"]))
        for label, parts in self.partial_updates.items():
            rows = pd.concat(parts, ignore_index=True).drop_duplicates("key", keep="last")
            self.store.upsert_nodes(label, rows_of(rows), complete=False, existing=set(rows["key"]))
        self.store.upsert_rels_many([rel.batch() for rel in self.late_rels])


def write_bulk(
    store: Store,
    files: list[str],
    mapped: Iterable[tuple[FileSummary, Iterable[GraphFrames]]],
    bar: Progress,
) -> dict[str, int]:
    """Stream the mapped files (names in load order, then each file's summary and its lazily
    mapped pieces) into an empty store; returns the placeholders created per label."""

    stream = BulkStream(store, files)
    task = bar.add_task("bulk loading", total=None)

    def tables() -> Iterator[BulkItem]:
        for summary, pieces in mapped:
            for frames in pieces:
                first = next((n for n in frames.nodes if n.kind == "record"), None)
                if first is not None:
                    summary.loaded += int(first.frame["key"].nunique())
                yield from stream.take(summary.file, frames)
                account_rows(summary, frames)
            yield from stream.done(summary.file)
        yield from stream.rest()

    store.bulk_load(tables(), [], progress=lambda: bar.advance(task))
    stream.apply_updates()
    return {k: v for k, v in stream.placeholders.items() if v}
