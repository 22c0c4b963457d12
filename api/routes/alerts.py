"""The alert lists: reappearances of blacklisted subjects, barred roles, courier bans, shared-identifier rings.

Each list is computed whole by ``queries.alerts`` / ``queries.rings`` and then filtered and paged
here; the whole list is cached in-process per (store, its generation if it has one, as_of,
max_share) for ``ALERT_TTL`` seconds so paging does not recompute it. A change to the graph
(an upheld objection) shows after at most that long. Officials only; persons masked by role;
a page that holds persons is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from graph_model.clock import today
from queries.alerts import BASES, DEFAULT_MAX_SHARE, courier_bans, reappearances
from queries.barred import barred_roles
from queries.responsible_hook import responsible_for
from queries.rings import shared_identifier_rings

from ..cache import TTLCache, store_generation
from ..deps import AuditDep, OfficialUser, PageDep, StoreDep
from ..errors import BadParam
from ..models import BarredRolesPublic, CourierBansPublic, ReappearancesPublic, RingsPublic, errors
from ..params import DATE_RULE, Day
from ..privacy import view_for
from .subjects import AsOfQuery, audit_people

router = APIRouter(prefix="/alerts", tags=["alerts"])

ALERT_TTL = 60.0  # seconds a computed alert list is reused for paging


_CACHE = TTLCache(ALERT_TTL)

Basis = Literal["direct_role", "shop_operator", "shareholding", "shared_identifier", "responsible_person"]

JurisdictionQuery = Annotated[
    str | None,
    Query(
        pattern=r"^\d{2,6}$",
        description="prefix of the list entry's 6-digit division code: 3204 matches Changzhou and its districts",
        examples=["3204"],
    ),
]
ListedFrom = Annotated[Day | None, Query(description=f"listed on or after this date; {DATE_RULE}")]
ListedTo = Annotated[
    Day | None,
    Query(description=f"listed on or before this date, not before listed_from (else 422); {DATE_RULE}"),
]
MaxShare = Annotated[
    int,
    Query(ge=2, le=1000, description="an identifier held by more subjects is generic and ties no one"),
]


def _dates(as_of: date | None, listed_from: date | None, listed_to: date | None) -> date:
    if listed_from and listed_to and listed_from > listed_to:
        raise BadParam("listed_to", "listed_to is before listed_from")
    return as_of or today()


def _matches(
    jurisdiction: str | None, on: date | None, prefix: str | None, since: date | None, until: date | None
) -> bool:
    if prefix and not (jurisdiction or "").startswith(prefix):
        return False
    if since and (on is None or on < since):
        return False
    return not (until and (on is None or on > until))


def _page(items: list[dict[str, Any]], page) -> list[dict[str, Any]]:
    return items[page.offset : page.offset + page.limit]


def _listed_items(
    items: list[dict[str, Any]],
    keep: Callable[[dict[str, Any]], bool],
    jurisdiction: str | None,
    listed_from: date | None,
    listed_to: date | None,
) -> list[dict[str, Any]]:
    """The items ``keep`` accepts whose list entry matches the place and listing-date filters."""
    return [
        i
        for i in items
        if keep(i)
        and _matches(
            i["list_entry"].get("jurisdiction"), i["listed_at"], jurisdiction, listed_from, listed_to
        )
    ]


@router.get(
    "/reappearances",
    response_model=ReappearancesPublic,
    responses=errors(401, 403, 422, 503),
    summary="Blacklisted subjects who reappear in a company or shop after their listing, with the basis "
    "and who must act; filtered, paginated. Audited when persons are returned.",
)
def read_reappearances(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    page: PageDep,
    audit: AuditDep,
    jurisdiction: JurisdictionQuery = None,
    basis: Annotated[
        list[Basis] | None, Query(description="keep only these bases (repeat the parameter for several)")
    ] = None,
    listed_from: ListedFrom = None,
    listed_to: ListedTo = None,
    as_of: AsOfQuery = None,
    max_share: MaxShare = DEFAULT_MAX_SHARE,
) -> ReappearancesPublic:
    day = _dates(as_of, listed_from, listed_to)
    items = _CACHE.get(
        ("reappearances", store_generation(store), day, max_share),
        lambda: reappearances(store, day, max_share=max_share, responsible=responsible_for(store)),
    )
    chosen = set(basis or BASES)
    kept = _listed_items(items, lambda i: i["basis"] in chosen, jurisdiction, listed_from, listed_to)
    data = _page(kept, page)
    out = ReappearancesPublic(data=view_for(user, data), count=len(kept), as_of=day)
    audit_people(request, audit, user, data)
    return out


@router.get(
    "/barred-roles",
    response_model=BarredRolesPublic,
    responses=errors(401, 403, 422, 503),
    summary="Blacklisted persons and companies holding a role, shop or platform presence one of their "
    "entry's own measures bars, whenever it began (began: after_listing or before_listing), with the "
    "measure and its clause and who must act; filtered, paginated. Audited when persons are returned.",
)
def read_barred_roles(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    page: PageDep,
    audit: AuditDep,
    jurisdiction: JurisdictionQuery = None,
    began: Annotated[
        Literal["after_listing", "before_listing"] | None,
        Query(description="keep only ties that began after the listing, or only those held since before"),
    ] = None,
    listed_from: ListedFrom = None,
    listed_to: ListedTo = None,
    as_of: AsOfQuery = None,
) -> BarredRolesPublic:
    day = _dates(as_of, listed_from, listed_to)
    items = _CACHE.get(
        ("barred_roles", store_generation(store), day),
        lambda: barred_roles(store, day, responsible=responsible_for(store)),
    )
    kept = _listed_items(
        items, lambda i: began is None or i["began"] == began, jurisdiction, listed_from, listed_to
    )
    data = _page(kept, page)
    out = BarredRolesPublic(data=view_for(user, data), count=len(kept), as_of=day)
    audit_people(request, audit, user, data)
    return out


@router.get(
    "/courier-bans",
    response_model=CourierBansPublic,
    responses=errors(401, 403, 422, 503),
    summary="Couriers (or their operators) on a black list that a platform still uses; filtered, paginated",
)
def read_courier_bans(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    page: PageDep,
    audit: AuditDep,
    jurisdiction: JurisdictionQuery = None,
    listed_from: ListedFrom = None,
    listed_to: ListedTo = None,
    as_of: AsOfQuery = None,
) -> CourierBansPublic:
    day = _dates(as_of, listed_from, listed_to)
    items = _CACHE.get(("courier_bans", store_generation(store), day), lambda: courier_bans(store, day))
    kept = [
        i
        for i in items
        if _matches(i["list_entry"].get("jurisdiction"), i["listed_at"], jurisdiction, listed_from, listed_to)
    ]
    data = _page(kept, page)
    out = CourierBansPublic(data=view_for(user, data), count=len(kept), as_of=day)
    audit_people(request, audit, user, data)
    return out


def _rings(store, day: date, max_share: int) -> list[dict[str, Any]]:
    """The rings, each member's flags completed with the record's jurisdiction and date."""
    rings = shared_identifier_rings(store, day, max_share=max_share)
    keys = sorted({f["record"] for r in rings for m in r["members"] for f in m["flags"]})
    where = {r["key"]: r for r in store.query("flag_records", keys=keys)} if keys else {}
    for ring in rings:
        for member in ring["members"]:
            for flag in member["flags"]:
                rec = where.get(flag["record"], {})
                flag.update(jurisdiction=rec.get("jurisdiction"), on=rec.get("date"))
    return rings


@router.get(
    "/shared-identifiers",
    response_model=RingsPublic,
    responses=errors(401, 403, 422, 503),
    summary="Rings of subjects sharing phones, addresses or accounts that hold a blacklisted or violating "
    "subject, largest first; filtered by the flagging records, paginated. Audited when persons are returned.",
)
def read_rings(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    page: PageDep,
    audit: AuditDep,
    jurisdiction: Annotated[
        str | None,
        Query(
            pattern=r"^\d{2,6}$",
            description="keep rings with a flagging record (black-list entry or violation) whose division "
            "code starts with this",
            examples=["3204"],
        ),
    ] = None,
    listed_from: Annotated[
        Day | None,
        Query(
            description=f"keep rings with a flagging record listed or decided on or after this; {DATE_RULE}"
        ),
    ] = None,
    listed_to: Annotated[
        Day | None,
        Query(
            description="keep rings with a flagging record listed or decided on or before this, not before "
            f"listed_from (else 422); {DATE_RULE}"
        ),
    ] = None,
    as_of: AsOfQuery = None,
    max_share: MaxShare = DEFAULT_MAX_SHARE,
) -> RingsPublic:
    day = _dates(as_of, listed_from, listed_to)
    rings = _CACHE.get(
        ("rings", store_generation(store), day, max_share), lambda: _rings(store, day, max_share)
    )
    if jurisdiction or listed_from or listed_to:
        rings = [
            r
            for r in rings
            if any(
                _matches(f.get("jurisdiction"), f.get("on"), jurisdiction, listed_from, listed_to)
                for m in r["members"]
                for f in m["flags"]
            )
        ]
    data = _page(rings, page)
    out = RingsPublic(data=view_for(user, data), count=len(rings), as_of=day)
    audit_people(request, audit, user, data)
    return out
