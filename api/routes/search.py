"""Name search over the subjects: jieba tokens, partial names. Officials only (persons are found
too, masked by role); a page that holds persons is audited.

A name matches when it holds the whole text or every one of its tokens (``常州五金`` finds
常州市天开五金股份有限公司). The text is normalised first (``graph_model.normalize.text``: full-width
to half-width, lower case, punctuation dropped). One named query per subject label
(``search_names``: CONTAINS on the embedded store, the ``name_fulltext`` index on Neo4j); the
labels' results are concatenated in a fixed order and paged without ever skipping past a label's
end.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from graph_model.normalize import text as normalise
from graph_model.normalize import tokenize
from queries.subjects import KINDS, people_by_key, subject_out

from ..deps import AuditDep, OfficialUser, PageDep, StoreDep
from ..errors import BadParam
from ..models import SearchPublic, errors
from ..privacy import view_for
from .subjects import Kind, audit_people

router = APIRouter(tags=["search"])

# what normalise() keeps and tokenize() can search for: the declared pattern asks for one of them
SEARCHABLE = r"[0-9A-Za-z\u4e00-\u9fff]"


@router.get(
    "/search",
    response_model=SearchPublic,
    responses=errors(401, 403, 422, 503),
    summary="Subjects by name (partial names welcome), shortest names first, paginated. "
    "Audited when persons are returned.",
)
def search(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    page: PageDep,
    audit: AuditDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            pattern=SEARCHABLE,
            description="a name or part of one, holding at least one Latin letter, digit or Chinese "
            "character (punctuation and spaces are ignored)",
            examples=["常州五金"],
        ),
    ],
    kind: Annotated[Kind | None, Query(description="one kind of subject (default all)")] = None,
) -> SearchPublic:
    text = normalise(q)
    tokens = list(dict.fromkeys(tokenize(text))) if text else []
    if not tokens:  # the pattern lets none of these through; kept for callers outside HTTP
        raise BadParam("q", "q holds no letters, digits or Chinese characters to search for")
    labels = [KINDS[kind]] if kind else [lab for lab in KINDS.values() if lab in store.schema.subjects]
    params = {"q": text, "tokens": tokens}
    counts = {lab: int(store.query("search_names_count", subject=lab, **params)[0]["n"]) for lab in labels}
    rows = []
    start, end = page.offset, page.offset + page.limit
    seen = 0
    for lab in labels:
        n = counts[lab]
        lo, hi = max(start - seen, 0), min(end - seen, n)
        if lo < hi:  # this label's slice of the page; never a SKIP past its end
            hits = store.query("search_names", subject=lab, offset=lo, limit=hi - lo, **params)
            rows += [(lab, r) for r in hits]
        seen += n
    people = people_by_key(store, [r["key"] for lab, r in rows if lab == "Person"])
    data = [subject_out(lab, r["key"], r["name"], people) for lab, r in rows]
    out = SearchPublic(data=view_for(user, data), count=sum(counts.values()), tokens=tokens)
    audit_people(request, audit, user, data)
    return out
