"""The base population, in chunks: companies, persons, roles (heavy-tailed), shareholdings, the
platforms and couriers, shops, accounts, shipping, products and listings, intermediaries, then the
chunk's events (:mod:`creditgraph.ingest.synth.events`). Every base identifier (phone, address, account) is
unique, except the generic ones (:mod:`creditgraph.ingest.synth.generic`) planted on the last chunk's shops.

Every chunk but the last is written and dropped; the last stays for the planted patterns, which
draw on it. A batch of one chunk (up to a million subjects) is the batch a single pass made before
chunking, draw for draw."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np

from creditgraph.ingest.synth import events, generic
from creditgraph.ingest.synth.batch import CHUNK_SUBJECTS, COLUMNS, Synth, Table, table
from creditgraph.ingest.synth.codes import bijection, gtin_codes
from creditgraph.ingest.synth.complaints import fill_complaint_handling
from creditgraph.ingest.synth.fake import days
from creditgraph.ingest.synth.vocabulary import (
    AS_OF,
    BANKS,
    CATEGORIES,
    COMPANY_KINDS,
    COUNTIES,
    COURIER_NAMES,
    INTERMEDIARY_CATEGORIES,
    OFFICER_ROLES,
    PLATFORMS,
    PRODUCT_WORDS,
    STATUSES,
    TOWNS,
)


def chunk_sizes(subjects: int, chunk: int = CHUNK_SUBJECTS) -> list[int]:
    """``subjects`` split into as few near-equal chunks of at most ``chunk`` as possible."""
    k = max(1, math.ceil(subjects / chunk))
    return [subjects // k + (1 if i < subjects % k else 0) for i in range(k)]


def base(s: Synth, flush: Callable[[dict[str, Table]], None] | None = None) -> None:
    """The base population in chunks of at most ``s.chunk_subjects`` subjects; every chunk but the
    last is handed to ``flush`` (which writes it) and dropped, so a province-sized batch needs the
    memory of one chunk."""
    sizes = chunk_sizes(s.subjects, s.chunk_subjects)
    for i, n in enumerate(sizes):
        last = i == len(sizes) - 1
        s.chunk_index = i
        chunk(s, n, first=i == 0, last=last)
        if not last and flush is not None:
            fill_complaint_handling(s, AS_OF)  # before the chunk's complaints are written
            flush(s.frames())
            s.parts = {f: [] for f in COLUMNS}


def chunk(s: Synth, N: int, *, first: bool, last: bool) -> None:
    """One chunk of ``N`` subjects: platforms and couriers come with the first, the generic
    phone and address with the last (the patterns' chunk); ids run on across chunks."""
    s.chunk = N
    s.n_platforms = len(PLATFORMS)
    if first:
        s.n_couriers = max(len(COURIER_NAMES), min(60, s.subjects // 20_000 + len(COURIER_NAMES)))
    s.n_shops = max(100, int(0.2 * N))
    s.n_comp = max(60, int(0.28 * N))
    s.n_pers = max(80, N - s.n_comp - s.n_shops - s.n_platforms - s.n_couriers)
    _companies(s)
    _persons(s)
    _roles(s)
    _shareholdings(s)
    if first:  # platforms: operated by the first companies (of the first chunk)
        _platforms_and_couriers(s)
    _shops(s, last)
    _accounts(s)
    _shipping(s, first)
    _products_and_listings(s, N)
    _intermediaries(s)
    events.events(s)


def _companies(s: Synth) -> None:
    """The chunk's companies (some jurisdictions city-level)."""
    r, n_comp = s.rng, s.n_comp
    counties = r.integers(0, len(COUNTIES), n_comp)
    uscc = s.company_ids(counties)
    reg_days = s.day_between(dt.date(2000, 1, 1), dt.date(2025, 12, 31), n_comp)
    addr, _ = s.addresses(n_comp, counties)
    phone = s.phones(n_comp, landline_share=0.5)
    phone[r.random(n_comp) < 0.1] = ""
    juris = np.array([c[0] for c in COUNTIES], dtype=object)[counties]
    city_level = r.random(n_comp) < 0.2
    juris[city_level] = np.array([c[3] for c in COUNTIES], dtype=object)[counties[city_level]]
    status = r.choice(np.array(STATUSES, dtype=object), n_comp, p=[0.55, 0.3, 0.1, 0.04, 0.01])
    s.companies = table(
        {
            "uscc": uscc,
            "name": s.company_names(n_comp, counties),
            "kind": r.choice(np.array(COMPANY_KINDS, dtype=object), n_comp),
            "registered_at": s.dates(reg_days),
            "status": status,
            "address": addr,
            "phone": phone,
            "jurisdiction": juris,
        }
    )
    s.add("companies.csv", s.companies)
    s.company_reg = reg_days


def _persons(s: Synth) -> None:
    r, n_pers = s.rng, s.n_pers
    pid = s.person_ids(n_pers)
    paddr, _ = s.addresses(n_pers)
    paddr[r.random(n_pers) < 0.4] = ""
    pphone = s.phones(n_pers)
    pphone[r.random(n_pers) < 0.3] = ""
    s.persons = table({"id_number": pid, "name": s.names(n_pers), "phone": pphone, "address": paddr})
    s.add("persons.csv", s.persons)


def _roles(s: Synth) -> None:
    """One legal representative per company plus officers; persons heavy-tailed: most hold one
    role, a few dozens (Zipf counts, as many persons as the roles need)."""
    r, n_comp, n_pers = s.rng, s.n_comp, s.n_pers
    n_off = r.poisson(1.5, n_comp)
    n_roles = n_comp + int(n_off.sum())
    role_company = np.concatenate([np.arange(n_comp), np.repeat(np.arange(n_comp), n_off)])
    role_name = np.concatenate(
        [
            np.full(n_comp, "法定代表人", dtype=object),
            r.choice(np.array(OFFICER_ROLES, dtype=object), n_roles - n_comp),
        ]
    )
    counts = np.minimum(r.zipf(2.3, n_pers), 80)
    holders_pool = min(int(np.searchsorted(np.cumsum(counts), n_roles)) + 1, int(n_pers * 0.8))
    slots = np.repeat(np.arange(holders_pool), counts[:holders_pool])
    while len(slots) < n_roles:  # only when persons are scarce (tiny batches)
        slots = np.concatenate([slots, np.arange(holders_pool)])
    slots = r.permutation(slots[:n_roles])
    since = s.company_reg[role_company] + r.integers(0, 400, n_roles)
    left = r.random(n_roles) < 0.15
    until = np.where(left, since + r.integers(200, 3000, n_roles), -1)
    until = np.where(until > days(AS_OF), -1, until)
    s.role_company, s.role_person, s.role_name = role_company, slots, role_name
    s.holders_pool = holders_pool
    s.add(
        "roles.csv",
        table(
            {
                "company_uscc": s.companies["uscc"][role_company],
                "person_id_number": s.persons["id_number"][slots],
                "role": role_name,
                "since": s.dates(since),
                "until": s.dates(until),
            }
        ),
    )


def _shareholdings(s: Synth) -> None:
    """The legal representative holds shares, sometimes beside a parent company."""
    r, n_comp, uscc = s.rng, s.n_comp, s.companies["uscc"]
    legal = s.role_person[:n_comp]
    ratio_p = r.uniform(0.3, 1.0, n_comp).round(2)
    has_parent = r.random(n_comp) < 0.35
    parent = r.integers(0, n_comp, n_comp)
    has_parent &= parent != np.arange(n_comp)
    ratio_p[has_parent] = np.minimum(ratio_p[has_parent], 0.6)
    sh_company = np.concatenate([np.arange(n_comp), np.flatnonzero(has_parent)])
    sh_kind = np.concatenate(
        [np.full(n_comp, "person", object), np.full(int(has_parent.sum()), "company", object)]
    )
    sh_holder = np.concatenate([s.persons["id_number"][legal], uscc[parent[has_parent]]])
    sh_ratio = np.concatenate([ratio_p, (1 - ratio_p[has_parent]).round(2)])
    ratio_txt = np.array([f"{x:.2f}" for x in sh_ratio], dtype=object)
    pct = r.random(len(ratio_txt)) < 0.3
    ratio_txt[pct] = np.array([f"{round(x * 100)}%" for x in sh_ratio[pct]], dtype=object)
    s.add(
        "shareholdings.csv",
        table(
            {
                "company_uscc": uscc[sh_company],
                "holder_kind": sh_kind,
                "holder_id": sh_holder,
                "ratio": ratio_txt,
                "since": s.dates(s.company_reg[sh_company]),
                "until": "",
            }
        ),
    )
    s.parent_holder = np.zeros(n_comp, bool)
    s.parent_holder[parent[has_parent]] = True


def _platforms_and_couriers(s: Synth) -> None:
    """The platforms and the couriers, operated by the first companies of the first chunk."""
    uscc = s.companies["uscc"]
    s.add(
        "platforms.csv",
        table(
            {
                "platform_id": [p[0] for p in PLATFORMS],
                "name": [p[1] for p in PLATFORMS],
                "operator_uscc": uscc[: s.n_platforms],
                "url": [p[2] for p in PLATFORMS],
            }
        ),
    )
    nc = s.n_couriers
    s.ids.courier = nc
    cnames = [
        COURIER_NAMES[i] if i < len(COURIER_NAMES) else f"{TOWNS[i % len(TOWNS)]}同城配送{i}"
        for i in range(nc)
    ]
    courier_ops = np.arange(s.n_platforms, s.n_platforms + nc)
    s.add(
        "couriers.csv",
        table(
            {
                "courier_id": [s.sid("CR", i, 4) for i in range(nc)],
                "name": cnames,
                "operator_uscc": uscc[courier_ops],
                "license_no": [f"邮快许{2015 + i % 9}{i:05d}" for i in range(nc)],
            }
        ),
    )


def _shop_operators(s: Synth) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who runs each shop: individual sellers (persons without roles, heavy-tailed) and companies
    (not a platform's or a courier's operator). Returns (by_person, operating person, operator id)."""
    r, n_shops, n_pers = s.rng, s.n_shops, s.n_pers
    by_person = r.random(n_shops) < 0.6
    seller_pool = np.arange(s.holders_pool, n_pers)
    seller_counts = np.minimum(r.zipf(2.8, len(seller_pool)), 12)
    seller_slots = r.permutation(np.repeat(seller_pool, seller_counts))
    n_by_person = int(by_person.sum())
    while len(seller_slots) < n_by_person:
        seller_slots = np.concatenate([seller_slots, seller_pool])
    op_person = seller_slots[:n_by_person]
    op_company = r.integers(s.n_platforms + s.n_couriers, s.n_comp, n_shops - n_by_person)
    op_id = np.empty(n_shops, dtype=object)
    op_id[by_person] = s.persons["id_number"][op_person]
    op_id[~by_person] = s.companies["uscc"][op_company]
    return by_person, op_person, op_id


def _shops(s: Synth, last: bool) -> None:
    """Shops on the platforms; on the last chunk some share the generic phone and address."""
    r, n_shops = s.rng, s.n_shops
    platform_p = np.array([0.3, 0.25, 0.2, 0.12, 0.08, 0.05])
    plat = r.choice(np.array([p[0] for p in PLATFORMS], dtype=object), n_shops, p=platform_p)
    shop0 = s.ids.shop
    shop_ids = np.array([s.sid("S", i, 8) for i in range(shop0, shop0 + n_shops)], dtype=object)
    s.ids.shop = shop0 + n_shops
    by_person, op_person, op_id = _shop_operators(s)
    op_kind = np.where(by_person, "person", "company").astype(object)
    opened = s.day_between(dt.date(2012, 1, 1), dt.date(2026, 3, 31), n_shops)
    closed = np.where(r.random(n_shops) < 0.1, opened + r.integers(60, 2000, n_shops), -1)
    closed = np.where(closed > days(AS_OF), -1, closed)
    sphone = s.phones(n_shops)
    saddr, _ = s.addresses(n_shops)
    saddr[r.random(n_shops) < 0.5] = ""
    if last:  # the patterns' chunk (generic_truth reads its shops)
        generic.plant(s, sphone, saddr)
    names = np.where(
        by_person,
        s.names(n_shops) + r.choice(np.array(["的小店", "精品店", "百货", "优选"], dtype=object), n_shops),
        r.choice(s.pools.company_words, n_shops)
        + r.choice(np.array(["旗舰店", "专营店", "官方店"], dtype=object), n_shops),
    )
    s.shops = table(
        {
            "platform_id": plat,
            "shop_id": shop_ids,
            "name": names,
            "operator_kind": op_kind,
            "operator_id": op_id,
            "opened_at": s.dates(opened),
            "closed_at": s.dates(closed),
            "phone": sphone,
            "address": saddr,
        }
    )
    s.add("shops.csv", s.shops)
    s.shop_refs = plat + "/" + shop_ids
    s.shop_opened = opened
    s.shop_by_person = by_person
    s.shop_op_person = np.full(n_shops, -1)
    s.shop_op_person[by_person] = op_person


def _accounts(s: Synth) -> None:
    """Accounts of some companies, persons and shops; all distinct."""
    r = s.rng
    acc_c = np.flatnonzero(r.random(s.n_comp) < 0.4)
    acc_p = np.flatnonzero(r.random(s.n_pers) < 0.2)
    acc_s = np.flatnonzero(r.random(s.n_shops) < 0.1)
    kinds = np.concatenate(
        [
            np.full(len(acc_c), "company", object),
            np.full(len(acc_p), "person", object),
            np.full(len(acc_s), "shop", object),
        ]
    )
    holders = np.concatenate([s.companies["uscc"][acc_c], s.persons["id_number"][acc_p], s.shop_refs[acc_s]])
    s.add(
        "accounts.csv",
        table(
            {
                "holder_kind": kinds,
                "holder_id": holders,
                "account_no": s.accounts(len(kinds)),
                "bank": r.choice(np.array(BANKS, dtype=object), len(kinds)),
            }
        ),
    )


def _shipping(s: Synth, first: bool) -> None:
    """Every courier serves some platforms (on the first chunk); local couriers also single shops."""
    r, n_shops, nc = s.rng, s.n_shops, s.n_couriers
    plat, shop_ids = s.shops["platform_id"], s.shops["shop_id"]
    ship = []
    for c in range(nc if first else 0):
        for p in r.choice(s.n_platforms, int(r.integers(2, 5)), replace=False):
            since = s.one_day(dt.date(2014, 1, 1), dt.date(2022, 1, 1))
            ship.append(
                (s.sid("CR", c, 4), PLATFORMS[p][0], "", since, -1, int(r.integers(10_000, 5_000_000)))
            )
    for i in r.choice(n_shops, min(n_shops, max(20, n_shops // 200)), replace=False):
        c = int(r.integers(0, nc))
        ship.append(
            (
                s.sid("CR", c, 4),
                plat[i],
                shop_ids[i],
                int(s.shop_opened[i]) + 30,
                -1,
                int(r.integers(100, 50_000)),
            )
        )
    cols = list(zip(*ship, strict=True))
    s.add(
        "shipping.csv",
        table(
            {
                "courier_id": cols[0],
                "platform_id": cols[1],
                "shop_id": cols[2],
                "since": s.dates(np.array(cols[3])),
                "until": s.dates(np.array(cols[4])),
                "parcels": [str(x) for x in cols[5]],
            }
        ),
    )


def _products_and_listings(s: Synth, N: int) -> None:
    """Products in every category (some without barcode or manufacturer), listed by the shops."""
    r = s.rng
    n_prod = max(40, int(0.1 * N))
    prod0 = s.ids.product
    cat_idx = np.concatenate(
        [np.arange(len(CATEGORIES)), r.integers(0, len(CATEGORIES), n_prod - len(CATEGORIES))]
    )
    cats = np.array(CATEGORIES, dtype=object)[cat_idx]
    pw = np.empty(n_prod, dtype=object)
    pick = r.integers(0, 100, n_prod)
    for i, (c, k) in enumerate(zip(cats, pick, strict=True)):
        ws = PRODUCT_WORDS[c]
        pw[i] = ws[k % len(ws)]
    brand = r.choice(s.pools.company_words, n_prod)
    barcode = gtin_codes(bijection(np.arange(prod0, prod0 + n_prod), 10**10, 5_555_555))
    barcode[r.random(n_prod) < 0.1] = ""
    manu = s.companies["uscc"][r.integers(0, s.n_comp, n_prod)]
    manu[r.random(n_prod) < 0.3] = ""
    product_ids = np.array([s.sid("PD", i, 8) for i in range(prod0, prod0 + n_prod)], dtype=object)
    s.ids.product = prod0 + n_prod
    s.add(
        "products.csv",
        table(
            {
                "product_id": product_ids,
                "name": brand + pw,
                "category": cats,
                "barcode": barcode,
                "manufacturer_uscc": manu,
            }
        ),
    )
    _listings(s, product_ids)


def _listings(s: Synth, product_ids: np.ndarray) -> None:
    r = s.rng
    per_shop = r.poisson(4, s.n_shops)
    ls = np.repeat(np.arange(s.n_shops), per_shop)
    lp = r.integers(0, len(product_ids), len(ls))
    listed = s.shop_opened[ls] + r.integers(0, 600, len(ls))
    delisted = np.where(r.random(len(ls)) < 0.2, listed + r.integers(30, 900, len(ls)), -1)
    s.add(
        "listings.csv",
        table(
            {
                "platform_id": s.shops["platform_id"][ls],
                "shop_id": s.shops["shop_id"][ls],
                "product_id": product_ids[lp],
                "listed_at": s.dates(listed),
                "delisted_at": s.dates(delisted),
            }
        ),
    )


def _intermediaries(s: Synth) -> None:
    r = s.rng
    inter = np.flatnonzero(r.random(s.n_comp) < 0.005)
    s.add(
        "intermediaries.csv",
        table(
            {
                "uscc": s.companies["uscc"][inter],
                "category": r.choice(np.array(INTERMEDIARY_CATEGORIES, dtype=object), len(inter)),
            }
        ),
    )
