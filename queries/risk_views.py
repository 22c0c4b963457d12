"""Reading back what `risk propagate` wrote: the top of the ranking across every subject label."""

from __future__ import annotations

from typing import Any

from graph_model.stores.base import Store

from .subjects import people_by_key, subject_out


def top_risks(store: Store, n: int = 20, labels: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    rows = []
    for label in labels or store.schema.subjects:
        rows += store.query("risk_top", subject=label, limit=n)
    rows.sort(key=lambda r: (-r["risk_score"], r["label"], r["key"]))
    rows = rows[:n]
    people = people_by_key(store, [r["key"] for r in rows if r["label"] == "Person"])
    return [
        {
            **subject_out(r["label"], r["key"], r["name"], people),
            **{k: r[k] for k in ("risk_score", "risk_own", "risk_rank", "list_status")},
        }
        for r in rows
    ]
