"""Fetch what the risk model needs from a store: records, edges and the list of subjects.

One statement per subject label, the label interpolated only from the schema's own list (as
``Store.export_edges`` does); the records are filtered in Python, not in Cypher, so every
exclusion keeps its reason for the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from .own import LISTING_COLUMNS, VIOLATION_COLUMNS
from .weights import EDGE_WEIGHTS

if TYPE_CHECKING:
    from graph_model.stores.base import Store

_VIOLATION = (
    "MATCH (s:{label})-[:COMMITTED]->(v:Violation) RETURN s.key AS key, v.key AS record, "
    "v.severity AS severity, v.decided_at AS decided_at, v.display_until AS display_until, "
    "v.repaired_at AS repaired_at, v.contested AS contested, v.upheld_objection AS upheld_objection"
)
_LISTING = (
    "MATCH (s:{label})-[:LISTED_IN]->(e:ListEntry) RETURN s.key AS key, e.key AS record, "
    "e.list AS list, e.listed_at AS listed_at, e.expires_at AS expires_at, e.removed_at AS removed_at, "
    "e.contested AS contested, e.upheld_objection AS upheld_objection"
)
_SUBJECTS = "MATCH (s:{label}) RETURN s.key AS key"


@dataclass(frozen=True)
class RiskInputs:
    violations: pd.DataFrame  # VIOLATION_COLUMNS
    listings: pd.DataFrame  # LISTING_COLUMNS
    edges: pa.Table  # Store.export_edges(EDGE_WEIGHTS, ["since", "until"])
    subjects: pd.DataFrame  # label, key of every subject, so a write-back resets the quiet ones


def _per_label(store: Store, template: str, columns: tuple[str, ...]) -> pd.DataFrame:
    parts = []
    for label in store.schema.subjects:
        rows = store.run(template.format(label=label))
        if rows:
            parts.append(pd.DataFrame(rows).assign(label=label))
    if not parts:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(parts, ignore_index=True).reindex(columns=list(columns))


def fetch_inputs(store: Store, *, all_subjects: bool = True) -> RiskInputs:
    """Everything ``own_risk`` and ``propagate_risk`` take, read from one store."""
    return RiskInputs(
        violations=_per_label(store, _VIOLATION, VIOLATION_COLUMNS),
        listings=_per_label(store, _LISTING, LISTING_COLUMNS),
        edges=store.export_edges(list(EDGE_WEIGHTS), ["since", "until"]),
        subjects=_per_label(store, _SUBJECTS, ("label", "key"))
        if all_subjects
        else pd.DataFrame(columns=["label", "key"]),
    )
