"""The alert lists regulators act on, as one registry: an alert is one entry here.

An entry names its queries, its parameters (the filters and the knobs of the computation), the
item model of its answer and the line the docs list it by; the CLI command ``creditgraph alerts
NAME``, the route ``GET /alerts/NAME``, the client method and the docs' list are built from the
registry (``api/cli_alerts.py``, ``api/routes/alerts.py``, ``creditgraph/client.py``,
``docs/alerts.md`` written by ``python -m creditgraph.service.alerts``). Each list is computed whole (``compute``) and then filtered (``select``) and
paged here, once for every interface.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.alerts import (
    BASES,
    COURIER_BAN_QUERIES,
    DEFAULT_MAX_SHARE,
    courier_bans,
    reappearances,
)
from creditgraph.queries.alerts import QUERIES as REAPPEARANCE_QUERIES
from creditgraph.queries.barred import QUERIES as BARRED_QUERIES
from creditgraph.queries.barred import barred_roles
from creditgraph.queries.commitments import QUERIES as COMMITMENT_QUERIES
from creditgraph.queries.commitments import broken_commitments
from creditgraph.queries.complaints import complaint_rates
from creditgraph.queries.library import query
from creditgraph.queries.responsible import responsible_for
from creditgraph.queries.rings import QUERIES as RING_QUERIES
from creditgraph.queries.rings import shared_identifier_rings

from .clock import day
from .errors import BadParam
from .models.alerts import (
    BarredRolePublic,
    BarredRolesPublic,
    BrokenCommitmentPublic,
    ComplaintRatePublic,
    CourierBanPublic,
    CourierBansPublic,
    ReappearancePublic,
    ReappearancesPublic,
    RingPublic,
    RingsPublic,
)

Item = dict[str, Any]
ParamKind = Literal["day", "int", "choice", "choices", "prefix"]
PREFIX_PATTERN = r"^\d{2,6}$"  # a prefix of a 6-digit division code


@dataclass(frozen=True)
class Param:
    """One parameter of an alert, declared once for the CLI option, the query parameter and the client.

    ``kind``: ``day`` (a date), ``int`` (``low``..``high``), ``choice`` (one of ``choices``),
    ``choices`` (several of them), ``prefix`` (a division-code prefix, 2 to 6 digits)."""

    name: str
    kind: ParamKind
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    example: str | None = None

    def check(self, value: Any) -> None:
        """Refuse a value outside the declared rule (the HTTP layer checks it before; the CLI and client here)."""
        if value is None:
            return
        if self.kind == "int":
            if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
                raise BadParam(self.name, f"{self.name} must be from {self.low} to {self.high}, not {value}")
        elif self.kind in ("choice", "choices"):
            bad = [v for v in (value if self.kind == "choices" else [value]) if v not in self.choices]
            if bad:
                raise BadParam(
                    self.name, f"{self.name} must be among {', '.join(self.choices)}, not {bad[0]!r}"
                )
        elif self.kind == "prefix" and not (
            isinstance(value, str) and value.isdigit() and 2 <= len(value) <= 6
        ):
            raise BadParam(self.name, f"{self.name} must be 2 to 6 digits of a division code, not {value!r}")


Compute = Callable[..., list[Item]]
Keep = Callable[[Item, Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Alert:
    """One alert list: how it is computed and filtered, what it answers, how the interfaces name it."""

    name: str  # the CLI command and the route: creditgraph alerts NAME, GET /alerts/NAME
    summary: str  # the route's summary and the docs' line
    compute: Compute  # (store, as_of, **compute params) -> the whole list, sorted
    item_model: type[BaseModel]
    queries: tuple[str, ...]  # the library's queries it runs (for the docs)
    params: tuple[Param, ...] = ()
    computed_by: tuple[str, ...] = ()  # the params passed to ``compute`` (the rest filter its answer)
    keep: Keep | None = None  # the filter over one item; default: the list entry's place and date
    columns: tuple[str, ...] = ("basis", "subject", "entity", "listed_at", "since")  # the CLI table
    page_model: type[BaseModel] | None = None  # default: data, count, as_of of ``item_model``
    method: str | None = None  # the client's method (default: the name with underscores)
    client_frame: bool = True  # the client answers a DataFrame of flattened items, else the list
    operation: str | None = None  # the route function's name (the OpenAPI operationId)
    public: Keep | None = None  # the items the public role may see; None: officials only

    @property
    def method_name(self) -> str:
        return self.method or self.name.replace("-", "_")

    @property
    def operation_id(self) -> str:
        return self.operation or f"read_{self.name.replace('-', '_')}"

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


@dataclass(frozen=True)
class AlertPage:
    """One page of an alert list: the items, how many match in all, the date they hold on."""

    data: list[Item]
    count: int
    as_of: date


@dataclass
class AlertRegistry:
    """The alerts by name, in the order the docs and ``--help`` list them."""

    alerts: dict[str, Alert] = field(default_factory=dict)

    def add(self, alert: Alert) -> Alert:
        if alert.name in self.alerts:
            raise ValueError(f"alert {alert.name!r} is registered twice")
        self.alerts[alert.name] = alert
        return alert

    def get(self, name: str) -> Alert:
        try:
            return self.alerts[name]
        except KeyError:
            raise BadParam("alert", f"no alert {name!r}; alerts: {', '.join(self.alerts)}") from None

    def __iter__(self) -> Iterator[Alert]:
        return iter(self.alerts.values())

    def copy(self) -> AlertRegistry:
        return AlertRegistry(dict(self.alerts))


# -- the shared parameters and filters -----------------------------------------------------------

JURISDICTION = Param(
    "jurisdiction",
    "prefix",
    "prefix of the list entry's 6-digit division code: 3204 matches Changzhou and its districts",
    example="3204",
)
LISTED_FROM = Param("listed_from", "day", "listed on or after this date")
LISTED_TO = Param("listed_to", "day", "listed on or before this date, not before listed_from (else 422)")
MAX_SHARE = Param(
    "max_share",
    "int",
    "an identifier held by more subjects is generic and ties no one",
    default=DEFAULT_MAX_SHARE,
    low=2,
    high=1000,
)
LISTED = (JURISDICTION, LISTED_FROM, LISTED_TO)


def matches(
    jurisdiction: str | None, on: date | None, prefix: str | None, since: date | None, until: date | None
) -> bool:
    """A record's place and date against a division-code prefix and a date range (all optional)."""
    if prefix and not (jurisdiction or "").startswith(prefix):
        return False
    if since and (on is None or on < since):
        return False
    return not (until and (on is None or on > until))


