"""Published red and black list entries of companies: what the ``public`` role may see."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ..deps import CurrentUser, PageDep, StoreDep
from ..library import run_page
from ..models import ListEntriesPublic, ListEntryPublic, errors
from ..params import DATE_RULE, Day

router = APIRouter(prefix="/lists", tags=["lists"])


@router.get(
    "",
    response_model=ListEntriesPublic,
    responses=errors(401, 422, 503),
    summary="Current red/black list entries of companies (persons are never listed here), paginated",
)
def read_lists(
    store: StoreDep,
    user: CurrentUser,
    page: PageDep,
    list_: Annotated[
        Literal["red", "black"] | None,
        Query(alias="list", description="red or black; both when absent", examples=["black"]),
    ] = None,
    as_of: Annotated[
        Day | None, Query(description=f"entries in force on this date (default today); {DATE_RULE}")
    ] = None,
) -> ListEntriesPublic:
    lists = [list_] if list_ else ["red", "black"]
    rows, count = run_page(
        store, "list_entries", "list_entries_count", lists=lists, as_of=as_of, **page.params()
    )
    return ListEntriesPublic(data=[ListEntryPublic(**r) for r in rows], count=count)
