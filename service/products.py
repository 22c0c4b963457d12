"""Product trace: product → manufacturer → shops → platforms → couriers, with the violations met."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.trace import product_trace

from .clock import day


def trace(store: Store, product_id: str, as_of: date | None = None) -> dict[str, Any]:
    """Where a product comes from and goes on ``as_of`` (default today), with the violations in force."""
    return product_trace(store, product_id, day(as_of))
