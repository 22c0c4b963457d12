"""Fetch what the risk model needs from a store: records, edges and the list of subjects.

Everything travels as Arrow (``library.query_table``): a million keys as Python dicts cost seconds.
One named query of the library per subject label (``risk_violations``, ``risk_listings``,
``risk_stored``, templated by label); the records are filtered in Python, not in Cypher, so every
exclusion keeps its reason for the explanation.

Shared identifiers (Phone, Address, Account) come with a pre-filter: only the edges of an
identifier with at least two edges of its type. One held by a single subject ties no one and is
dropped by ``build_graph`` anyway (most identifiers are such: 1.76M of 1.76M+ edges on the
benchmark graph), so the filter changes no score and spares exporting and hashing their keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..library import query_table
from .matrix import IndexedEdges, _as_date32
from .own import LISTING_COLUMNS, VIOLATION_COLUMNS
from .weights import EDGE_WEIGHTS, IDENTIFIER_LABELS
from .writeback import WRITTEN as STORED

if TYPE_CHECKING:
    from creditgraph.graph_model.stores.base import Store

#: The library's query of the edges of identifiers with two edges or more, by relationship type.
SHARED_EDGES = {
    "HAS_PHONE": "risk_shared_phone_edges",
    "HAS_ADDRESS": "risk_shared_address_edges",
    "HAS_ACCOUNT": "risk_shared_account_edges",
}
EDGE_PROPERTIES = ("since", "until")


@dataclass(frozen=True)
class RiskInputs:
    violations: pd.DataFrame  # VIOLATION_COLUMNS
    listings: pd.DataFrame  # LISTING_COLUMNS
    subjects: pd.DataFrame  # label, key and the STORED values of every subject (write-back resets quiet ones)
    indexed: IndexedEdges  # the weighted edges as positions into subjects + shared identifiers

    @cached_property
    def edges(self) -> pa.Table:
        """The edges in ``Store.export_edges`` shape (lone identifiers left out), keys taken on
        demand: the service builds the graph from ``indexed`` and never needs them."""
        return self.indexed.table()


def _per_label(store: Store, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    parts = []
    for label in store.schema.subjects:
        table = query_table(store, name, subject=label)
        if table.num_rows:
            parts.append(table.to_pandas().assign(label=label))
    if not parts:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(parts, ignore_index=True).reindex(columns=list(columns))


def _subjects(store: Store) -> tuple[pd.DataFrame, dict[str, tuple[int, pa.Array, pa.Array]]]:
    """label (categorical), key (Arrow strings) and the stored values, one Arrow query per label,
    in the canonical order (labels as the schema lists them, keys ascending); and per label its
    first position, keys and store handles (``_id``) in that order."""
    labels = list(store.schema.subjects)
    parts, where, base = [], {}, 0
    for label in labels:
        # with the values the last run stored, so the write-back compares without re-reading
        table = query_table(store, "risk_stored", subject=label)
        if not table.num_rows:
            continue
        table = table.take(
            pc.sort_indices(table["key"])
        )  # here, not in the store: Ladybug's ORDER BY took 2-4x longer
        keys = table["key"].combine_chunks().cast(pa.string())
        where[label] = (base, keys, table["_id"].combine_chunks())
        parts.append((label, table))
        base += table.num_rows
    if not parts:
        return pd.DataFrame(columns=["label", "key", *STORED]), where
    codes = np.concatenate([np.full(t.num_rows, labels.index(lab), dtype=np.int8) for lab, t in parts])
    table = pa.concat_tables([t for _, t in parts], promote_options="permissive")
    out = pd.DataFrame(
        {
            "label": pd.Categorical.from_codes(codes, categories=labels),
            "key": pd.Series(table["key"].cast(pa.string()), dtype=pd.ArrowDtype(pa.string()), copy=False),
        }
    )
    for c in STORED:
        out[c] = table[c].to_pandas() if c in table.column_names else None
    return out, where


def _rel_targets(store: Store, rel_type: str) -> set[str]:
    return {dst for _, dst in store.schema.rel(rel_type).pairs}


def _shared_types(store: Store, rel_types: list[str]) -> list[str]:
    """The types read through ``SHARED_EDGES``: an identifier reached by one type only, whose
    edges of that type are all it has."""
    targets = {t: _rel_targets(store, t) for t in rel_types}
    return [
        t
        for t, ends in targets.items()
        if len(ends) == 1
        and ends <= IDENTIFIER_LABELS
        and sum(1 for other in targets.values() if ends & other) == 1
        and t in SHARED_EDGES
    ]


def fetch_edges(store: Store, rel_types=None) -> pa.Table:
    """The edges of ``rel_types`` (default every weighted type), in ``Store.export_edges`` shape."""
    rel_types = list(EDGE_WEIGHTS if rel_types is None else rel_types)
    shared = _shared_types(store, rel_types)
    parts = [store.export_edges([t for t in rel_types if t not in shared], list(EDGE_PROPERTIES))]
    parts += [_shared_edges(store, t) for t in shared]
    return pa.concat_tables([p for p in parts if p.num_rows] or parts[:1], promote_options="permissive")


def _shared_edges(store: Store, rel_type: str) -> pa.Table:
    """One ``SHARED_EDGES`` query's rows in ``Store.export_edges`` shape (no dates: none declared)."""
    (ident,) = _rel_targets(store, rel_type)
    table = query_table(store, SHARED_EDGES[rel_type])
    n = table.num_rows
    if not n:
        return pa.table({})
    return pa.table(
        {
            "type": pa.array([rel_type] * n, pa.string()),
            "src_label": table["src_label"].cast(pa.string()),
            "src": table["src"].cast(pa.string()),
            "dst_label": pa.array([ident] * n, pa.string()),
            "dst": table["dst"].cast(pa.string()),
            **{p: pa.nulls(n, pa.date32()) for p in EDGE_PROPERTIES},
        }
    )


