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

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from ..library import query_table
from .own import LISTING_COLUMNS, VIOLATION_COLUMNS
from .weights import EDGE_WEIGHTS, IDENTIFIER_LABELS
from .writeback import WRITTEN as STORED

if TYPE_CHECKING:
    from graph_model.stores.base import Store

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
    edges: pa.Table  # Store.export_edges(EDGE_WEIGHTS, ["since", "until"]), lone identifiers left out
    subjects: pd.DataFrame  # label, key and the STORED values of every subject (write-back resets quiet ones)


def _per_label(store: Store, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    parts = []
    for label in store.schema.subjects:
        table = query_table(store, name, subject=label)
        if table.num_rows:
            parts.append(table.to_pandas().assign(label=label))
    if not parts:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(parts, ignore_index=True).reindex(columns=list(columns))


def _subjects(store: Store) -> pd.DataFrame:
    """label (categorical), key (Arrow strings) and the stored values, one Arrow query per label."""
    parts = []
    for label in store.schema.subjects:
        # with the values the last run stored, so the write-back compares without re-reading
        table = query_table(store, "risk_stored", subject=label)
        if table.num_rows:
            parts.append(table.append_column("label", pa.array([label] * table.num_rows, pa.string())))
    if not parts:
        return pd.DataFrame(columns=["label", "key", *STORED])
    table = pa.concat_tables(parts, promote_options="permissive")
    out = pd.DataFrame(
        {
            "label": pd.Categorical(table["label"].to_numpy(zero_copy_only=False)),
            "key": pd.Series(table["key"], dtype=pd.ArrowDtype(pa.string()), copy=False),
        }
    )
    for c in STORED:
        out[c] = table[c].to_pandas() if c in table.column_names else None
    return out


def _rel_targets(store: Store, rel_type: str) -> set[str]:
    return {dst for _, dst in store.schema.rel(rel_type).pairs}


def fetch_edges(store: Store, rel_types=None) -> pa.Table:
    """The edges of ``rel_types`` (default every weighted type), in ``Store.export_edges`` shape."""
    rel_types = list(EDGE_WEIGHTS if rel_types is None else rel_types)
    targets = {t: _rel_targets(store, t) for t in rel_types}
    # an identifier reached by one type only: its edges of that type are all it has
    shared = [
        t
        for t, ends in targets.items()
        if len(ends) == 1
        and ends <= IDENTIFIER_LABELS
        and sum(1 for other in targets.values() if ends & other) == 1
        and t in SHARED_EDGES
    ]
    parts = [store.export_edges([t for t in rel_types if t not in shared], list(EDGE_PROPERTIES))]
    for rel_type in shared:
        (ident,) = targets[rel_type]
        table = query_table(store, SHARED_EDGES[rel_type])
        if not table.num_rows:
            continue
        n = table.num_rows
        parts.append(
            pa.table(
                {
                    "type": pa.array([rel_type] * n, pa.string()),
                    "src_label": table["src_label"].cast(pa.string()),
                    "src": table["src"].cast(pa.string()),
                    "dst_label": pa.array([ident] * n, pa.string()),
                    "dst": table["dst"].cast(pa.string()),
                    **{p: pa.nulls(n, pa.date32()) for p in EDGE_PROPERTIES},
                }
            )
        )
    return pa.concat_tables([p for p in parts if p.num_rows] or parts[:1], promote_options="permissive")


def fetch_inputs(store: Store, *, all_subjects: bool = True) -> RiskInputs:
    """Everything ``own_risk`` and ``propagate_risk`` take, read from one store."""
    subjects = _subjects(store) if all_subjects else pd.DataFrame(columns=["label", "key", *STORED])
    return RiskInputs(
        violations=_in_order(
            _per_label(store, "risk_violations", VIOLATION_COLUMNS), ["label", "key", "record"]
        ),
        listings=_in_order(_per_label(store, "risk_listings", LISTING_COLUMNS), ["label", "key", "record"]),
        edges=fetch_edges(store).sort_by([(c, "ascending") for c in EDGE_ORDER]),
        subjects=_in_order(subjects, ["label", "key"]),
    )


#: Inputs are put in one order whatever order the store returned them in: the solve sums floats in
#: node order, so the same graph read from the two stores gives the same scores to the last bit.
EDGE_ORDER = ("type", "src_label", "src", "dst_label", "dst")


def _in_order(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame.sort_values(columns, kind="stable", ignore_index=True)
