"""The one default for "today": an interface passes ``None`` and the service decides here."""

from __future__ import annotations

from datetime import date

from creditgraph.graph_model.clock import today


def day(as_of: date | None) -> date:
    """``as_of``, or today in the product's time zone (``graph_model.clock.today``)."""
    return as_of if as_of is not None else today()