def _listed(item: Item, p: Mapping[str, Any]) -> bool:
    entry = item["list_entry"]
    return matches(
        entry.get("jurisdiction"),
        item["listed_at"],
        p.get("jurisdiction"),
        p.get("listed_from"),
        p.get("listed_to"),
    )


def _flagged(ring: Item, p: Mapping[str, Any]) -> bool:
    if not (p.get("jurisdiction") or p.get("listed_from") or p.get("listed_to")):
        return True
    return any(
        matches(
            f.get("jurisdiction"),
            f.get("on"),
            p.get("jurisdiction"),
            p.get("listed_from"),
            p.get("listed_to"),
        )
        for m in ring["members"]
        for f in m["flags"]
    )


# -- the computations ------------------------------------------------------------------------------


def _reappearances(store: Store, as_of: date, *, max_share: int) -> list[Item]:
    return reappearances(store, as_of, max_share=max_share, responsible=responsible_for(store))


def _barred_roles(store: Store, as_of: date) -> list[Item]:
    return barred_roles(store, as_of, responsible=responsible_for(store))


def _rings(store: Store, as_of: date, *, max_share: int) -> list[Item]:
    """The rings, each member's flags completed with the record's jurisdiction and date."""
    rings = shared_identifier_rings(store, as_of, max_share=max_share)
    keys = sorted({f["record"] for r in rings for m in r["members"] for f in m["flags"]})
    where = {r["key"]: r for r in query(store, "flag_records", keys=keys)} if keys else {}
    for ring in rings:
        for member in ring["members"]:
            for flag in member["flags"]:
                rec = where.get(flag["record"], {})
                flag.update(jurisdiction=rec.get("jurisdiction"), on=rec.get("date"))
    return rings


# -- the registry ----------------------------------------------------------------------------------

