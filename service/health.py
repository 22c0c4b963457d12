"""Whether the store answers, and what it holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.library import WarmUp, query
from creditgraph.queries.library import warm_up as _warm_up


def ready(store: Store) -> str:
    """The store's backend once it has answered a trivial query (raises the store's error if not)."""
    query(store, "ready")
    return store.backend


def status(store: Store) -> dict[str, Any]:
    """How many nodes of every label and relationships of every type the store holds."""
    return store.counts()


def jurisdictions(store: Store) -> list[dict[str, Any]]:
    """The administrative divisions (GB/T 2260) the graph holds: a few thousand at most."""
    return query(store, "jurisdictions")


def warm_up(store: Store, stop: Callable[[], bool] = lambda: False) -> WarmUp:
    """Every library read once, so the first requests after a start do not pay for a cold server's
    plans and page cache (queries.library.warm_up)."""
    return _warm_up(store, stop=stop)
