"""Values drawn from the batch's generator: names from Faker ``zh_CN`` pools built once, then
numpy draws, so a million subjects are named in seconds; phones, addresses, accounts and codes
are unique by allocation (an index per kind, never reused) and written in variant forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from creditgraph.ingest.synth.codes import bijection, citizen_ids, uscc_codes
from creditgraph.ingest.synth.forms import address_text, phone_variant
from creditgraph.ingest.synth.vocabulary import (
    AGENCIES_NEW,
    AGENCIES_OLD,
    COUNTIES,
    EPOCH,
    INDUSTRIES,
    LEGAL_FORMS,
    OTHER_REGIONS,
    ROAD_STEMS,
    ROAD_SUFFIXES,
    TOWNS,
)


def days(d: dt.date) -> int:
    """A date as the batch's day number (days since 1970-01-01)."""
    return (d - EPOCH).days


def date(n: int) -> dt.date:
    """A day number as a date."""
    return EPOCH + dt.timedelta(days=int(n))


def iso(n: int) -> str:
    """A day number as an ISO date, as pattern rows and the truth write it."""
    return date(n).isoformat()


def iso_or_empty(n: int) -> str:
    """A day number as an ISO date; negative = no date (an open end)."""
    return iso(n) if n >= 0 else ""


@dataclass
class Pools:
    """The Faker ``zh_CN`` word lists the bulk draws from."""

    surnames: np.ndarray
    surname_p: np.ndarray
    given: np.ndarray
    company_words: np.ndarray
    mobile_prefixes: np.ndarray


def pools(seed: int) -> Pools:
    """The pools for ``seed`` (Faker is imported here: only a batch being made needs it)."""
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    person = fake.provider("faker.providers.person")
    last = person.last_names
    surnames = np.array(list(last.keys()), dtype=object)
    weights = np.array(list(last.values()), dtype=float)
    given = np.array(sorted(set(person.first_names)), dtype=object)
    company = fake.provider("faker.providers.company")
    words = np.array(sorted(set(company.company_prefixes)), dtype=object)
    phone = fake.provider("faker.providers.phone_number")
    prefixes = np.array([str(p) for p in phone.phonenumber_prefixes], dtype=object)
    return Pools(surnames, weights / weights.sum(), given, words, prefixes)


@dataclass
class Ids:
    """Allocators for identifiers that must never collide."""

    person: int = 0
    company: int = 0
    phone: int = 0
    address: int = 0
    account: int = 0
    shop: int = 0
    entry: int = 0
    violation: int = 0
    courier: int = 0
    product: int = 0
    complaint: int = 0