ALERTS = AlertRegistry()
ALERTS.add(
    Alert(
        name="reappearances",
        summary="Blacklisted subjects who reappear in a company or shop after their listing, with the basis "
        "and who must act; filtered, paginated. Audited when persons are returned.",
        compute=_reappearances,
        item_model=ReappearancePublic,
        page_model=ReappearancesPublic,
        queries=REAPPEARANCE_QUERIES,
        params=(
            JURISDICTION,
            Param(
                "basis", "choices", "keep only these bases (repeat the parameter for several)", choices=BASES
            ),
            LISTED_FROM,
            LISTED_TO,
            MAX_SHARE,
        ),
        computed_by=("max_share",),
        keep=lambda i, p: i["basis"] in (p.get("basis") or BASES) and _listed(i, p),
    )
)
ALERTS.add(
    Alert(
        name="barred-roles",
        summary="Blacklisted persons and companies holding a role, shop or platform presence one of their "
        "entry's own measures bars, whenever it began (began: after_listing or before_listing), with the "
        "measure and its clause and who must act; filtered, paginated. Audited when persons are returned.",
        compute=_barred_roles,
        item_model=BarredRolePublic,
        page_model=BarredRolesPublic,
        queries=BARRED_QUERIES,
        params=(
            JURISDICTION,
            Param(
                "began",
                "choice",
                "keep only ties that began after the listing, or only those held since before",
                choices=("after_listing", "before_listing"),
            ),
            LISTED_FROM,
            LISTED_TO,
        ),
        keep=lambda i, p: p.get("began") in (None, i["began"]) and _listed(i, p),
        columns=("basis", "subject", "entity", "measure", "began", "listed_at", "since"),
    )
)
ALERTS.add(
    Alert(
        name="courier-bans",
        summary="Couriers (or their operators) on a black list that a platform still uses; filtered, paginated",
        compute=courier_bans,
        item_model=CourierBanPublic,
        page_model=CourierBansPublic,
        queries=COURIER_BAN_QUERIES,
        params=LISTED,
        keep=_listed,
        columns=("basis", "courier", "entity", "listed_at", "since"),
    )
)
ALERTS.add(
    Alert(
        name="shared-identifiers",
        summary="Rings of subjects sharing phones, addresses or accounts that hold a blacklisted or violating "
        "subject, largest first; filtered by the flagging records, paginated. Audited when persons are returned.",
        compute=_rings,
        item_model=RingPublic,
        page_model=RingsPublic,
        queries=(*RING_QUERIES, "flag_records"),
        params=(
            Param(
                "jurisdiction",
                "prefix",
                "keep rings with a flagging record (black-list entry or violation) whose division code starts with this",
                example="3204",
            ),
            Param(
                "listed_from", "day", "keep rings with a flagging record listed or decided on or after this"
            ),
            Param(
                "listed_to",
                "day",
                "keep rings with a flagging record listed or decided on or before this, not before listed_from (else 422)",
            ),
            MAX_SHARE,
        ),
        computed_by=("max_share",),
        keep=_flagged,
        columns=("ring", "size", "members"),
        method="rings",
        client_frame=False,
        operation="read_rings",
    )
)


def _violation_listed(item: Item, p: Mapping[str, Any]) -> bool:
    v = item["violation"]
    return matches(
        v.get("jurisdiction"),
        v.get("decided_at"),
        p.get("jurisdiction"),
        p.get("listed_from"),
        p.get("listed_to"),
    )


def _published(item: Item, _: Mapping[str, Any]) -> bool:
    """What the documents publish of a broken commitment: a company's public commitment
    (苏政办发〔2017〕144号 (十) 以规范格式向社会公开信用承诺); persons are never shown to the public role."""
    return bool(item["commitment"].get("public")) and item["subject"]["kind"] == "company"


ALERTS.add(
    Alert(
        name="broken-commitments",
        summary="Credit commitments broken by a 承诺不符 violation of their own subject that is on display, "
        "each with the commitment, the subject, the violation and the clause that makes it a dishonesty "
        "record; filtered by the violation's place and date, paginated. The public role sees companies' "
        "public commitments. Audited when persons are returned.",
        compute=broken_commitments,
        item_model=BrokenCommitmentPublic,
        queries=COMMITMENT_QUERIES,
        params=(
            Param(
                "jurisdiction",
                "prefix",
                "prefix of the violation's 6-digit division code: 3204 matches Changzhou and its districts",
                example="3204",
            ),
            Param("listed_from", "day", "violations decided on or after this date"),
            Param(
                "listed_to",
                "day",
                "violations decided on or before this date, not before listed_from (else 422)",
            ),
        ),
        keep=_violation_listed,
        columns=("commitment", "subject", "violation", "decided_at"),
        public=_published,
    )
)


ALERTS.add(
    Alert(
        name="complaint-rates",
        summary="Shops, platforms and couriers whose substantiated complaints over the months up to the day "
        "pass the threshold (per 1,000 orders where orders are known, else per month), with their handling: "
        "resolved, days to resolve, 先行赔付 (电子商务意见 (七)(十六)(十八)); list=all gives every rated subject.",
        compute=complaint_rates,
        item_model=ComplaintRatePublic,
        queries=("complaint_rates",),
        params=(
            Param("months", "int", "the period: this many months up to the day", default=3, low=1, high=24),
            Param(
                "list",
                "choice",
                "warned: the warning list (default); all: every subject complained about in the period",
                default="warned",
                choices=("warned", "all"),
            ),
            Param("kind", "choices", "keep only these kinds", choices=("shop", "platform", "courier")),
        ),
        computed_by=("months",),
        keep=lambda i, p: (
            (p.get("list") == "all" or i["warned"])
            and i["subject"]["kind"] in (p.get("kind") or ("shop", "platform", "courier"))
        ),
        columns=("subject", "substantiated", "rate", "basis", "threshold", "warned"),
    )
)


