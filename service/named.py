"""The library's named queries as analysts use them: which there are, and one run by name."""

from __future__ import annotations

from typing import Any

from creditgraph.graph_model.stores.base import Row, Store
from creditgraph.queries.library import load_library, query


def catalog() -> list[dict[str, Any]]:
    """The read-only named queries: name, parameters, whether templated by label, what each answers."""
    return [
        {"name": q.name, "params": ", ".join(q.params), "templated": bool(q.templated), "answers": q.answers}
        for q in load_library().values()
        if not q.writes
    ]


def run(
    store: Store, name: str, /, subject: str | None = None, other: str | None = None, **params: Any
) -> list[Row]:
    """Run the named query ``name`` (``subject``/``other`` fill a templated query's labels)."""
    return query(store, name, subject=subject, other=other, **params)
