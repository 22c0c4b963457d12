"""Shared-identifier rings: a chain of 3-6 subjects linked by shared phones, addresses and
accounts (written in forms that normalise alike), one of them flagged by a black-list entry or a
violation on display.

truth.json ``"rings": [...]`` — every connected group of ≥ 2 subjects linked by shared identifiers
(identifiers held by at most ``generic_threshold`` subjects) that contains a subject with an active
black-list entry or violation: ``members`` ``[{kind, id}]``, ``identifiers`` ``[{kind, value,
holders: [{kind, id}]}]``, ``flagged`` ``[{kind, id, via: black|violation, ref: entry_id|record_id}]``,
``pattern`` (ring | nominee: the pair of a ``shared_identifier`` reappearance)."""

from __future__ import annotations

import datetime as dt

from creditgraph.graph_model import types as T
from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.forms import phone_variant
from creditgraph.ingest.synth.truth import ref
from creditgraph.ingest.synth.vocabulary import AS_OF, BANKS


def ring(s: Synth) -> None:
    """A chain of 3-6 subjects linked by shared phones, addresses and accounts; one flagged."""
    r = s.rng
    size = int(r.integers(3, 7))
    members = [_member(s) for _ in range(size)]
    idents = []
    used: list[set[str]] = [set() for _ in members]
    for i in range(size - 1):
        a, b = members[i], members[i + 1]
        free = [k for k in ("phone", "address") if k not in used[i] and k not in used[i + 1]]
        kind = free[int(r.integers(0, len(free)))] if free and r.random() < 0.7 else "account"
        used[i].add(kind)
        used[i + 1].add(kind)
        value = _link(s, kind, [a, b])
        idents.append({"kind": kind, "value": value, "holders": [a, b]})
    flagged = members[int(r.integers(0, size))]
    s.truth.ring("ring", members, idents, {**flagged, **_flag(s, flagged)})


def _member(s: Synth) -> dict[str, str]:
    """A fresh person, company or shop holding no phone or address yet."""
    kind = ["person", "company", "shop"][int(s.rng.integers(0, 3))]
    if kind == "person":
        return ref("person", s.new_person(phone="", address="")["id_number"])
    if kind == "company":
        c = s.new_company(s.one_day(dt.date(2012, 1, 1), dt.date(2024, 1, 1)))
        s.rows["companies.csv"][-1]["phone"] = ""
        s.rows["companies.csv"][-1]["address"] = ""
        return ref("company", c)
    owner = s.new_person(phone="", address="")
    opened = s.one_day(dt.date(2015, 1, 1), dt.date(2025, 1, 1))
    # the owner is linked to the shop by operating it, not by an identifier
    return ref("shop", s.new_shop("person", owner["id_number"], opened, phone=""))


def _flag(s: Synth, flagged: dict[str, str]) -> dict[str, str]:
    """Black-list the flagged member, or give it a violation on display: ``{via, ref}``."""
    if s.rng.random() < 0.5 or flagged["kind"] == "person":
        listed, _ = s.when()
        measures = ["市场禁入"] if flagged["kind"] != "shop" else ["屏蔽或关闭店铺"]
        return {"via": "black", "ref": s.entry(flagged["kind"], flagged["id"], listed, measures)}
    # within its display period on AS_OF: 较重 shows 3 years (violation_types.yaml)
    decided = s.one_day(dt.date(2023, 7, 1), AS_OF)
    rid = s.violation(
        flagged["kind"],
        flagged["id"],
        decided,
        "刷好评",
        source="平台报送",
        severity="较重",
        description="组织刷好评",
        display_until="",
        repaired_at="",
    )
    return {"via": "violation", "ref": rid}


def _link(s: Synth, kind: str, holders: list[dict[str, str]]) -> str:
    """Give every holder one more shared identifier; returns its canonical value."""
    if kind == "account":
        acct = s.take("account").replace(" ", "")
        for h in holders:
            s.row("accounts.csv", holder_kind=h["kind"], holder_id=h["id"], account_no=acct, bank=BANKS[1])
        return acct
    if kind == "phone":
        canon = T.phone.clean(s.take("phone"))
        for i, h in enumerate(holders):
            _set_identifier(s, h, "phone", phone_variant(canon, i) if i else canon)
        return canon
    forms = s.address_forms(("canonical", "numerals"))
    for i, h in enumerate(holders):
        _set_identifier(s, h, "address", forms[i % 2])
    return forms[0]


def _set_identifier(s: Synth, holder: dict[str, str], column: str, value: str) -> None:
    """Set a phone or address on a pattern row; a holder that has one already gets an account."""
    file, key = {
        "person": ("persons.csv", "id_number"),
        "company": ("companies.csv", "uscc"),
        "shop": ("shops.csv", None),
    }[holder["kind"]]
    for row in reversed(s.rows[file]):
        rid = f"{row['platform_id']}/{row['shop_id']}" if key is None else row[key]
        if rid == holder["id"]:
            if row.get(column):
                raise AssertionError("ring member already holds this identifier kind")
            row[column] = value
            return
    raise KeyError(holder["id"])
