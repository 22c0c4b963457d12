"""Whether the store answers, and what it holds."""

from __future__ import annotations

from typing import Any

from graph_model.stores.base import Store
from queries.library import query


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
