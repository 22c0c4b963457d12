"""Bans by measure: 市场禁入 (market entry) on a person, and 限制入驻平台 (platform entry) on a
courier, its operating company or an individual seller.

truth.json ``"courier_bans": [...]`` — a courier black-listed with measure 限制入驻平台 (``listed`` is
the courier, or its operating company) still serving ``entity`` ``{kind: platform|shop, id}`` after
``listed_at``; with ``courier``, ``entry_id``, ``since``, ``until`` (empty = ongoing). A banned
courier that stopped serving before the ban is a decoy (``courier_stopped``)."""

from __future__ import annotations

from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.truth import ref
from creditgraph.ingest.synth.vocabulary import PLATFORMS

BAN = "限制入驻平台"


def courier_ban(s: Synth) -> None:
    """A banned courier (or one whose operator is banned) serving a platform and, after the
    ban, a shop; a banned courier that stopped before its ban is the decoy."""
    r = s.rng
    cid, op = s.new_courier()
    listed, later = s.when()
    on_company = r.random() < 0.4
    listed_subject = ref("company", op) if on_company else ref("courier", cid)
    eid = s.entry(listed_subject["kind"], listed_subject["id"], listed, [BAN])
    plat = PLATFORMS[int(r.integers(0, len(PLATFORMS)))][0]
    ongoing = r.random() < 0.5
    since = listed - 500 if ongoing else later
    s.shipping(cid, plat, "", since, -1, int(r.integers(1000, 90000)))
    if on_company:
        s.truth.barred(op, eid, listed, ref("platform", plat), None, since, BAN, "company")
    s.truth.courier_ban(cid, listed_subject, eid, listed, ref("platform", plat), since)
    # a shop served after the ban, too
    x = s.new_person()
    shop = s.new_shop("person", x["id_number"], listed - 300)
    s_plat, s_id = shop.split("/")
    s.shipping(cid, s_plat, s_id, later, -1, int(r.integers(100, 9000)))
    if on_company:
        s.truth.barred(op, eid, listed, ref("shop", shop), None, later, BAN, "company")
    s.truth.courier_ban(cid, listed_subject, eid, listed, ref("shop", shop), later)
    # decoy: a banned courier that stopped serving before the ban
    cid2, _ = s.new_courier()
    listed2, _ = s.when()
    eid2 = s.entry("courier", cid2, listed2, [BAN])
    s.shipping(cid2, plat, "", listed2 - 900, listed2 - 30, "12000")
    why = "stopped serving before the ban"
    s.truth.decoy("courier_stopped", {"courier": cid2}, eid2, ref("platform", plat), why)


def platform_ban(s: Synth) -> None:
    """限制入驻平台 on a courier's operating company (its service since before the listing, and
    one that stopped before it) and on an individual seller (a shop opened before the listing)."""
    cid, op = s.new_courier()
    listed, _ = s.when()
    eid = s.entry("company", op, listed, [BAN])
    plat, old_plat = PLATFORMS[0][0], PLATFORMS[1][0]
    for platform_id, since, until in ((plat, listed - 300, -1), (old_plat, listed - 900, listed - 60)):
        s.shipping(cid, platform_id, "", since, until, "5000")
    entity = ref("platform", plat)
    s.truth.barred(op, eid, listed, entity, None, listed - 300, BAN, "company")
    s.truth.courier_ban(cid, ref("company", op), eid, listed, entity, listed - 300)
    why = "the courier stopped serving the platform before the listing"
    s.truth.not_barred("service_ended", op, eid, ref("platform", old_plat), why, "company")
    pid = s.new_person()["id_number"]
    listed, _ = s.when()
    eid = s.entry("person", pid, listed, [BAN])
    shop = s.new_shop("person", pid, listed - 200)
    s.truth.barred(pid, eid, listed, ref("shop", shop), None, listed - 200, BAN)


def market_ban(s: Synth) -> None:
    """市场禁入 bars entering a company after the listing (a reappearance), not a role held before."""
    pid = s.new_person()["id_number"]
    listed, later = s.when()
    eid = s.entry("person", pid, listed, ["市场禁入"])
    old = s.new_company(listed - 1500)
    s.role(old, pid, "法定代表人", listed - 1000)
    why = "市场禁入 bars entering a company after the listing, not a role held before it"
    s.truth.not_barred("not_new", pid, eid, ref("company", old), why)
    c = s.new_company(later)
    s.role(c, pid, "董事", later)
    entity = ref("company", c)
    s.truth.barred(pid, eid, listed, entity, "董事", later, "市场禁入")
    s.truth.reappearance("direct_role", pid, ref("person", pid), eid, listed, entity, later, role="董事")
