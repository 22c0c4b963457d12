"""Write the scores back onto the subjects, in batches, one label at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph_model.schema import SchemaError

if TYPE_CHECKING:
    from graph_model.stores.base import Store

    from .propagation import RiskResult

#: The subject properties a propagation run owns (declared on the abstract Subject in schema.yaml).
WRITTEN = ("risk_own", "risk_score", "risk_rank", "list_status")


def write_back(
    store: Store, result: RiskResult, *, batch_size: int | None = None, progress: bool = False
) -> int:
    """Set risk_own, risk_score, risk_rank and list_status on every scored subject; returns rows written.

    Goes through ``store.upsert_nodes`` so both backends take the same path; labels come from the
    result and are checked against the schema's subjects before anything is written.
    """
    scores = result.scores
    subjects = set(store.schema.subjects)
    unknown = sorted(set(scores["label"].astype(str)) - subjects)
    if unknown:
        raise SchemaError(f"not subject labels: {unknown}")
    size = batch_size or store.batch_size
    bar = _bar(progress, len(scores))
    written = 0
    try:
        for label, group in scores.groupby("label", observed=True, sort=True):
            frame = group[["key", *WRITTEN]].astype({"key": object, "list_status": object})
            rows = frame.to_dict("records")
            for i in range(0, len(rows), size):
                batch = rows[i : i + size]
                written += store.upsert_nodes(str(label), batch)
                if bar is not None:
                    bar[0].update(bar[1], advance=len(batch), description=f"writing {label}")
    finally:
        if bar is not None:
            bar[0].stop()
    return written


def _bar(enabled: bool, total: int):
    if not enabled:
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    progress.start()
    return progress, progress.add_task("writing risk", total=total)
