"""Reappearance: a black-listed subject's person reappearing in a role created after the listing,
one planted case per basis in each round, with the decoys of the same shapes that must not be found.

truth.json ``"reappearances": [...]``: ``basis``, ``person`` (id_number), ``listed`` ``{kind, id}``
(the black-listed subject), ``entry_id``, ``listed_at``, ``entity`` ``{kind: company|shop, id}``,
``since`` (when the reappearance began), and by basis:

- ``direct_role``: the listed person became ``role`` (法定代表人/董事/经理/…) of a company
  registered after the listing.
- ``shop_operator``: the listed person opened a shop (operator_kind person) after the listing.
- ``reopened_shop``: a black-listed shop's individual operator opened another shop after the
  listing (``listed`` is the old shop).
- ``shareholding``: the listed person controls a company formed after the listing through a
  holding ≥ 50 % or as its largest holder, with a ``nominee`` (id_number) as legal
  representative; ``ratio`` given.
- ``shared_identifier``: a ``nominee`` sharing an ``identifier`` ``{kind: phone|address|
  account, value}`` with the listed person became legal representative after the listing
  (``role``). The shared values are written in different forms that normalise alike (the pair is
  also a ``nominee`` ring, :mod:`creditgraph.ingest.synth.rings`).
- ``responsible_person``: the legal representative or an officer (``role_at_listing``) of a
  company at the time it was black-listed took a role (``role``) at another company after.

Every reappearance is barred by one of its entry's own measures (docs/rules.md); a listed
person whose measures do not bar the role taken is a decoy (``measure_does_not_bar``).

``"decoys": [...]`` — shapes like the patterns that must NOT be found: ``shape`` (expired,
repaired, red_list, role_before_listing, same_name, left_before_listing, courier_stopped,
removed_shared_identifier, measure_does_not_bar), ``person``/``courier``, ``entry_id``, ``entity``, ``why``.
"""

from __future__ import annotations

import datetime as dt

from creditgraph.graph_model import types as T
from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.fake import days, iso
from creditgraph.ingest.synth.forms import phone_variant
from creditgraph.ingest.synth.truth import ref
from creditgraph.ingest.synth.vocabulary import AS_OF, BANKS, PERSON_MEASURES

ENDED_WHY = {
    "expired": "entry expired before the role",
    "repaired": "entry removed (credit repair) before the role",
    "red_list": "a red-list entry",
}


def plant_round(s: Synth) -> None:
    """One planted case of every basis, with its decoys, in a fixed order (the draws')."""
    direct_role(s)
    shop_operator(s)
    reopened_shop(s)
    shareholding(s)
    shared_identifier(s)
    responsible_person(s)
    for shape in ("expired", "repaired", "red_list"):
        ended_listing(s, shape)


def direct_role(s: Synth) -> None:
    """A direct role after the listing; a role begun before it and a namesake are decoys."""
    x = s.new_person()
    pid = x["id_number"]
    listed, later = s.when()
    eid = s.entry("person", pid, listed, PERSON_MEASURES[:2])
    before = s.new_company(listed - 900)
    s.role(before, pid, "董事", listed - 800)
    s.truth.barred(pid, eid, listed, ref("company", before), "董事", listed - 800)
    why = "role began before the listing"
    s.truth.decoy("role_before_listing", {"person": pid}, eid, ref("company", before), why)
    c = s.new_company(later)
    role = ["法定代表人", "董事", "经理", "高级管理人员"][int(s.rng.integers(0, 4))]
    s.role(c, pid, role, later)
    s.truth.barred(pid, eid, listed, ref("company", c), role, later)
    s.truth.reappearance(
        "direct_role", pid, ref("person", pid), eid, listed, ref("company", c), later, role=role
    )
    # same-name different person: must not be matched by name
    y = s.new_person(name=x["name"])
    cy = s.new_company(later)
    s.role(cy, y["id_number"], "法定代表人", later)
    why = "same name as the listed person, different citizen ID"
    s.truth.decoy("same_name", {"person": y["id_number"]}, eid, ref("company", cy), why)


def shop_operator(s: Synth) -> None:
    pid = s.new_person()["id_number"]
    listed, later = s.when()
    eid = s.entry("person", pid, listed, ["市场禁入", "屏蔽或关闭店铺"])
    shop = s.new_shop("person", pid, later)
    s.truth.barred(pid, eid, listed, ref("shop", shop), None, later, "屏蔽或关闭店铺")
    s.truth.reappearance("shop_operator", pid, ref("person", pid), eid, listed, ref("shop", shop), later)


def reopened_shop(s: Synth) -> None:
    """An individual seller's shop is closed by listing; the seller reopens."""
    pid = s.new_person()["id_number"]
    listed, later = s.when()
    old = s.new_shop("person", pid, listed - 700, closed=listed + 10)
    eid = s.entry("shop", old, listed, ["屏蔽或关闭店铺"])
    new = s.new_shop("person", pid, later)
    s.truth.reappearance("reopened_shop", pid, ref("shop", old), eid, listed, ref("shop", new), later)


def shareholding(s: Synth) -> None:
    """The listed person controls a new company behind a nominee legal representative."""
    pid = s.new_person()["id_number"]
    nominee = s.new_person()["id_number"]
    listed, later = s.when()
    eid = s.entry("person", pid, listed, PERSON_MEASURES)
    c = s.new_company(later)
    s.role(c, nominee, "法定代表人", later)
    if s.rng.random() < 0.5:
        shares = [("person", pid, 0.6), ("person", nominee, 0.4)]
    else:
        other = s.new_person()["id_number"]
        shares = [("person", pid, 0.4), ("person", nominee, 0.3), ("person", other, 0.3)]
    for hk, hid, ratio in shares:
        s.row(
            "shareholdings.csv",
            company_uscc=c,
            holder_kind=hk,
            holder_id=hid,
            ratio=f"{round(ratio * 100)}%",
            since=iso(later),
            until="",
        )
    entity = ref("company", c)
    s.truth.reappearance(
        "shareholding",
        pid,
        ref("person", pid),
        eid,
        listed,
        entity,
        later,
        ratio=shares[0][2],
        nominee=nominee,
    )


