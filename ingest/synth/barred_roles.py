"""Barred roles: what the reappearance patterns do not plant — roles and shops held since before
the listing, ties that ended on or before it, and measures that do not bar the tie held. Run after
every other pattern, so the batch's other ids and truth stay as they were.

truth.json ``"barred_roles": [...]`` — every tie a black-listed person or company holds on ``as_of``
that one of its entry's measures bars, whenever it began: ``subject`` ``{kind, id}``, ``entry_id``,
``listed_at``, ``entity`` ``{kind: company|shop|platform, id}`` (for a courier service, the
platform or shop served), ``role``, ``measure``, ``since``, ``began`` (after_listing |
before_listing). ``"barred_role_decoys": [...]`` — ties of listed subjects that are not barred:
``shape`` (ended_on_listing, ended_before_listing, ended_before_as_of, measure_does_not_bar,
not_new, shop_closed_before_listing, service_ended), ``subject``, ``entry_id``, ``entity``, ``why``."""

from __future__ import annotations

from creditgraph.ingest.synth import bans
from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.truth import ref


def plant_round(s: Synth) -> None:
    """One case of every shape, in a fixed order (the draws')."""
    held_since_before(s)
    ended_or_not_barred(s)
    bans.market_ban(s)
    company_shops(s)
    bans.platform_ban(s)


def held_since_before(s: Synth) -> None:
    """限制担任董监高 bars a 监事 role held since before the listing, not a legal representative's."""
    pid = s.new_person()["id_number"]
    listed, _ = s.when()
    eid = s.entry("person", pid, listed, ["限制担任董监高"])
    a = s.new_company(listed - 1000)
    s.role(a, pid, "监事", listed - 600)
    s.truth.barred(pid, eid, listed, ref("company", a), "监事", listed - 600)
    b = s.new_company(listed - 1000)
    s.role(b, pid, "法定代表人", listed - 500)
    why = "限制担任董监高 does not bar 法定代表人"
    s.truth.not_barred("measure_does_not_bar", pid, eid, ref("company", b), why)


def ended_or_not_barred(s: Synth) -> None:
    """Roles that ended on, before or after the listing (not barred on as_of), one held (barred),
    and a role the measure does not bar (also a reappearance decoy)."""
    pid = s.new_person()["id_number"]
    listed, later = s.when()
    eid = s.entry("person", pid, listed, ["限制担任法定代表人"])
    for shape, since, until, why in (
        ("ended_on_listing", listed - 900, listed, "the role ended on the listing date"),
        ("ended_before_listing", listed - 900, listed - 30, "the role ended before the listing"),
        ("ended_before_as_of", listed - 200, (listed + later) // 2, "the role ended before the as-of date"),
    ):
        c = s.new_company(listed - 1200)
        s.role(c, pid, "法定代表人", since, until)
        s.truth.not_barred(shape, pid, eid, ref("company", c), why)
    held = s.new_company(listed - 1200)
    s.role(held, pid, "法定代表人", listed - 700)
    s.truth.barred(pid, eid, listed, ref("company", held), "法定代表人", listed - 700)
    c = s.new_company(later)
    s.role(c, pid, "监事", later)
    entity = ref("company", c)
    why = "listed only with 限制担任法定代表人; became 监事"
    s.truth.not_barred("measure_does_not_bar", pid, eid, entity, why)
    s.truth.decoy("measure_does_not_bar", {"person": pid}, eid, entity, why)


def company_shops(s: Synth) -> None:
    """屏蔽或关闭店铺 on a company bars its open shop, not one closed before the listing."""
    listed, _ = s.when()
    z = s.new_company(listed - 2000)
    eid = s.entry("company", z, listed, ["屏蔽或关闭店铺"])
    open_shop = s.new_shop("company", z, listed - 400)
    s.truth.barred(z, eid, listed, ref("shop", open_shop), None, listed - 400, "屏蔽或关闭店铺", "company")
    closed = s.new_shop("company", z, listed - 900, closed=listed - 100)
    why = "the shop closed before the listing"
    s.truth.not_barred("shop_closed_before_listing", z, eid, ref("shop", closed), why, "company")
