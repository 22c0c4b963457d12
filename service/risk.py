"""Related-party risk: propagate and write back, the riskiest subjects, one subject explained.

The stored score (``risk_own``, ``risk_score``, ``risk_rank``, ``list_status``) is what the last
``propagate`` wrote. An explanation needs the propagation itself (a ``RiskResult`` keeps the graph
and the walk), which the store does not keep: it is computed on the whole graph as of the date.
Callers that explain several subjects pass ``runs`` (a date → run function with their own cache).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from creditgraph.graph_model.errors import CreditgraphError, NotFound, StoreError
from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.library import query
from creditgraph.queries.risk.explain import Explanation
from creditgraph.queries.risk.propagation import RiskResult
from creditgraph.queries.risk.runs import RunSummary, compute
from creditgraph.queries.risk.runs import propagate as _propagate
from creditgraph.queries.subjects import LABEL_KINDS, SubjectRef, people_by_key, subject_out

from .clock import day

log = logging.getLogger("creditgraph.service")

STORED = ("risk_own", "risk_score", "risk_rank", "list_status")
FIGURES = ("risk_score", "risk_own", "risk_rank", "list_status")  # the ranking's order
EXPLAINED = ("risk_own", "risk_score", "risk_rank", "records", "sources", "coverage")
Runs = Callable[[date], RiskResult]


@dataclass(frozen=True)
class RiskTopRow:
    """One subject of the ranking: the stored figures and the subject as users name it."""

    label: str
    key: str
    name: str | None
    risk_score: float
    risk_own: float | None
    risk_rank: int | None
    list_status: str | None
    subject: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return LABEL_KINDS[self.label]

    def stored(self) -> dict[str, Any]:
        """The raw columns of the ``risk_top`` query (label, key, name and the stored figures)."""
        return {"label": self.label, "key": self.key, "name": self.name} | self.figures()

    def figures(self) -> dict[str, Any]:
        """The stored figures, in the ranking's order (score, own, rank, list status)."""
        return {k: getattr(self, k) for k in FIGURES}


def propagate(store: Store, as_of: date | None = None, *, progress: bool = True) -> RunSummary:
    """Score every subject as of ``as_of`` (default today) and write the scores back."""
    return _propagate(store, day(as_of), progress=progress)


def top(store: Store, n: int = 20, labels: tuple[str, ...] | list[str] | None = None) -> list[RiskTopRow]:
    """The ``n`` highest stored scores across ``labels`` (default every subject label), ties by label, key."""
    rows = [
        {**r, "label": lab}
        for lab in labels or store.schema.subjects
        for r in query(store, "risk_top", subject=lab, limit=n)
    ]
    rows.sort(key=lambda r: (-r["risk_score"], r["label"], r["key"]))
    rows = rows[:n]
    people = people_by_key(store, [r["key"] for r in rows if r["label"] == "Person"])
    return [
        RiskTopRow(
            **{k: r[k] for k in ("label", "key", "name", *STORED)},
            subject=subject_out(r["label"], r["key"], r["name"], people),
        )
        for r in rows
    ]


def scores(store: Store, labels: tuple[str, ...] | list[str] | None = None) -> list[dict[str, Any]]:
    """Every subject's stored risk values (label, key, name, risk_own, risk_score, risk_rank,
    list_status, placeholder), of ``labels`` (default every subject label)."""
    return [
        {"label": label, **r}
        for label in labels or store.schema.subjects
        for r in query(store, "risk_scores", subject=label)
    ]


def run(store: Store, as_of: date | None = None) -> RiskResult:
    """The propagation on the whole graph as of ``as_of`` (default today), nothing written."""
    return compute(store, day(as_of))


def explain(
    store: Store, ref: SubjectRef, as_of: date | None = None, *, top_k: int = 5, runs: Runs | None = None
) -> Explanation:
    """Why ``ref`` scores what it does: its own records and the sources and paths its risk came by."""
    when = day(as_of)
    result = runs(when) if runs is not None else compute(store, when)
    return result.explain(ref.label, ref.key, top_k=top_k)


def subject_risk(
    store: Store, ref: SubjectRef, as_of: date | None = None, *, top_k: int = 5, runs: Runs | None = None
) -> dict[str, Any]:
    """The stored score beside the explanation (``explained: false`` and a note when it cannot run)."""
    when = day(as_of)
    node = query(store, "subject", subject=ref.label, key=ref.key)[0]["s"]
    people = people_by_key(store, [ref.key]) if ref.label == "Person" else {}
    answer: dict[str, Any] = {
        "subject": subject_out(ref.label, ref.key, node.get("name"), people),
        "as_of": when,
        "stored": {k: node.get(k) for k in STORED},
    }
    explained, note = _explained(store, ref, when, top_k, runs)
    if explained is None:
        answer.update(explained=False, note=note)
    else:
        answer.update(explained=True, **{k: explained[k] for k in EXPLAINED})
    return answer


def _explained(
    store: Store, ref: SubjectRef, when: date, top_k: int, runs: Runs | None
) -> tuple[dict[str, Any] | None, str | None]:
    try:
        explanation = explain(store, ref, when, top_k=top_k, runs=runs)
    except StoreError:
        raise  # timeouts and store errors are the caller's to report, as everywhere
    except NotFound:
        return None, "the subject is not in the risk graph"
    except CreditgraphError as exc:
        log.warning("risk explanation failed: %s", type(exc).__name__)
        return None, "the risk propagation did not complete: stored score only"
    return explanation_out(store, explanation), None


def explanation_out(store: Store, explanation: Explanation) -> dict[str, Any]:
    """An explanation as a dict whose sources are named the way users name subjects."""
    out = explanation.to_dict()
    sources = out["sources"]
    people = people_by_key(store, [s["key"] for s in sources if s["label"] == "Person"])
    for s in sources:
        if s.get("path"):  # built from node keys, not typed text: kept out of the free-text masking
            s["path"]["summary"] = s["path"].pop("text")
        name = (
            people.get(s["key"], {}).get("name")
            if s["label"] == "Person"
            else _name(store, s["label"], s["key"])
        )
        s.update(subject_out(s["label"], s["key"], name, people))
    return out


def _name(store: Store, label: str, key: str) -> str | None:
    rows = query(store, "subject", subject=label, key=key) if label in store.schema.subjects else []
    return rows[0]["s"].get("name") if rows else None