# -- one implementation for every interface ----------------------------------------------------------


def arguments(alert: Alert, given: Mapping[str, Any]) -> dict[str, Any]:
    """Every parameter of ``alert`` with its default, unknown names refused, each value checked."""
    unknown = sorted(set(given) - {p.name for p in alert.params})
    if unknown:
        names = ", ".join(p.name for p in alert.params) or "none"
        raise BadParam(
            unknown[0], f"{alert.name} takes no parameter {unknown[0]!r} (its parameters: {names})"
        )
    args = {p.name: given.get(p.name, p.default) for p in alert.params}
    for p in alert.params:
        p.check(args[p.name])
    if args.get("listed_from") and args.get("listed_to") and args["listed_from"] > args["listed_to"]:
        raise BadParam("listed_to", "listed_to is before listed_from")
    return args


def compute(store: Store, alert: Alert, as_of: date, args: Mapping[str, Any]) -> list[Item]:
    """The whole list as of ``as_of`` (what an interface may cache, keyed by ``cache_key``)."""
    return alert.compute(store, as_of, **{n: args[n] for n in alert.computed_by})


def cache_key(alert: Alert, as_of: date, args: Mapping[str, Any]) -> tuple[Any, ...]:
    return (alert.name, as_of, *(args[n] for n in alert.computed_by))


def select(alert: Alert, items: list[Item], args: Mapping[str, Any]) -> list[Item]:
    """The items the filters keep, in the list's order."""
    keep = alert.keep or _listed
    return [i for i in items if keep(i, args)]


Cached = Callable[[tuple[Any, ...], Callable[[], list[Item]]], list[Item]]


def alert_page(
    store: Store,
    alert: Alert,
    as_of: date | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
    cached: Cached | None = None,
    public: bool = False,
    **params: Any,
) -> AlertPage:
    """One page of an alert list as of ``as_of`` (default today), filtered by ``params``.

    ``cached(key, compute)`` lets an interface keep the whole list between pages; ``public`` keeps
    what the alert's ``public`` filter publishes (an alert without one is refused)."""
    if public and alert.public is None:
        raise BadParam("alert", f"the alert {alert.name} is for officials only")
    args = arguments(alert, params)
    when = day(as_of)

    def whole() -> list[Item]:
        return compute(store, alert, when, args)

    items = cached(cache_key(alert, when, args), whole) if cached else whole()
    kept = select(alert, items, args)
    if public and alert.public is not None:
        kept = [i for i in kept if alert.public(i, args)]
    data = kept[offset:] if limit is None else kept[offset : offset + limit]
    return AlertPage(data=data, count=len(kept), as_of=when)


DOCS = Path(__file__).resolve().parent.parent / "docs" / "alerts.md"


def docs_lines(registry: AlertRegistry = ALERTS) -> list[str]:
    """The docs' list of alerts: one line each, with its command, route, client method and parameters."""
    return [
        f"- **{a.name}**: `creditgraph alerts {a.name}`, `GET /alerts/{a.name}`, `cg.{a.method_name}()`. "
        f"{a.summary.rstrip('.')}. Parameters: {', '.join(f'`{p.name}`' for p in a.params) or 'none'} "
        f"(besides `as_of` and the page). Queries: {', '.join(f'`{q}`' for q in a.queries)}."
        for a in registry
    ]


def render_docs(registry: AlertRegistry = ALERTS) -> str:
    """docs/alerts.md: written by ``python -m creditgraph.service.alerts`` (a test checks it is current)."""
    head = [
        "# Alerts",
        "",
        "<!-- generated by `python -m creditgraph.service.alerts` from the alert registry (service/alerts.py); do not edit -->",
        "",
        "Every alert is one entry of the registry in `service/alerts.py`: its queries, its parameters and its",
        "item model. The command, the HTTP route and the client method below are built from that entry, so a",
        "new alert is one `.cypher` file (or more), one registry entry and a test. Every list answers as of",
        "`as_of` (default today) and pages with `limit`/`offset` (`--limit`/`--offset` on the command line).",
        "",
    ]
    return "\n".join([*head, *docs_lines(registry)]) + "\n"


if __name__ == "__main__":
    DOCS.write_text(render_docs(), encoding="utf-8")
    print(DOCS)