@dataclass
class Values:
    """The batch's generator and allocators, and every kind of value drawn from them."""

    subjects: int
    seed: int
    rng: np.random.Generator = field(init=False)
    pools: Pools = field(init=False)
    ids: Ids = field(default_factory=Ids)
    stock: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)
        self.pools = pools(self.seed)

    def names(self, n: int) -> np.ndarray:
        r = self.rng
        sur = r.choice(self.pools.surnames, n, p=self.pools.surname_p)
        g1 = r.choice(self.pools.given, n)
        g2 = r.choice(self.pools.given, n)
        two = r.random(n) < 0.6
        return np.where(two, sur + g1 + g2, sur + g1)

    def company_names(self, n: int, counties: np.ndarray) -> np.ndarray:
        r = self.rng
        city = np.array([c[2] for c in COUNTIES], dtype=object)[counties]
        word = r.choice(self.pools.company_words, n)
        ind = r.choice(np.array(INDUSTRIES, dtype=object), n)
        form = r.choice(np.array(LEGAL_FORMS, dtype=object), n)
        return city + word + ind + form

    def sid(self, kind: str, n: int, width: int) -> str:
        """A batch-scoped id, ``V1-000000392``: the seed is part of it, so batches of different seeds
        loaded into one graph never share a record, entry, product, shop or courier (the same seed
        reproduces the same ids, so reloading a batch updates it rather than adding a copy)."""
        return f"{kind}{self.seed}-{n:0{width}d}"

    def phones(self, n: int, landline_share: float = 0.0) -> np.ndarray:
        """Unique numbers, about one in five written with +86, spaces, dashes or parentheses."""
        r = self.rng
        idx = np.arange(self.ids.phone, self.ids.phone + n)
        self.ids.phone += n
        serial = bijection(idx, 10**8, 12_345_677)
        pre = r.choice(self.pools.mobile_prefixes.astype(np.int64), n)
        mobile = (pre * 10**8 + serial).astype("<U11").astype(object)
        land = "0" + (519 * 10**8 + serial).astype("<U11").astype(object)
        canonical = np.where(r.random(n) < landline_share, land, mobile)
        return self.phone_forms(canonical)

    def phone_forms(self, canonical: np.ndarray) -> np.ndarray:
        r = self.rng
        out = canonical.copy()
        form = r.random(len(out))
        for i in np.flatnonzero(form < 0.2):
            out[i] = phone_variant(out[i], int(form[i] * 20))
        return out

    def address_parts(self, n: int) -> tuple[np.ndarray, ...]:
        """(town, road, number, room) of ``n`` places no other call will produce again.

        Uniqueness does not depend on the county, so any county may be paired with them.
        """
        idx = np.arange(self.ids.address, self.ids.address + n)
        self.ids.address += n
        comp = bijection(idx, 10**9, 7_654_321)
        nt, ns, nf = len(TOWNS), len(ROAD_STEMS), len(ROAD_SUFFIXES)
        town = comp % nt
        stem = (comp // nt) % ns
        suffix = (comp // (nt * ns)) % nf
        number = (comp // (nt * ns * nf)) % 998 + 1
        room = comp // (nt * ns * nf * 998)
        return town, stem * nf + suffix, number, room

    def addresses(self, n: int, counties: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Unique addresses (and their county index), in canonical and variant written forms."""
        r = self.rng
        town, road, number, room = self.address_parts(n)
        if counties is None:
            counties = r.integers(0, len(COUNTIES), n)
        nf = len(ROAD_SUFFIXES)
        district = np.array([c[1] for c in COUNTIES], dtype=object)[counties]
        city = np.array([c[2] for c in COUNTIES], dtype=object)[counties]
        town_s = np.array(TOWNS, dtype=object)[town]
        road_s = (
            np.array(ROAD_STEMS, dtype=object)[road // nf] + np.array(ROAD_SUFFIXES, dtype=object)[road % nf]
        )
        num_s = number.astype("<U3").astype(object)
        room_s = np.where(room > 0, room.astype("<U6").astype(object) + "室", "")
        full = city + district + town_s + "镇" + road_s + num_s + "号" + room_s
        form = r.random(n)
        out = np.where(form < 0.6, "江苏省" + full, full)
        for i in np.flatnonzero(form >= 0.8):
            parts = (int(counties[i]), town_s[i], road_s[i], int(number[i]), int(room[i]))
            out[i] = address_text(*parts, "short" if form[i] < 0.9 else "numerals")
        return out, counties

    def address_forms(self, forms: tuple[str, ...]) -> list[str]:
        """One fresh address written in each of ``forms`` (all normalise to one key)."""
        town, road, number, room = (int(a[0]) for a in self.address_parts(1))
        county = int(self.rng.integers(0, len(COUNTIES)))
        nf = len(ROAD_SUFFIXES)
        road_s = ROAD_STEMS[road // nf] + ROAD_SUFFIXES[road % nf]
        return [address_text(county, TOWNS[town], road_s, number, room, f) for f in forms]

    def dates(self, days: np.ndarray, variant: float = 0.1) -> np.ndarray:
        """ISO dates, some as YYYY/MM/DD or YYYY年MM月DD日; negative days = empty."""
        days = np.asarray(days, dtype=np.int64)
        iso = np.datetime_as_string(days.astype("datetime64[D]")).astype("<U10")
        s = iso.astype(object)
        s[days < 0] = ""
        pick = np.flatnonzero((self.rng.random(len(s)) < variant) & (days >= 0))
        if len(pick):
            chars = iso[pick].view("<U1").reshape(len(pick), 10)
            y = chars[:, :4].copy().view("<U4").ravel().astype(object)
            m = chars[:, 5:7].copy().view("<U2").ravel().astype(object)
            d = chars[:, 8:10].copy().view("<U2").ravel().astype(object)
            s[pick] = np.where(pick % 2 == 1, y + "/" + m + "/" + d, y + "年" + m + "月" + d + "日")
        return s

    def day_between(self, lo: dt.date | int, hi: dt.date | int, n: int) -> np.ndarray:
        lo_d = days(lo) if isinstance(lo, dt.date) else lo
        hi_d = days(hi) if isinstance(hi, dt.date) else hi
        return self.rng.integers(lo_d, max(hi_d, lo_d + 1), n)

    def one_day(self, lo: dt.date | int, hi: dt.date | int) -> int:
        """One day number in [lo, hi): a pattern's date."""
        return int(self.day_between(lo, hi, 1)[0])

    def person_ids(self, n: int) -> np.ndarray:
        idx = np.arange(self.ids.person, self.ids.person + n)
        self.ids.person += n
        span = days(dt.date(2004, 12, 31)) - days(dt.date(1955, 1, 1))
        scrambled = bijection(idx, 10**9, 99_991)
        births = days(dt.date(1955, 1, 1)) + scrambled % span
        seqs = (scrambled // span) % 1000
        regions = np.array([c[0] for c in COUNTIES] + OTHER_REGIONS, dtype=object)
        reg = regions[self.rng.integers(0, len(regions), n)]
        return citizen_ids(reg, births, seqs)

    def company_ids(self, counties: np.ndarray) -> np.ndarray:
        n = len(counties)
        idx = np.arange(self.ids.company, self.ids.company + n)
        self.ids.company += n
        regions = np.array([c[0] for c in COUNTIES], dtype=object)[counties]
        return uscc_codes(regions, bijection(idx, 10**9, 424_242))

    def accounts(self, n: int) -> np.ndarray:
        idx = np.arange(self.ids.account, self.ids.account + n)
        self.ids.account += n
        serial = bijection(idx, 10**12, 31_415_927)
        out = (6222 * 10**12 + serial).astype("<U16").astype(object)
        for i in np.flatnonzero(self.rng.random(n) < 0.15):
            a = out[i]
            out[i] = f"{a[:4]} {a[4:8]} {a[8:12]} {a[12:]}"
        return out

    def agencies(self, on: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(agency as written, its jurisdiction) for each day: 工商局 names before 2019."""
        r = self.rng
        old = on < days(dt.date(2019, 1, 1))
        a_old = r.integers(0, len(AGENCIES_OLD), len(on))
        a_new = r.integers(0, len(AGENCIES_NEW), len(on))
        names = np.where(
            old,
            np.array([a[0] for a in AGENCIES_OLD], dtype=object)[a_old],
            np.array([a[0] for a in AGENCIES_NEW], dtype=object)[a_new],
        )
        juris = np.where(
            old,
            np.array([a[1] for a in AGENCIES_OLD], dtype=object)[a_old],
            np.array([a[1] for a in AGENCIES_NEW], dtype=object)[a_new],
        )
        return names, juris

    def take(self, kind: str) -> Any:
        """One fresh value for a pattern row, drawn from a stock generated in vectorised batches."""
        stock = self.stock.setdefault(kind, [])
        if not stock:
            stock.extend(reversed(self._fresh(kind, 256)))
        return stock.pop()

    def _fresh(self, kind: str, n: int) -> list[Any]:
        if kind == "person_id":
            return self.person_ids(n).tolist()
        if kind == "name":
            return self.names(n).tolist()
        if kind == "phone":
            return self.phones(n).tolist()
        if kind == "address":
            return self.addresses(n)[0].tolist()
        if kind == "account":
            return self.accounts(n).tolist()
        if kind == "company":
            counties = self.rng.integers(0, len(COUNTIES), n)
            return list(
                zip(
                    self.company_ids(counties).tolist(),
                    self.company_names(n, counties).tolist(),
                    self.addresses(n, counties)[0].tolist(),
                    self.phones(n, 0.5).tolist(),
                    counties.tolist(),
                    strict=True,
                )
            )
        raise KeyError(kind)