def _label_rows(
    where: dict[str, tuple[int, pa.Array, pa.Array]], labels: pa.ChunkedArray
) -> Iterator[tuple[tuple[int, pa.Array, pa.Array], np.ndarray]]:
    """Each subject label among ``labels``: its entry in ``where`` and the rows that carry it."""
    encoded = pc.dictionary_encode(labels).combine_chunks()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    for i, label in enumerate(encoded.dictionary.to_pylist()):
        if label in where:
            yield where[label], np.flatnonzero(codes == i)


def _by_handle(
    where: dict[str, tuple[int, pa.Array, pa.Array]], labels: pa.ChunkedArray, ids: pa.ChunkedArray
) -> np.ndarray:
    """Subject positions of edge ends given by store handle (-1: not a subject)."""
    at = np.full(len(ids), -1, dtype=np.int64)
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    for (base, _, handles), rows in _label_rows(where, labels):
        if pa.types.is_integer(handles.type):  # table offsets: a dense map, no hashing
            h = handles.to_numpy()
            dense = np.full(int(h.max()) + 1 if len(h) else 0, -1, dtype=np.int64)
            dense[h] = np.arange(len(h)) + base
            mine = ids.take(pa.array(rows)).to_numpy()
            ok = mine < len(dense)
            at[rows[ok]] = dense[mine[ok]]
        else:
            found = pc.index_in(ids.take(pa.array(rows)), value_set=handles)
            hit = found.is_valid().to_numpy(zero_copy_only=False)
            at[rows[hit]] = base + found.drop_null().to_numpy()
    return at


def _by_key(
    where: dict[str, tuple[int, pa.Array, pa.Array]], labels: pa.ChunkedArray, keys: pa.ChunkedArray
) -> np.ndarray:
    """Subject positions of edge ends given by key (-1: not a subject), hashing each label's
    keys once against the (few) keys asked for."""
    at = np.full(len(keys), -1, dtype=np.int64)
    keys = keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys
    for (base, label_keys, _), rows in _label_rows(where, labels):
        asked = keys.take(pa.array(rows)).cast(pa.string())
        wanted = pc.unique(asked)
        hit = pc.index_in(label_keys, value_set=wanted)  # subject row -> which wanted key
        pos = np.full(len(wanted), -1, dtype=np.int64)
        valid = hit.is_valid().to_numpy(zero_copy_only=False)
        pos[hit.drop_null().to_numpy()] = np.flatnonzero(valid) + base
        at[rows] = pos[pc.index_in(asked, value_set=wanted).to_numpy(zero_copy_only=False)]
    return at


def _read_edges(store: Store) -> tuple[pa.Table, pa.Table]:
    """Every weighted edge, as two tables: types between subjects from
    ``export_edges(node_ids=True)`` (no key read on the embedded store), identifier types through
    ``SHARED_EDGES`` (keys, few)."""
    rel_types = list(EDGE_WEIGHTS)
    shared = _shared_types(store, rel_types)
    subject_labels = set(store.schema.subjects)
    between = [
        t
        for t in rel_types
        if t not in shared and all({a, b} <= subject_labels for a, b in store.schema.rel(t).pairs)
    ]
    by_id = store.export_edges(between, list(EDGE_PROPERTIES), node_ids=True)
    by_key = fetch_edges(store, [t for t in rel_types if t not in between])
    return by_id, by_key


