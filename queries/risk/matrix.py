"""The risk graph as one sparse matrix, built once with vectorised code from an edge table.

Nodes are subjects plus the shared identifiers (Phone, Address, Account) that tie them; an
identifier held by one subject ties no one and one held by very many (a registered-agent
address) is generic, so both are dropped. Edges are undirected, weighted by type
(``weights.EDGE_WEIGHTS``), parallel ties add up. The solver wants ``M = A D^-1``: column
stochastic, so ``M @ x`` moves risk one step and stays a plain CSR mat-vec.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from creditgraph.graph_model.errors import InputError

from .weights import EDGE_WEIGHTS, IDENTIFIER_LABELS, MAX_IDENTIFIER_SUBJECTS

EDGE_COLUMNS = ("type", "src_label", "src", "dst_label", "dst")


@dataclass(eq=False)
class RiskGraph:
    """The node index, the weighted adjacency and the transition matrix, and the edges behind them."""

    labels: pd.Categorical  # per node
    keys: pd.Index  # per node
    adjacency: sp.csr_array  # A: symmetric, summed type weights; unit self-loops on isolated subjects
    degree: np.ndarray  # weighted degree of every node (row sums of A)
    transition: sp.csr_array  # M = A D^-1; M @ x is one step of the walk
    edge_src: np.ndarray  # kept edges as stored (direction kept for naming paths)
    edge_dst: np.ndarray
    edge_type: pd.Categorical
    generic: pd.DataFrame = field(repr=False)  # identifiers dropped: label, key, subjects
    subject_nodes: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.int64))
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.keys)

    @cached_property
    def is_subject(self) -> np.ndarray:
        ident = np.isin(np.asarray(self.labels.categories, dtype=object), list(IDENTIFIER_LABELS))
        return ~ident[self.labels.codes]

    def locate(self, label: str, key: str) -> int | None:
        """The node index of one subject, or None when it is not in the graph."""
        if label not in self.labels.categories:
            return None
        code = self.labels.categories.get_loc(label)
        hits = np.flatnonzero(np.asarray(self.keys == key) & (self.labels.codes == code))
        return int(hits[0]) if len(hits) else None

    @cached_property
    def _pairs(self) -> tuple[np.ndarray, np.ndarray]:
        lo = np.minimum(self.edge_src, self.edge_dst).astype(np.int64)
        hi = np.maximum(self.edge_src, self.edge_dst).astype(np.int64)
        pair = lo * self.n + hi
        order = np.argsort(pair, kind="stable")
        return pair[order], order

    def ties(self, u: int, v: int) -> list[tuple[str, int, int]]:
        """The stored edges between two nodes as (type, src, dst), heaviest type first."""
        pair, order = self._pairs
        key = min(u, v) * self.n + max(u, v)
        lo, hi = np.searchsorted(pair, [key, key + 1])
        rows = order[lo:hi]
        found = [(str(self.edge_type[i]), int(self.edge_src[i]), int(self.edge_dst[i])) for i in rows]
        return sorted(found, key=lambda t: -EDGE_WEIGHTS.get(t[0], 0.0))


def _as_table(edges: pa.Table | pd.DataFrame) -> pa.Table:
    table = edges if isinstance(edges, pa.Table) else pa.Table.from_pandas(edges, preserve_index=False)
    missing = [c for c in EDGE_COLUMNS if c not in table.column_names]
    if missing:
        raise InputError(f"the edge table needs columns {missing}")
    return table


def _as_date32(col: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_date32(col.type):
        return col
    if pa.types.is_null(col.type):
        return pc.cast(col, pa.date32())
    if pa.types.is_timestamp(col.type) or pa.types.is_date64(col.type):
        return pc.cast(col, pa.date32())
    return pc.cast(pc.cast(col, pa.string()), pa.date32())


def _in_force(table: pa.Table, as_of: date) -> pa.Array | None:
    """True for edges holding on ``as_of``: since ≤ as_of < until (an end date is the first day
    a link no longer holds, as everywhere in creditgraph; unknown = holds)."""
    mask = None
    day = pa.scalar(as_of, pa.date32())
    for col, op in (("since", pc.less_equal), ("until", pc.greater)):
        if col in table.column_names:
            ok = pc.fill_null(op(_as_date32(table[col]), day), True)
            mask = ok if mask is None else pc.and_(mask, ok)
    return mask


def _codes(*columns: pa.ChunkedArray) -> tuple[np.ndarray, pd.Index]:
    """Factorise several string columns together (pandas hands Arrow strings to Arrow's hash)."""
    joined = pa.chunked_array([chunk for col in columns for chunk in col.chunks], pa.string())
    codes, uniques = pd.factorize(pd.Series(joined, dtype=pd.ArrowDtype(pa.string()), copy=False))
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def _nodes(
    key_code: np.ndarray, keys: pd.Index, label_code: np.ndarray
) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """A node is a (label, key) pair; when every key comes with one label (the usual case) the key
    codes already are the node codes and a second hash pass is saved."""
    label_of = np.full(len(keys), -1, dtype=np.int64)
    label_of[key_code] = label_code
    if np.array_equal(label_of[key_code], label_code):
        return key_code, keys, label_of
    n_labels = int(label_code.max()) + 1
    combined = key_code * n_labels + label_code
    if len(keys) * n_labels < 2**28:  # dense remap: a bitmap and a cumulative sum, no second hash
        present = np.zeros(len(keys) * n_labels, dtype=bool)
        present[combined] = True
        uniques = np.flatnonzero(present)
        node_code = (np.cumsum(present) - 1)[combined]
    else:
        node_code, uniques = pd.factorize(combined)
        uniques = np.asarray(uniques)
    return node_code.astype(np.int64, copy=False), keys[uniques // n_labels], uniques % n_labels


@dataclass(frozen=True)
class IndexedEdges:
    """Edges as integer positions into a node table, both in one canonical order (what
    ``fetch_inputs`` reads; ``build_graph`` takes it without hashing a key).

    The node table holds every subject first (by label in the schema's order, then by key), then
    the identifiers that tie two subjects or more (by label, then key); the edges are sorted by
    type, source and target position. The order depends on the graph alone, not on the order a
    store returned rows in: the solve sums floats in node order, so both stores give the same
    scores to the last bit."""

    labels: pd.Categorical  # per node
    keys: pd.Index  # per node (Arrow strings)
    n_subjects: int  # the first n_subjects nodes are the subjects, in the order of RiskInputs.subjects
    type_names: tuple[str, ...]
    type_code: np.ndarray  # per edge, into type_names
    src: np.ndarray  # per edge, node position
    dst: np.ndarray
    since: pa.Array  # date32 per edge (NULL: unknown)
    until: pa.Array

    @property
    def num_rows(self) -> int:
        return len(self.src)

    def table(self) -> pa.Table:
        """The edges in ``Store.export_edges`` shape (keys, not positions)."""
        keys = pa.array(self.keys.array, pa.string()) if len(self.keys) else pa.array([], pa.string())
        labels = pa.array(np.asarray(self.labels.categories, dtype=object), pa.string())
        codes = self.labels.codes
        return pa.table(
            {
                "type": pa.array(np.asarray(self.type_names, dtype=object)[self.type_code], pa.string())
                if self.num_rows
                else pa.array([], pa.string()),
                "src_label": labels.take(pa.array(codes[self.src])),
                "src": keys.take(pa.array(self.src)),
                "dst_label": labels.take(pa.array(codes[self.dst])),
                "dst": keys.take(pa.array(self.dst)),
                "since": self.since,
                "until": self.until,
            }
        )


def _locate(index: IndexedEdges, labels: pa.ChunkedArray, keys: pa.ChunkedArray) -> np.ndarray:
    """Node positions of (label, key) pairs in ``index``'s node table (-1 where absent). Each
    label's node keys are hashed against the (few) keys asked for, not the other way round."""
    at = np.full(len(keys), -1, dtype=np.int64)
    if not len(keys):
        return at
    encoded = pc.dictionary_encode(labels).combine_chunks()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    flat = (keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys).cast(pa.string())
    node_keys = pa.array(index.keys.array, pa.string()) if len(index.keys) else pa.array([], pa.string())
    node_keys = node_keys.combine_chunks() if isinstance(node_keys, pa.ChunkedArray) else node_keys
    categories = list(index.labels.categories)
    for i, label in enumerate(encoded.dictionary.to_pylist()):
        if label not in categories:
            continue
        rows = np.flatnonzero(codes == i)
        nodes = np.flatnonzero(index.labels.codes == categories.index(label))
        asked = flat.take(pa.array(rows))
        wanted = pc.unique(asked)
        contiguous = len(nodes) and nodes[-1] - nodes[0] + 1 == len(nodes)  # a label's nodes in one run
        mine = node_keys.slice(int(nodes[0]), len(nodes)) if contiguous else node_keys.take(pa.array(nodes))
        hit = pc.index_in(mine, value_set=wanted)  # node -> which wanted key
        pos = np.full(len(wanted), -1, dtype=np.int64)
        pos[hit.drop_null().to_numpy()] = nodes[hit.is_valid().to_numpy(zero_copy_only=False)]
        at[rows] = pos[pc.index_in(asked, value_set=wanted).to_numpy(zero_copy_only=False)]
    return at


def build_graph(
    edges: pa.Table | pd.DataFrame | IndexedEdges,
    *,
    as_of: date | None = None,
    edge_weights: Mapping[str, float] | None = None,
    max_identifier_subjects: int = MAX_IDENTIFIER_SUBJECTS,
    subjects: Iterable[tuple[str, str]] | pd.DataFrame | Sequence[pd.DataFrame] | None = None,
) -> RiskGraph:
    """Build the risk graph from an edge table (``Store.export_edges`` shape, or the
    :class:`IndexedEdges` ``fetch_inputs`` reads) in one vectorised pass.

    ``subjects`` (label, key pairs, or frames with those columns) adds nodes that must be scored even without ties (a subject with
    own risk and no relations keeps exactly its own risk: it gets a self-loop);
    ``RiskGraph.subject_nodes`` gives their node indices, in order.
    """
    weights = dict(EDGE_WEIGHTS if edge_weights is None else edge_weights)
    if isinstance(edges, IndexedEdges):
        return _build_indexed(edges, as_of, weights, max_identifier_subjects, subjects)
    table = _as_table(edges)
    n_raw_edges = table.num_rows
    wanted = pa.array([t for t, w in weights.items() if w > 0], pa.string())
    mask = pc.is_in(pc.cast(table["type"], pa.string()), value_set=wanted)
    if as_of is not None:
        live = _in_force(table, as_of)
        if live is not None:
            mask = pc.and_(mask, live)
    table = table.filter(mask)
    m = table.num_rows

    extra_labels, extra_keys = _extra(subjects)
    s = lambda name: pc.cast(table[name], pa.string())  # noqa: E731
    key_code, key_uniques = _codes(s("src"), s("dst"), extra_keys)
    label_code, label_uniques = _codes(s("src_label"), s("dst_label"), extra_labels)
    node_code, node_key, node_label_code = _nodes(key_code, key_uniques, label_code)
    node_label = pd.Categorical.from_codes(node_label_code, categories=label_uniques)
    src, dst, extra = node_code[:m], node_code[m : 2 * m], node_code[2 * m :]

    types = pc.dictionary_encode(pc.cast(table["type"], pa.string())).combine_chunks()
    type_names = types.dictionary.to_pylist()
    type_code = types.indices.to_numpy(zero_copy_only=False)
    return _assemble(
        node_label,
        node_key,
        src,
        dst,
        extra,
        type_names,
        type_code,
        weights,
        max_identifier_subjects,
        n_raw_edges,
    )


def _build_indexed(
    index: IndexedEdges,
    as_of: date | None,
    weights: dict[str, float],
    max_identifier_subjects: int,
    subjects: Iterable[tuple[str, str]] | pd.DataFrame | Sequence[pd.DataFrame] | None,
) -> RiskGraph:
    """``build_graph`` on integer positions: the in-force and weight filters, then the shared
    assembly; the extra subjects are found in the node table (a pair it lacks becomes a node)."""
    wanted = np.asarray([weights.get(t, 0.0) > 0 for t in index.type_names] or [False], dtype=bool)
    keep = wanted[index.type_code] if index.num_rows else np.zeros(0, dtype=bool)
    if as_of is not None and index.num_rows:
        live = _in_force(pa.table({"since": index.since, "until": index.until}), as_of)
        if live is not None:
            keep &= live.to_numpy(zero_copy_only=False)
    src, dst, type_code = index.src[keep], index.dst[keep], index.type_code[keep]

    frames = [] if subjects is None else [subjects] if isinstance(subjects, pd.DataFrame) else list(subjects)
    if frames and not all(isinstance(f, pd.DataFrame) for f in frames):
        frames = [pd.DataFrame(frames, columns=["label", "key"])]  # (label, key) pairs
    node_label, node_key = index.labels, index.keys
    subject_keys = pa.array(index.keys.array[: index.n_subjects], pa.string())
    parts = []
    for frame in frames:
        labels, keys = _extra([frame])
        if len(keys) == index.n_subjects and pc.all(pc.equal(keys, subject_keys)).as_py() is True:
            parts.append(np.arange(index.n_subjects, dtype=np.int64))  # the node table's own subjects
        else:
            parts.append(_locate(index, labels, keys))
    extra = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    missing = np.flatnonzero(extra < 0)
    if len(missing):  # subjects the store did not list: nodes of their own, after the others
        labels, keys = _extra(frames)
        new = pd.DataFrame(
            {
                "label": pc.take(labels, pa.array(missing)).to_pylist(),
                "key": pc.take(keys, pa.array(missing)).to_pylist(),
            }
        )
        first = new.drop_duplicates(ignore_index=True)
        categories = list(node_label.categories)
        categories += [c for c in first["label"].unique() if c not in categories]
        node_label = pd.Categorical(
            list(node_label.astype(object)) + first["label"].tolist(), categories=categories
        )
        node_key = pd.Index(list(node_key) + first["key"].tolist())
        where = {
            pair: len(index.keys) + i for i, pair in enumerate(zip(first["label"], first["key"], strict=True))
        }
        extra[missing] = [where[pair] for pair in zip(new["label"], new["key"], strict=True)]
    return _assemble(
        node_label,
        node_key,
        src,
        dst,
        extra,
        list(index.type_names),
        type_code,
        weights,
        max_identifier_subjects,
        index.num_rows,
    )


def _assemble(
    node_label: pd.Categorical,
    node_key: pd.Index,
    src: np.ndarray,
    dst: np.ndarray,
    extra: np.ndarray,
    type_names: list[str],
    type_code: np.ndarray,
    weights: Mapping[str, float],
    max_identifier_subjects: int,
    n_raw_edges: int,
) -> RiskGraph:
    """The graph from coded edges: generic and lone identifiers dropped, the adjacency, the walk."""
    n = len(node_key)
    node_label_code = np.asarray(node_label.codes, dtype=np.int64)
    label_uniques = node_label.categories
    w = np.asarray([weights.get(t, 0.0) for t in type_names] or [0.0], dtype=np.float64)[type_code]

    # identifiers: keep those tying 2..max distinct subjects, drop the rest with their edges
    ident_label = np.isin(np.asarray(label_uniques, dtype=object), list(IDENTIFIER_LABELS))
    is_ident = ident_label[node_label_code] if n else np.zeros(0, dtype=bool)
    src_id, dst_id = is_ident[src], is_ident[dst]
    touches = src_id | dst_id
    pairs = np.sort(
        np.where(src_id, src, dst)[touches].astype(np.int64) * n + np.where(src_id, dst, src)[touches]
    )
    if len(pairs):
        pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])]  # the same tie twice counts once
    held_by = np.bincount(pairs // max(n, 1), minlength=n)
    bad_ident = is_ident & ((held_by < 2) | (held_by > max_identifier_subjects))
    keep = ~(bad_ident[src] | bad_ident[dst]) & (src != dst)
    generic_at = np.flatnonzero(is_ident & (held_by > max_identifier_subjects))
    generic = pd.DataFrame(
        {"label": node_label[generic_at], "key": node_key[generic_at], "subjects": held_by[generic_at]}
    )

    # compact: drop identifier nodes left without edges; every subject stays
    alive = ~is_ident
    alive[src[keep]] = True
    alive[dst[keep]] = True
    remap = np.cumsum(alive) - 1
    src, dst, w = remap[src[keep]], remap[dst[keep]], w[keep]
    extra = remap[extra]
    edge_type = pd.Categorical.from_codes(type_code[keep], categories=type_names)
    if not alive.all():
        node_label, node_key, is_ident = node_label[alive], node_key[alive], is_ident[alive]
    n = int(alive.sum())
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    data = np.concatenate([w, w])
    deg = np.bincount(rows, weights=data, minlength=n)
    lonely = np.flatnonzero(deg == 0)  # subjects without ties: a self-loop keeps their own risk put
    if len(lonely):
        rows = np.concatenate([rows, lonely])
        cols = np.concatenate([cols, lonely])
        data = np.concatenate([data, np.ones(len(lonely))])
        deg[lonely] = 1.0
    index_dtype = np.int32 if max(n, len(data)) < 2**31 - 1 else np.int64
    adjacency = sp.csr_array((data, (rows.astype(index_dtype), cols.astype(index_dtype))), shape=(n, n))
    adjacency.sum_duplicates()
    transition = adjacency.copy()
    transition.data /= deg[transition.indices]  # column j scaled by 1/d_j: M = A D^-1 (A symmetric)
    stats = {
        "edges_in": n_raw_edges,
        "edges_used": len(w),
        "nodes": n,
        "subjects": int((~is_ident).sum()),
        "identifiers": int(is_ident.sum()),
        "generic_identifiers": len(generic),
        "nonzeros": int(transition.nnz),
    }
    return RiskGraph(
        labels=node_label,
        keys=node_key,
        adjacency=adjacency,
        degree=deg,
        transition=transition,
        edge_src=src,
        edge_dst=dst,
        edge_type=edge_type,
        generic=generic,
        stats=stats,
        subject_nodes=extra,
    )


def _column(values: pd.Series) -> pa.ChunkedArray:
    """A label or key column as Arrow strings, without a Python pass when it already is Arrow."""
    if isinstance(values.dtype, pd.ArrowDtype | pd.CategoricalDtype) or pd.api.types.is_string_dtype(values):
        try:
            array = pa.array(values)  # a ChunkedArray when pandas holds Arrow chunks already
            chunked = array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
            return pc.cast(chunked, pa.string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return pa.chunked_array([pa.array(values.astype(str), pa.string())])


def _extra(
    subjects: Iterable[tuple[str, str]] | pd.DataFrame | Sequence[pd.DataFrame] | None,
) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    if subjects is None:
        subjects = []
    frames = [subjects] if isinstance(subjects, pd.DataFrame) else list(subjects)
    if frames and all(isinstance(f, pd.DataFrame) for f in frames):
        labels = [c for f in frames for c in _column(f["label"]).chunks]
        keys = [c for f in frames for c in _column(f["key"]).chunks]
        return pa.chunked_array(labels, pa.string()), pa.chunked_array(keys, pa.string())
    labels, keys = [p[0] for p in frames], [p[1] for p in frames]
    return pa.chunked_array([pa.array(labels, pa.string())]), pa.chunked_array([pa.array(keys, pa.string())])
