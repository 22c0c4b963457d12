"""Name search over the subjects: jieba tokens, partial names. Officials only (persons are found
too, masked by role); a page that holds persons is audited.

How names match and how the labels are paged: ``service.search``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from creditgraph.service.models import SearchPublic, errors
from creditgraph.service.search import search_names

from ..deps import AuditDep, OfficialUser, PageDep, StoreDep
from ..masking import view_for
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
    found = search_names(store, q, kind, offset=page.offset, limit=page.limit)
    out = SearchPublic(data=view_for(user, found.data), count=found.count, tokens=found.tokens)
    audit_people(request, audit, user, found.data)
    return out
