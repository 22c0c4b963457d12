"""The bulk path: a big first batch streamed into an empty store with ``COPY``.

Files are validated and mapped one by one, in load order, while the store copies the tables
already complete on the other core (``Store.bulk_load`` takes them lazily):

- a file's records, the placeholders its references need (keys not in the store yet: files
  come in dependency order, so a subject's own file comes before the files that name it) and
  its relationships go as soon as it is mapped; a label met again later (placeholders a late
  file needs) comes in parts, which the store writes through MERGE;
- a label that a later file adds partial rows to, or that several files add records to (phones
  and addresses: ``HELD_FOR``), waits for those files, and so do the relationships that touch it;
- a record of a key copied already and a
  relationship group met again in a later file are written after the copies, as the
  incremental path writes them: the last record of a key wins and no edge doubles.

Before, every file was read before the first ``COPY``, and the store sat idle for the first
two thirds of a million-subject load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pandas as pd

from graph_model.arrow import node_table, rel_table
from graph_model.stores.base import BulkItem, Store

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
    """What has been copied so far, and what waits: the state of one streamed bulk load."""

    def __init__(self, store: Store, files: list[str]) -> None:
        self.store = store
        self.waiting_for = {
            label: present
            for label, sources in HELD_FOR.items()
            if (present := {f for f in sources if f in files})
        }
        self.held: dict[str, list[NodeFrame]] = defaultdict(list)  # held labels' frames, partial rows
        self.rels: list[RelFrame] = []  # waiting for a held end
        self.copied: dict[str, list[pd.Series]] = {}  # keys of each label in the store
        self.rel_groups: set[tuple[str, str, str]] = set()  # (type, src, dst) copied already
        self.updates: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self.late_rels: list[RelFrame] = []  # a relationship group met again in a later file
        self.placeholders: dict[str, int] = defaultdict(int)

    def _in_store(self, label: str) -> list[pd.Series]:
        """The keys of ``label`` in the store: on first use those already there (the subject
        tables are empty on this path, but policy ingest makes jurisdictions, agencies and
        violation types that records name), then each part as it is copied."""
        if label not in self.copied:
            table = self.store.node_keys(label)
            self.copied[label] = [table.column("key").to_pandas()] if table.num_rows else []
        return self.copied[label]

    def _copied(self, label: str, keys: pd.Series) -> pd.Series:
        """Which of ``keys`` are in the store already (a boolean mask)."""
        known = self._in_store(label)
        if not known:
            return pd.Series(False, index=keys.index)
        return keys.isin(pd.concat(known, ignore_index=True))

    def _nodes(self, label: str, frame: pd.DataFrame) -> Iterator[BulkItem]:
        if len(frame):
            frame = frame.reset_index(drop=True)
            self._in_store(label).append(frame["key"])
            self.placeholders[label] += int(frame["placeholder"].sum())
            yield label, node_table(self.store.schema, label, frame)

    def _records(self, label: str, parts: list[pd.DataFrame]) -> Iterator[BulkItem]:
        """New keys are copied; a key copied already (from an earlier file) becomes an update."""
        rows = pd.concat(parts, ignore_index=True).drop_duplicates("key", keep="last")
        again = self._copied(label, rows["key"])
        if again.any():
            self.updates[label].append(rows[again])
        yield from self._nodes(label, rows[~again].assign(placeholder=False))

    def _placeholders(self, label: str, parts: list[pd.DataFrame]) -> Iterator[BulkItem]:
        rows = pd.concat(parts, ignore_index=True).drop_duplicates("key", keep="first")
        yield from self._nodes(label, rows[~self._copied(label, rows["key"])].assign(placeholder=True))

    def _rels(self, frames: list[RelFrame]) -> Iterator[BulkItem]:
        """Relationship groups whose ends are all in (no end label held): copied now."""
        groups: dict[tuple[str, str, str], list[RelFrame]] = defaultdict(list)
        for rel in frames:
            if rel.src_label in self.waiting_for or rel.dst_label in self.waiting_for:
                self.rels.append(rel)
            else:
                groups[(rel.rel_type, rel.src_label, rel.dst_label)].append(rel)
        for group, parts in groups.items():
            if group in self.rel_groups:  # COPY would add a second edge where MERGE finds the first
                self.late_rels += parts
                continue
            self.rel_groups.add(group)
            merged = RelFrame(
                *group, pd.concat([f.frame for f in parts], ignore_index=True), parts[0].merge_on
            )
            yield *group, rel_table(self.store.schema, group[0], merged.edges())

    def take(self, name: str, frames: GraphFrames) -> Iterator[BulkItem]:
        """One mapped file: copy its records, the placeholders it needs and its relationships,
        except what waits for a later file."""
        records: dict[str, list[pd.DataFrame]] = defaultdict(list)
        holders: dict[str, list[pd.DataFrame]] = defaultdict(list)
        for node in frames.nodes:
            if node.label in self.waiting_for or node.kind == "partial":
                self.held[node.label].append(node)
            else:
                (records if node.kind == "record" else holders)[node.label].append(node.frame)
        for label, parts in records.items():
            yield from self._records(label, parts)
        for label, parts in holders.items():
            yield from self._placeholders(label, parts)
        for label, files in list(self.waiting_for.items()):
            files.discard(name)
            if not files:  # its partial rows are all in: records merged with them go
                del self.waiting_for[label]
                yield from self.release(label)
        yield from self._rels(frames.rels)

    def release(self, label: str) -> Iterator[BulkItem]:
        """A held label's frames: records and partial rows merged, then missing placeholders."""
        frames = self.held.pop(label, [])
        ready = [n for n in frames if n.kind != "placeholder"]
        if ready:
            merged = merge_nodes(ready)
            again = self._copied(label, merged["key"])
            if again.any():  # partial rows of keys copied already (not declared in HELD_FOR)
                self.updates[label].append(merged[again].drop(columns="placeholder"))
            yield from self._nodes(label, merged[~again])
        holders = [n.frame for n in frames if n.kind == "placeholder"]
        if holders:
            yield from self._placeholders(label, holders)
        yield from self._waiting_rels()

    def _waiting_rels(self) -> Iterator[BulkItem]:
        """The relationships that waited for a held end, again: those whose ends are all in go."""
        waiting, self.rels = self.rels, []
        yield from self._rels(waiting)

    def rest(self) -> Iterator[BulkItem]:
        """Once every file is read: whatever still waits."""
        self.waiting_for.clear()
        for label in list(self.held):
            yield from self.release(label)
        yield from self._waiting_rels()

    def apply_updates(self) -> None:
        """Later records of keys copied already, and relationship groups met again, written as
        the incremental path writes them (so the last record of a key wins, and no edge doubles)."""
        for label, parts in self.updates.items():
            rows = pd.concat(parts, ignore_index=True).drop_duplicates("key", keep="last")
            self.store.upsert_nodes(label, rows_of(rows), existing=set(rows["key"]))
        self.store.upsert_rels_many([rel.batch() for rel in self.late_rels])


def write_bulk(
    store: Store,
    files: list[str],
    mapped: Iterable[tuple[FileSummary, GraphFrames | None]],
    bar: Progress,
) -> dict[str, int]:
    """Stream the mapped files (names in load order, then the lazily mapped frames) into an
    empty store; returns the placeholders created per label."""

    stream = BulkStream(store, files)
    task = bar.add_task("bulk loading", total=None)

    def tables() -> Iterator[BulkItem]:
        for summary, frames in mapped:
            if frames is None:
                continue
            first = next((n for n in frames.nodes if n.kind == "record"), None)
            if first is not None:
                summary.loaded = int(first.frame["key"].nunique())
            account_rows(summary, frames)
            yield from stream.take(summary.file, frames)
        yield from stream.rest()

    store.bulk_load(tables(), [], progress=lambda: bar.advance(task))
    stream.apply_updates()
    return {k: v for k, v in stream.placeholders.items() if v}
