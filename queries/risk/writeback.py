"""Write the scores back onto the subjects: only what changed, as Arrow tables, one label at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from creditgraph.graph_model.schema import SchemaError

from ..library import query_table

if TYPE_CHECKING:
    from creditgraph.graph_model.stores.base import Store

    from .propagation import RiskResult

#: The subject properties a propagation run owns (declared on the abstract Subject in schema.yaml).
WRITTEN = ("risk_own", "risk_score", "risk_rank", "list_status")
_TYPES = {
    "risk_own": pa.float64(),
    "risk_score": pa.float64(),
    "risk_rank": pa.int64(),
    "list_status": pa.string(),
}
#: Share of the total own risk below which a propagated score (of a subject without own risk)
#: is stored as NULL; None = the run's own tolerance. Power iteration and CG leave a positive score
#: on every subject connected to any risk at all, however far: 830k of 1.01M subjects on the
#: benchmark graph, which made the first write-back the slowest part of a run. The solve stops at
#: an L1 residual of ``tol`` (1e-6 of the total), and its error on the whole vector is bounded by
#: tol / (1 - alpha) ≈ 6.7e-6 of the total: a score below ``tol`` of the total is below what the
#: solve itself vouches for, indistinguishable from zero. On the benchmark graph that is ~0.1
#: own-risk units (a tenth of one fresh general violation) and leaves 55k subjects scored (245k
#: at 1e-7, 830k at 1e-9). The in-memory result (API, explain) keeps every score; the order of
#: the stored scores is unchanged (the tail ranks last anyway).
NEGLIGIBLE: float | None = None
#: What moves on every run (the score and rank of everyone near a change) and what rarely does.
_SCORE, _OWN = ("risk_score", "risk_rank"), WRITTEN


def write_back(
    store: Store,
    result: RiskResult,
    *,
    batch_size: int | None = None,
    progress: bool = False,
    stored: pd.DataFrame | None = None,
    negligible: float | None = NEGLIGIBLE,
) -> int:
    """Set risk_own, risk_score, risk_rank and list_status where they changed; returns subjects written.

    Writing is the slow part on the embedded store, so only subjects whose values differ from
    the stored ones are written. ``stored`` is what ``fetch_inputs`` read with the subjects
    (label, key and the four values); without it they are read here, one Arrow scan per label.
    A subject with no risk keeps NULLs rather than zeros: "no risk" either way, and a re-run
    after a small change writes only what moved. So does a subject without own risk whose
    propagated score is below ``negligible`` of the total own risk (default: the run's ``tol``,
    :data:`NEGLIGIBLE`): its risk_score and risk_rank are stored as NULL ("no measurable risk"),
    see there why. Rows whose own risk or list status changed are
    written whole; the many whose score or rank alone moved get those two columns only (half
    the work per row on Ladybug). Labels are checked against the schema's subjects before any
    write; ``placeholder`` is never touched.
    """
    scores = result.scores
    subjects = set(store.schema.subjects)
    unknown = sorted({str(label) for label in scores["label"].unique()} - subjects)
    if unknown:
        raise SchemaError(f"not subject labels: {unknown}")
    old = _aligned(result, stored)
    plans = []
    for label, group in scores.groupby("label", observed=True, sort=False):
        label = str(label)
        if old is not None:
            before = old.iloc[group.index.to_numpy()].reset_index(drop=True)
        else:
            frame = None
            if stored is not None:
                frame = stored.loc[stored["label"] == label, ["key", *WRITTEN]]
            before = _read(store, label, group, frame)
        floor = result.tol if negligible is None else negligible
        whole, score_only = _changed(group, before, floor * result.total_own)
        plans += [(label, whole, _OWN), (label, score_only, _SCORE)]
    total = sum(t.num_rows for _, t, _ in plans)
    size = max(batch_size or 250_000, 1)  # one LOAD FROM statement (and commit) per 250k rows
    bar = _bar(progress, total)
    written = 0
    try:
        for label, table, columns in plans:
            for i in range(0, table.num_rows, size):
                batch = table.slice(i, size)
                written += store.set_properties_table(label, batch, columns)
                if bar is not None:
                    bar[0].update(bar[1], advance=batch.num_rows, description=f"writing {label}")
    finally:
        if bar is not None:
            bar[0].stop()
    return written


def _aligned(result: RiskResult, stored: pd.DataFrame | None) -> pd.DataFrame | None:
    """The stored values row by row with ``result.scores``, laid by node index without hashing a
    key, when ``stored`` is the very ``subjects`` frame the result was computed with (checked)."""
    at, graph, scores = result.subjects_at, result.graph, result.scores
    if stored is None or at is None or len(at) != len(stored) or not set(WRITTEN) <= set(stored):
        return None
    nodes = np.flatnonzero(graph.is_subject)
    if len(nodes) != len(scores) or not scores.index.equals(pd.RangeIndex(len(scores))):
        return None
    same = _keys(_rows(graph.keys, at)) == _keys(stored["key"])
    same &= _keys(_rows(graph.keys, nodes)) == _keys(scores["key"])
    if not same:
        return None
    row_of = np.full(graph.n, -1, dtype=np.int64)
    row_of[nodes] = np.arange(len(nodes))
    rows = row_of[at]
    keep = rows >= 0
    out = pd.DataFrame(index=pd.RangeIndex(len(scores)))
    for c in WRITTEN:
        values = stored[c].to_numpy(
            dtype=object if c == "list_status" else float, na_value=None if c == "list_status" else np.nan
        )
        column = np.full(len(scores), None if c == "list_status" else np.nan, dtype=values.dtype)
        column[rows[keep]] = values[keep]
        out[c] = column
    return out


def _rows(index: pd.Index, at: np.ndarray) -> pd.Index:
    """``index[at]``, as a slice (no copy of a million keys) when ``at`` is a run 0, 1, 2, …"""
    if len(at) and at[0] == 0 and at[-1] == len(at) - 1 and (len(at) < 2 or (np.diff(at) == 1).all()):
        return index[: len(at)]
    return index[at]


def _keys(values) -> pa.ChunkedArray:
    array = pa.array(pd.Series(values, copy=False) if not isinstance(values, pd.Series) else values)
    return array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])


def _read(store: Store, label: str, group: pd.DataFrame, old: pd.DataFrame | None) -> pd.DataFrame:
    """The stored values of ``group``'s subjects, read (one Arrow scan) unless given, by key."""
    if old is None:
        old = query_table(store, "risk_stored", subject=label).to_pandas()  # the last run's values
    if not len(old):
        return pd.DataFrame(np.nan, index=pd.RangeIndex(len(group)), columns=list(WRITTEN))
    keys = group["key"].astype(object)
    old = old.drop_duplicates("key").set_index(old["key"].drop_duplicates().astype(object))
    return old.reindex(pd.Index(keys)).reset_index(drop=True)