def _indexed(
    store: Store, subjects: pd.DataFrame, where: dict, by_id: pa.Table, by_key: pa.Table
) -> IndexedEdges:
    """Every weighted edge (``_read_edges``) as positions into the subjects and the identifiers
    that tie two or more, in the canonical order (``IndexedEdges``)."""
    rel_types = list(EDGE_WEIGHTS)
    n_subjects = len(subjects)

    # ends that are not subjects (identifiers): nodes after the subjects, by label then key
    src_k = _by_key(where, by_key["src_label"], by_key["src"]) if by_key.num_rows else np.zeros(0, np.int64)
    dst_k = _by_key(where, by_key["dst_label"], by_key["dst"]) if by_key.num_rows else np.zeros(0, np.int64)
    others = pa.table({"label": pa.array([], pa.string()), "key": pa.array([], pa.string())})
    if by_key.num_rows:
        ends = pa.concat_tables(
            [
                pa.table(
                    {"label": by_key["src_label"].cast(pa.string()), "key": by_key["src"].cast(pa.string())}
                ).filter(pa.array(src_k < 0)),
                pa.table(
                    {"label": by_key["dst_label"].cast(pa.string()), "key": by_key["dst"].cast(pa.string())}
                ).filter(pa.array(dst_k < 0)),
            ]
        )
        others = (
            ends.group_by(["label", "key"])
            .aggregate([])
            .sort_by([("label", "ascending"), ("key", "ascending")])
        )
        other_where = {}
        for label in pc.unique(others["label"]).to_pylist():
            rows = np.flatnonzero(pc.equal(others["label"], label).to_numpy(zero_copy_only=False))
            keys = others["key"].combine_chunks().take(pa.array(rows))
            other_where[label] = (n_subjects + int(rows[0]), keys, keys)
        src_k = np.where(src_k < 0, _by_key(other_where, by_key["src_label"], by_key["src"]), src_k)
        dst_k = np.where(dst_k < 0, _by_key(other_where, by_key["dst_label"], by_key["dst"]), dst_k)

    src = np.concatenate(
        [
            _by_handle(where, by_id["src_label"], by_id["src"]) if by_id.num_rows else np.zeros(0, np.int64),
            src_k,
        ]
    )
    dst = np.concatenate(
        [
            _by_handle(where, by_id["dst_label"], by_id["dst"]) if by_id.num_rows else np.zeros(0, np.int64),
            dst_k,
        ]
    )
    if (src < 0).any() or (dst < 0).any():
        raise LookupError("an edge end is neither a subject the store listed nor an identifier")
    type_names = tuple(sorted(rel_types))
    types = pa.chunked_array(
        [c for t in (by_id, by_key) if t.num_rows for c in t["type"].cast(pa.string()).chunks], pa.string()
    )
    type_code = (
        pc.index_in(types, value_set=pa.array(type_names)).to_numpy(zero_copy_only=False).astype(np.int64)
        if len(types)
        else np.zeros(0, np.int64)
    )
    dates = {
        p: pa.chunked_array(
            [c for t in (by_id, by_key) if t.num_rows for c in _as_date32(t[p]).chunks], pa.date32()
        )
        for p in EDGE_PROPERTIES
    }
    n_nodes = n_subjects + others.num_rows
    order = np.argsort((type_code * n_nodes + src) * n_nodes + dst)  # one int64 key: (type, src, dst)
    take = pa.array(order)
    labels = list(store.schema.subjects)
    label_names = labels + [x for x in pc.unique(others["label"]).to_pylist() if x not in labels]
    other_codes = pc.index_in(others["label"], value_set=pa.array(label_names)).to_numpy(zero_copy_only=False)
    node_codes = np.concatenate(
        [np.asarray(subjects["label"].cat.codes, dtype=np.int64), other_codes.astype(np.int64)]
    )
    subject_keys = pa.array(subjects["key"])  # Arrow-backed: its chunks, no copy
    subject_keys = (
        subject_keys if isinstance(subject_keys, pa.ChunkedArray) else pa.chunked_array([subject_keys])
    )
    node_keys = pa.chunked_array(
        [*subject_keys.cast(pa.string()).chunks, *others["key"].cast(pa.string()).chunks], pa.string()
    )
    return IndexedEdges(
        labels=pd.Categorical.from_codes(node_codes, categories=label_names),
        keys=pd.Index(pd.Series(node_keys, dtype=pd.ArrowDtype(pa.string()), copy=False)),
        n_subjects=n_subjects,
        type_names=type_names,
        type_code=type_code[order],
        src=src[order],
        dst=dst[order],
        since=dates["since"].take(take).combine_chunks() if len(order) else pa.array([], pa.date32()),
        until=dates["until"].take(take).combine_chunks() if len(order) else pa.array([], pa.date32()),
    )


def fetch_inputs(store: Store) -> RiskInputs:
    """Everything ``own_risk`` and ``propagate_risk`` take, read from one store.

    The edges are read on a second thread while this one reads and orders the subjects: each
    waits on the store or in Arrow with the GIL released, and on 1M subjects the two took
    1.1 s and 0.9 s one after the other."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="risk-edges") as pool:
        edges = pool.submit(_read_edges, store)
        subjects, where = _subjects(store)
        violations = _per_label(store, "risk_violations", VIOLATION_COLUMNS)
        listings = _per_label(store, "risk_listings", LISTING_COLUMNS)
        by_id, by_key = edges.result()
    return RiskInputs(
        violations=_in_order(violations, ["label", "key", "record"]),
        listings=_in_order(listings, ["label", "key", "record"]),
        subjects=subjects,
        indexed=_indexed(store, subjects, where, by_id, by_key),
    )


def _in_order(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Records in one order whatever order the store returned them in (own risk sums them)."""
    if frame.empty:
        return frame
    return frame.sort_values(columns, kind="stable", ignore_index=True)
