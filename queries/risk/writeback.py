"""Write the scores back onto the subjects, in batches, one label at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from graph_model.schema import SchemaError

if TYPE_CHECKING:
    from graph_model.stores.base import Store

    from .propagation import RiskResult

#: The subject properties a propagation run owns (declared on the abstract Subject in schema.yaml).
WRITTEN = ("risk_own", "risk_score", "risk_rank", "list_status")


def write_back(
    store: Store, result: RiskResult, *, batch_size: int | None = None, progress: bool = False
) -> int:
    """Set risk_own, risk_score, risk_rank and list_status where they changed; returns rows written.

    Writing is the slow part on the embedded store (~20k rows/s), so the stored values are read
    first (one scan per label) and only subjects whose values differ are written. A subject with
    no risk keeps NULLs rather than zeros: "no risk" either way, and a re-run after a small change
    writes only what moved. Labels are checked against the schema's subjects before any write;
    ``placeholder`` is never touched.
    """
    scores = result.scores
    subjects = set(store.schema.subjects)
    unknown = sorted(set(scores["label"].astype(str)) - subjects)
    if unknown:
        raise SchemaError(f"not subject labels: {unknown}")
    changed = {
        str(label): _changed(store, str(label), group)
        for label, group in scores.groupby("label", observed=True)
    }
    total = sum(len(rows) for rows in changed.values())
    size = batch_size or store.batch_size
    bar = _bar(progress, total)
    written = 0
    try:
        for label, rows in changed.items():
            for i in range(0, len(rows), size):
                batch = rows[i : i + size]
                written += store.set_properties(label, batch, WRITTEN)
                if bar is not None:
                    bar[0].update(bar[1], advance=len(batch), description=f"writing {label}")
    finally:
        if bar is not None:
            bar[0].stop()
    return written


def _changed(store: Store, label: str, group: pd.DataFrame) -> list[dict]:
    """Rows of ``group`` whose values differ from the stored ones (zero risk counts as NULL)."""
    new = group[["key", *WRITTEN]].astype({"key": object}).set_index("key")
    zero = new["risk_score"].fillna(0) <= 0
    new.loc[zero & (new["risk_own"].fillna(0) <= 0), ["risk_own", "risk_score", "risk_rank"]] = np.nan
    new["list_status"] = new["list_status"].replace("", None)
    old = store.query_arrow(
        f"MATCH (n:{label}) RETURN n.key AS key, n.risk_own AS risk_own, n.risk_score AS risk_score, "
        "n.risk_rank AS risk_rank, n.list_status AS list_status"
    ).to_pandas()
    old = (
        old.set_index("key").reindex(new.index)
        if len(old)
        else pd.DataFrame(index=new.index, columns=list(WRITTEN))
    )
    differs = pd.Series(False, index=new.index)
    for column in ("risk_own", "risk_score", "risk_rank"):
        a = pd.to_numeric(new[column], errors="coerce")
        b = pd.to_numeric(old[column], errors="coerce")
        differs |= (a.isna() != b.isna()) | ((a - b).abs() > 1e-12 * (1 + a.abs().fillna(0)))
    differs |= new["list_status"].fillna("").astype(str) != old["list_status"].fillna("").astype(str)
    out = new[differs].reset_index()
    out["risk_rank"] = out["risk_rank"].astype("Int64")
    return out.astype(object).where(out.notna(), None).to_dict("records")


def _bar(enabled: bool, total: int):
    if not enabled:
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    progress.start()
    return progress, progress.add_task("writing risk", total=total)