def _shared_pair(s: Synth, kind: str) -> tuple[dict[str, str], dict[str, str], str]:
    """A person and a nominee sharing one ``kind`` of identifier, written in two forms:
    (person, nominee, the canonical value)."""
    if kind == "phone":
        canon = T.phone.clean(s.take("phone"))
        return s.new_person(phone=canon), s.new_person(phone=phone_variant(canon, 1)), canon
    if kind == "address":
        a_x, a_n = s.address_forms(("canonical", ["short", "numerals"][int(s.rng.integers(0, 2))]))
        return s.new_person(address=a_x), s.new_person(address=a_n), a_x
    x, nominee = s.new_person(), s.new_person()
    acct = s.take("account").replace(" ", "")
    s.row("accounts.csv", holder_kind="person", holder_id=x["id_number"], account_no=acct, bank=BANKS[0])
    spaced = f"{acct[:4]} {acct[4:8]} {acct[8:12]} {acct[12:]}"
    s.row(
        "accounts.csv", holder_kind="person", holder_id=nominee["id_number"], account_no=spaced, bank=BANKS[0]
    )
    return x, nominee, acct


def shared_identifier(s: Synth) -> None:
    """A nominee sharing a phone, an address or an account becomes legal representative; the same
    shape after a removed listing is a decoy (not a hit, not a ring)."""
    kind = ["phone", "address", "account"][int(s.rng.integers(0, 3))]
    listed, later = s.when()
    x, nominee, value = _shared_pair(s, kind)
    pid, nid = x["id_number"], nominee["id_number"]
    eid = s.entry("person", pid, listed, PERSON_MEASURES[:2])
    c = s.new_company(later)
    s.role(c, nid, "法定代表人", later)
    ident = {"kind": kind, "value": value}
    s.truth.reappearance(
        "shared_identifier",
        pid,
        ref("person", pid),
        eid,
        listed,
        ref("company", c),
        later,
        nominee=nid,
        identifier=ident,
        role="法定代表人",
    )
    members = [ref("person", pid), ref("person", nid)]
    s.truth.ring(
        "nominee", members, [{**ident, "holders": members}], {**members[0], "via": "black", "ref": eid}
    )
    _removed_shared_identifier(s)


def _removed_shared_identifier(s: Synth) -> None:
    y = s.new_person()
    shared = T.phone.clean(s.take("phone"))
    s.rows["persons.csv"][-1]["phone"] = shared
    ny = s.new_person(phone=shared)
    listed, later = s.when()
    removed = s.one_day(listed + 30, later)
    eid = s.entry("person", y["id_number"], listed, PERSON_MEASURES[:2], removed=removed)
    c = s.new_company(later)
    s.role(c, ny["id_number"], "法定代表人", later)
    why = "shares a phone with a person whose listing was removed"
    s.truth.decoy("removed_shared_identifier", {"person": ny["id_number"]}, eid, ref("company", c), why)


def responsible_person(s: Synth) -> None:
    """A listed company's legal representative or officer takes a role elsewhere after the
    listing; an officer who left before the listing is a decoy."""
    b = s.new_company(s.one_day(dt.date(2008, 1, 1), dt.date(2012, 1, 1)))
    listed, later = s.when()
    p = s.new_person()["id_number"]
    role_at = ["法定代表人", "董事", "经理"][int(s.rng.integers(0, 3))]
    s.role(b, p, role_at, listed - 1500)
    q = s.new_person()["id_number"]
    s.role(b, q, "监事", listed - 2000, listed - 400)
    eid = s.entry("company", b, listed, ["限制入驻平台", "市场禁入"])
    c = s.new_company(later)
    role = ["法定代表人", "董事", "监事", "经理"][int(s.rng.integers(0, 4))]
    s.role(c, p, role, later)
    entity = ref("company", c)
    s.truth.reappearance(
        "responsible_person",
        p,
        ref("company", b),
        eid,
        listed,
        entity,
        later,
        role=role,
        role_at_listing=role_at,
    )
    d = s.new_company(later)
    s.role(d, q, "法定代表人", later)
    why = "left the listed company before it was listed"
    s.truth.decoy("left_before_listing", {"person": q}, eid, ref("company", d), why)


def ended_listing(s: Synth, shape: str) -> None:
    """A role taken after the person's entry expired, was removed, or was a red-list entry."""
    pid = s.new_person()["id_number"]
    listed, _ = s.when()
    end = s.one_day(listed + 60, min(listed + 900, days(AS_OF) - 200))
    after = s.one_day(end + 10, days(AS_OF) - 30)
    if shape == "expired":
        eid = s.entry("person", pid, listed, PERSON_MEASURES[:2], expires=end)
    elif shape == "repaired":
        eid = s.entry("person", pid, listed, PERSON_MEASURES[:2], removed=end)
    else:
        eid = s.entry("person", pid, listed, [], lst="red")
    c = s.new_company(after)
    s.role(c, pid, "法定代表人", after)
    s.truth.decoy(shape, {"person": pid}, eid, ref("company", c), ENDED_WHY[shape])
