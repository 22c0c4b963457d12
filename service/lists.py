"""Published red and black list entries (what the ``public`` role may see)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph_model.stores.base import Store

from .clock import day
from .paging import run_page


def list_entries(
    store: Store, lists: list[str], as_of: date | None = None, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of the entries of ``lists`` (red, black) in force on ``as_of`` (default today), and the total."""
    return run_page(
        store, "list_entries", "list_entries_count", lists=lists, as_of=day(as_of), offset=offset, limit=limit
    )
