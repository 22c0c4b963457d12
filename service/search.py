"""Name search over the subjects: jieba tokens, partial names.

A name matches when it holds the whole text or every one of its tokens (``常州五金`` finds
常州市天开五金股份有限公司). The text is normalised first (``graph_model.normalize.text``: full-width
to half-width, lower case, punctuation dropped). One named query per subject label
(``search_names``: CONTAINS on the embedded store, the ``name_fulltext`` index on Neo4j); the
labels' results are concatenated in a fixed order and paged without ever skipping past a label's end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from creditgraph.graph_model.normalize import text as normalise
from creditgraph.graph_model.normalize import tokenize
from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.library import query
from creditgraph.queries.subjects import KINDS, people_by_key, subject_out

from .errors import BadParam


@dataclass(frozen=True)
class SearchPage:
    data: list[dict[str, Any]]
    count: int
    tokens: list[str]


def search_names(
    store: Store, q: str, kind: str | None = None, *, offset: int = 0, limit: int = 50
) -> SearchPage:
    """One page of the subjects (of one kind, or all) whose name holds ``q`` or all its tokens."""
    text = normalise(q)
    tokens = list(dict.fromkeys(tokenize(text))) if text else []
    if not tokens:
        raise BadParam("q", "q holds no letters, digits or Chinese characters to search for")
    labels = [KINDS[kind]] if kind else [lab for lab in KINDS.values() if lab in store.schema.subjects]
    params = {"q": text, "tokens": tokens}
    counts = {lab: int(query(store, "search_names_count", subject=lab, **params)[0]["n"]) for lab in labels}
    rows = []
    start, end = offset, offset + limit
    seen = 0
    for lab in labels:
        n = counts[lab]
        lo, hi = max(start - seen, 0), min(end - seen, n)
        if lo < hi:  # this label's slice of the page; never a SKIP past its end
            hits = query(store, "search_names", subject=lab, offset=lo, limit=hi - lo, **params)
            rows += [(lab, r) for r in hits]
        seen += n
    people = people_by_key(store, [r["key"] for lab, r in rows if lab == "Person"])
    data = [subject_out(lab, r["key"], r["name"], people) for lab, r in rows]
    return SearchPage(data=data, count=sum(counts.values()), tokens=tokens)
