"""The bulk path: a big first batch streamed into an empty store with ``COPY``.

Files are validated and mapped one by one, in load order, while the store copies the tables
already complete on the other core (``Store.bulk_load`` takes them lazily):

- a label's own records go as soon as their file is mapped (a label that later files add
  partial rows to, ``HELD_FOR``, waits for those files);
- records of a key copied already (one phone number in companies.csv and persons.csv) become
  updates, applied once the copies are done, so the last record of a key wins as before;
- placeholders and relationships go once every file is read: only then is it known which keys
  never get a record of their own, and every relationship finds both ends.

Before, every file was read before the first ``COPY``, and the store sat idle for the first
two thirds of a million-subject load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from graph_model.arrow import node_table, rel_table
from graph_model.stores.base import Store

from .mapping import GraphFrames, NodeFrame, RelFrame, rows_of

if TYPE_CHECKING:
    from rich.progress import Progress

    from .loader import FileSummary

#: Labels that a later contract file adds ``partial`` rows to, and those files: their records
#: wait until those files are mapped (tests/records check this against the mappers).
HELD_FOR: dict[str, tuple[str, ...]] = {"Company": ("intermediaries.csv",)}


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
        self.held: dict[str, list[NodeFrame]] = defaultdict(list)  # placeholders, partials, held records
        self.rels: dict[tuple[str, str, str], list[RelFrame]] = defaultdict(list)
        self.copied: dict[str, list[pd.Series]] = defaultdict(list)  # keys of each label in the store
        self.updates: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self.placeholders: dict[str, int] = defaultdict(int)

    def _copied(self, label: str, keys: pd.Series) -> pd.Series:
        """Which of ``keys`` are in the store already (a boolean mask)."""
        if not self.copied[label]:
            return pd.Series(False, index=keys.index)
        return keys.isin(pd.concat(self.copied[label], ignore_index=True))

    def _table(self, label: str, frame: pd.DataFrame) -> tuple[str, pa.Table]:
        self.copied[label].append(frame["key"])
        self.placeholders[label] += int(frame["placeholder"].sum())
        return label, node_table(self.store.schema, label, frame)

    def take(self, name: str, frames: GraphFrames) -> Iterator[tuple[str, pa.Table]]:
        """One mapped file: keep what must wait, yield the node tables that can be copied now."""
        records: dict[str, list[pd.DataFrame]] = defaultdict(list)
        for node in frames.nodes:
            if node.kind == "record" and node.label not in self.waiting_for:
                records[node.label].append(node.frame)
            else:
                self.held[node.label].append(node)
        for rel in frames.rels:
            self.rels[(rel.rel_type, rel.src_label, rel.dst_label)].append(rel)
        for label, parts in records.items():
            rows = pd.concat(parts, ignore_index=True).drop_duplicates("key", keep="last")
            again = self._copied(label, rows["key"])
            if again.any():
                self.updates[label].append(rows[again])
                rows = rows[~again]
            if len(rows):
                yield self._table(label, rows.reset_index(drop=True).assign(placeholder=False))
        for label, files in list(self.waiting_for.items()):
            files.discard(name)
            if files:
                continue
            del self.waiting_for[label]  # its partial rows are all in: records and partials go
            frames_now = self.held.pop(label, [])
            self.held[label] = [n for n in frames_now if n.kind == "placeholder"]
            ready = [n for n in frames_now if n.kind != "placeholder"]
            if ready:
                yield self._table(label, merge_nodes(ready))

    def rest(self) -> Iterator[tuple[str, pa.Table]]:
        """Once every file is read: what never got a record (placeholders, partial rows)."""
        for label in list(self.held):
            frames = self.held.pop(label)
            if not frames:
                continue
            merged = merge_nodes(frames)
            merged = merged[~self._copied(label, merged["key"])]
            if len(merged):
                yield self._table(label, merged.reset_index(drop=True))

    def rel_tables(self) -> Iterator[tuple[str, str, str, pa.Table]]:
        while self.rels:
            (rel_type, src, dst), frames = next(iter(self.rels.items()))
            del self.rels[(rel_type, src, dst)]  # let the frames go once their table is built
            merged = pd.concat([f.frame for f in frames], ignore_index=True)
            merged = merged.drop_duplicates(["src", "dst", *frames[0].merge_on], keep="last")
            yield rel_type, src, dst, rel_table(self.store.schema, rel_type, merged)

    def apply_updates(self) -> None:
        """Later records of keys copied already, written over them as the incremental path would."""
        for label, parts in self.updates.items():
            rows = pd.concat(parts, ignore_index=True).drop_duplicates("key", keep="last")
            self.store.upsert_nodes(label, rows_of(rows), existing=set(rows["key"]))


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

    def node_tables() -> Iterator[tuple[str, pa.Table]]:
        for summary, frames in mapped:
            if frames is None:
                continue
            first = next((n for n in frames.nodes if n.kind == "record"), None)
            if first is not None:
                summary.loaded = int(first.frame["key"].nunique())
            yield from stream.take(summary.file, frames)
        yield from stream.rest()

    store.bulk_load(node_tables(), stream.rel_tables(), progress=lambda: bar.advance(task))
    stream.apply_updates()
    return {k: v for k, v in stream.placeholders.items() if v}