def _changed(group: pd.DataFrame, old: pd.DataFrame, floor: float = 0.0) -> tuple[pa.Table, pa.Table]:
    """Rows of ``group`` to write whole, and rows whose score or rank alone changed (no own risk
    and a score at or below ``floor`` count as NULL), as typed Arrow tables. ``old`` holds the
    stored values row by row."""
    new = group[["key", *WRITTEN]].reset_index(drop=True)
    new["risk_rank"] = new["risk_rank"].astype("float64")
    no_own = new["risk_own"].fillna(0) <= 0
    new.loc[no_own, "risk_own"] = np.nan
    new.loc[no_own & (new["risk_score"].fillna(0) <= floor), ["risk_score", "risk_rank"]] = np.nan
    new["list_status"] = new["list_status"].fillna("").astype(object)

    def moved(column: str) -> np.ndarray:
        a = new[column].to_numpy(dtype=float)
        b = pd.to_numeric(old[column], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            far = np.abs(a - b) > 1e-12 * (1 + np.nan_to_num(np.abs(a)))
        return (np.isnan(a) != np.isnan(b)) | far

    own_moved = moved("risk_own") | (
        new["list_status"].to_numpy() != old["list_status"].fillna("").astype(object).to_numpy()
    )
    score_moved = (moved("risk_score") | moved("risk_rank")) & ~own_moved
    new["list_status"] = new["list_status"].replace("", None)
    return _table(new[own_moved], WRITTEN), _table(new[score_moved], _SCORE)


def _table(rows: pd.DataFrame, columns: tuple[str, ...]) -> pa.Table:
    arrays = {"key": pa.array(rows["key"], pa.string())}
    for c in columns:
        values = rows[c]
        if c == "risk_rank":
            arrays[c] = pa.array(values.to_numpy(dtype=float), mask=values.isna().to_numpy()).cast(pa.int64())
        else:
            arrays[c] = pa.array(values, _TYPES[c], from_pandas=True)
    return pa.table(arrays)


def _bar(enabled: bool, total: int):
    if not enabled:
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    if not progress.console.is_terminal:  # a bar that vanishes leaves a blank line in a pipe or file
        return None
    progress.start()
    return progress, progress.add_task("writing risk", total=total)
