"""One page of a named list query, for every interface (the count first, never a skip past the end).

Every query lives in the one library (``queries/cypher/``), so the Neo4j lint and the embedded
store's tests see them all."""

from __future__ import annotations

from typing import Any

from creditgraph.graph_model.stores import Row, Store
from creditgraph.queries.library import query


def run_page(
    store: Store, name: str, count_name: str, *, offset: int, limit: int, **params: Any
) -> tuple[list[Row], int]:
    """One page of a named query and the total its count query gives.

    The count runs first and a page past the end is answered without running the page query:
    Ladybug 0.22 segfaults on ``ORDER BY … SKIP n`` when ``n`` is far past the last row (seen at
    3 rows / SKIP 12000 and 60k rows / SKIP 95000), so no query of ours ever skips past the end.
    """
    total = int(query(store, count_name, **params)[0]["n"])
    if offset >= total:
        return [], total
    return query(store, name, offset=offset, limit=limit, **params), total
