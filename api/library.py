"""The API's own named queries (``api/cypher/*.cypher``), in the same format and loader as the
shared library in ``queries/``; a route runs them with :func:`run_query`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph_model.errors import NotFound
from graph_model.stores import Row, Store
from queries.library import NamedQuery, load_library

API_QUERY_DIR = Path(__file__).with_name("cypher")


def api_query(name: str) -> NamedQuery:
    try:
        return load_library(API_QUERY_DIR)[name]
    except KeyError:
        raise NotFound(f"no API query named {name!r}") from None


def run_query(store: Store, name: str, **params: Any) -> list[Row]:
    q = api_query(name)
    return store.run(q.text_for(store.backend), q.bind(params), write=q.writes)


def run_page(
    store: Store, name: str, count_name: str, *, offset: int, limit: int, **params: Any
) -> tuple[list[Row], int]:
    """One page of a named query and the total its count query gives.

    The count runs first and a page past the end is answered without running the page query:
    Ladybug 0.22 segfaults on ``ORDER BY … SKIP n`` when ``n`` is far past the last row (seen at
    3 rows / SKIP 12000 and 60k rows / SKIP 95000), so no query of ours ever skips past the end.
    """
    total = int(run_query(store, count_name, **params)[0]["n"])
    if offset >= total:
        return [], total
    return run_query(store, name, offset=offset, limit=limit, **params), total
