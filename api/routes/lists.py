"""Published red and black list entries: what the ``public`` role may see.

Red and black entries of companies, and black entries of persons, shops, couriers and platforms:
the e-commerce opinions publish the blacklisted subjects (苏政办发〔2017〕144号 电子商务意见 (二十):
对"黑名单"主体实施……公开曝光). A person appears by the masked ID (the ID itself only for roles that
may see it, none of it for the public); a page that holds persons is audited.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from creditgraph.service.lists import list_entries
from creditgraph.service.models import ListEntriesPublic, ListEntryPublic, errors

from ..deps import AuditDep, CurrentUser, PageDep, StoreDep
from ..masking import view_for
from ..params import DATE_RULE, Day
from .subjects import audit_people

router = APIRouter(prefix="/lists", tags=["lists"])


@router.get(
    "",
    response_model=ListEntriesPublic,
    responses=errors(401, 422, 503),
    summary="Current list entries, paginated: red and black entries of companies, black entries of "
    "persons (masked by role), shops, couriers and platforms. Audited when persons are returned.",
)
def read_lists(
    request: Request,
    store: StoreDep,
    user: CurrentUser,
    page: PageDep,
    audit: AuditDep,
    list_: Annotated[
        Literal["red", "black"] | None,
        Query(alias="list", description="red or black; both when absent", examples=["black"]),
    ] = None,
    as_of: Annotated[
        Day | None, Query(description=f"entries in force on this date (default today); {DATE_RULE}")
    ] = None,
) -> ListEntriesPublic:
    lists = [list_] if list_ else ["red", "black"]
    rows, count, people = list_entries(store, lists, as_of, offset=page.offset, limit=page.limit)
    data = view_for(user, rows)
    audit_people(request, audit, user, people)
    return ListEntriesPublic(data=[ListEntryPublic(**r) for r in data], count=count)
