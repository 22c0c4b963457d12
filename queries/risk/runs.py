"""One call for each thing users ask of risk (a run over the store, a subject explained): the runs the service layer wraps.

The CLI and the API call these, so both answer alike (the API keeps a run in its own short-lived
cache, keyed by the store's generation, to explain several subjects with one solve).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store

from .explain import Explanation
from .fetch import RiskInputs, fetch_inputs
from .own import own_risk
from .propagation import RiskResult, propagate_risk
from .writeback import write_back


@dataclass(frozen=True)
class RunSummary:
    as_of: date
    subjects: int
    scored: int
    iterations: int
    residual: float
    written: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def compute(store: Store, as_of: date, *, progress: bool = False) -> RiskResult:
    """Own risk from the records in force on ``as_of``, propagated over the ties in force then."""
    return _compute(fetch_inputs(store), as_of, progress=progress)


def _compute(inputs: RiskInputs, as_of: date, *, progress: bool = False) -> RiskResult:
    own = own_risk(inputs.violations, inputs.listings, as_of=as_of)
    subjects = inputs.subjects[["label", "key"]]
    return propagate_risk(inputs.indexed, own, as_of=as_of, subjects=subjects, progress=progress)


def propagate(store: Store, as_of: date, *, progress: bool = True) -> RunSummary:
    """Compute and write risk_own, risk_score, risk_rank and list_status onto every subject."""
    started = time.perf_counter()
    inputs = fetch_inputs(store)
    result = _compute(inputs, as_of, progress=progress)
    written = write_back(store, result, progress=progress, stored=inputs.subjects)
    return RunSummary(
        as_of=as_of,
        subjects=len(result.scores),
        scored=int((result.scores["risk_score"] > 0).sum()),
        iterations=result.iterations,
        residual=float(result.residual),
        written=written,
        seconds=round(time.perf_counter() - started, 3),
    )


def explain(store: Store, label: str, key: str, as_of: date, *, top_k: int = 5) -> Explanation:
    return compute(store, as_of).explain(label, key, top_k=top_k)
