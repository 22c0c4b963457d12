"""The batch being built: the bulk tables (column arrays) and the planted patterns' single rows of
every file, the truth, and the row makers every planted pattern uses (a fresh person, company,
shop, courier, role, list entry or violation). Planted patterns use *fresh* entities nothing else
touches, so the truth is complete as well as correct."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from creditgraph.ingest.records.models import FILES
from creditgraph.ingest.synth.fake import Values, date, days, iso, iso_or_empty
from creditgraph.ingest.synth.truth import Truth
from creditgraph.ingest.synth.vocabulary import AS_OF, COMPANY_KINDS, COUNTIES, PLATFORMS, TOWNS

#: Subjects generated (and written) at a time: a province-sized batch needs the memory of one chunk.
CHUNK_SUBJECTS = 1_000_000
# Columns of every file, in the contract's order: read from the models, the one place they live.
COLUMNS: dict[str, list[str]] = {name: list(spec.model.model_fields) for name, spec in FILES.items()}

Table = dict[str, np.ndarray]  # a file as columns of object arrays (pandas would re-infer strings)


def rows_of(table: Table) -> int:
    return len(next(iter(table.values())))


def table(columns: Mapping[str, Any]) -> Table:
    """Columns as object arrays of equal length; scalars are broadcast."""
    n = next(len(v) for v in columns.values() if not isinstance(v, str))
    out: Table = {}
    for c, v in columns.items():
        if isinstance(v, str):
            out[c] = np.full(n, v, dtype=object)
        else:
            out[c] = (
                np.asarray(v, dtype=object) if not isinstance(v, np.ndarray) else v.astype(object, copy=False)
            )
    return out


@dataclass
class Synth(Values):
    """One batch: its values, its files (bulk ``parts`` and pattern ``rows``) and its truth.

    The base population's last chunk stays on it (``companies``, ``persons``, ``shops`` ... set by
    :mod:`creditgraph.ingest.synth.base`), as the planted patterns draw on it."""

    chunk_subjects: int = CHUNK_SUBJECTS
    parts: dict[str, list[Table]] = field(default_factory=lambda: {f: [] for f in COLUMNS})
    rows: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {f: [] for f in COLUMNS})
    truth: Truth = field(default_factory=Truth)
    chunk_index: int = 0
    # The base population's chunk in hand (the last one once the patterns run), set by ingest.synth.base.
    chunk: int = field(init=False)
    n_platforms: int = field(init=False)
    n_couriers: int = field(init=False)
    n_comp: int = field(init=False)
    n_pers: int = field(init=False)
    n_shops: int = field(init=False)
    holders_pool: int = field(init=False)  # persons holding roles: the first ones; the rest may run shops
    companies: Table = field(init=False)
    company_reg: np.ndarray = field(init=False)
    persons: Table = field(init=False)
    role_company: np.ndarray = field(init=False)
    role_person: np.ndarray = field(init=False)
    role_name: np.ndarray = field(init=False)
    parent_holder: np.ndarray = field(init=False)
    shops: Table = field(init=False)
    shop_refs: np.ndarray = field(init=False)
    shop_opened: np.ndarray = field(init=False)
    shop_by_person: np.ndarray = field(init=False)
    shop_op_person: np.ndarray = field(init=False)
    generic: list[dict[str, Any]] = field(init=False)  # the generic identifiers (ingest.synth.generic)

    def add(self, file: str, frame: Table) -> None:
        self.parts[file].append(frame)

    def row(self, file: str, **values: Any) -> None:
        self.rows[file].append({k: "" if v is None else str(v) for k, v in values.items()})

    def amend(self, file: str, key: str, value: str, **columns: str) -> None:
        """Change columns of the latest pattern row of ``file`` whose ``key`` is ``value``."""
        for row in reversed(self.rows[file]):
            if row[key] == value:
                row.update(columns)
                return

    # ---- single rows for patterns ------------------------------------------------------------

    def new_person(
        self, name: str | None = None, phone: str | None = None, address: str | None = None
    ) -> dict[str, str]:
        pid = self.take("person_id")
        p = {
            "id_number": pid,
            "name": name or self.take("name"),
            "phone": phone if phone is not None else self.take("phone"),
            "address": address if address is not None else self.take("address"),
        }
        self.row("persons.csv", **p)
        return p

    def new_company(self, registered: int) -> str:
        uscc, name, address, phone, county = self.take("company")
        self.row(
            "companies.csv",
            uscc=uscc,
            name=name,
            kind=COMPANY_KINDS[0],
            registered_at=iso(registered),
            status="存续",
            address=address,
            phone=phone,
            jurisdiction=COUNTIES[county][0],
        )
        return uscc

    def new_shop(
        self, operator_kind: str, operator_id: str, opened: int, closed: int = -1, phone: str | None = None
    ) -> str:
        plat = PLATFORMS[int(self.rng.integers(0, len(PLATFORMS)))][0]
        sid = self.sid("S", self.ids.shop, 8)
        self.ids.shop += 1
        self.row(
            "shops.csv",
            platform_id=plat,
            shop_id=sid,
            name=self.take("name") + "的小店",
            operator_kind=operator_kind,
            operator_id=operator_id,
            opened_at=iso(opened),
            closed_at=iso_or_empty(closed),
            phone=phone if phone is not None else self.take("phone"),
            address="",
        )
        return f"{plat}/{sid}"

    def new_courier(self) -> tuple[str, str]:
        """A courier and its operating company, both fresh: (courier_id, operator uscc)."""
        op = self.new_company(self.one_day(dt.date(2010, 1, 1), dt.date(2016, 1, 1)))
        cid = self.sid("CR", self.ids.courier, 4)
        self.ids.courier += 1
        self.row(
            "couriers.csv",
            courier_id=cid,
            name=f"{TOWNS[self.ids.courier % len(TOWNS)]}速递{self.ids.courier}",
            operator_uscc=op,
            license_no=f"邮快许{self.ids.courier:06d}",
        )
        return cid, op

    def role(self, uscc: str, pid: str, role: str, since: int, until: int = -1) -> None:
        self.row(
            "roles.csv",
            company_uscc=uscc,
            person_id_number=pid,
            role=role,
            since=iso(since),
            until=iso_or_empty(until),
        )

    def shipping(self, cid: str, platform: str, shop: str, since: int, until: int, parcels: object) -> None:
        self.row(
            "shipping.csv",
            courier_id=cid,
            platform_id=platform,
            shop_id=shop,
            since=iso(since),
            until=iso_or_empty(until),
            parcels=str(parcels),
        )

    def entry(
        self,
        kind: str,
        sid: str,
        listed: int,
        measures: list[str],
        lst: str = "black",
        expires: int = -1,
        removed: int = -1,
    ) -> str:
        eid = self.sid("E", self.ids.entry, 8)
        self.ids.entry += 1
        agency, juris = self.agencies(np.array([listed]))
        self.row(
            "list_entries.csv",
            entry_id=eid,
            list=lst,
            subject_kind=kind,
            subject_id=sid,
            agency=agency[0],
            listed_at=iso(listed),
            reason="严重失信" if lst == "black" else "诚信示范",
            jurisdiction=juris[0],
            expires_at=iso_or_empty(expires),
            removed_at=iso_or_empty(removed),
            measures=";".join(measures),
        )
        return eid

    def violation(self, kind: str, sid: str, decided: int, vtype: str, **columns: str) -> str:
        """One violations.csv row on a fresh record id (``columns``: the rest of the row)."""
        rid = self.sid("V", self.ids.violation, 9)
        self.ids.violation += 1
        agency, juris = self.agencies(np.array([decided]))
        self.row(
            "violations.csv",
            record_id=rid,
            subject_kind=kind,
            subject_id=sid,
            violation_type=vtype,
            decided_at=iso(decided),
            agency=agency[0],
            jurisdiction=juris[0],
            **columns,
        )
        return rid

    def when(self) -> tuple[int, int]:
        """A listing date and a later reappearance date, both before AS_OF."""
        listed = self.one_day(dt.date(2017, 1, 1), dt.date(2024, 6, 30))
        later = self.one_day(listed + 30, days(AS_OF) - 30)
        return listed, later

    # ---- output --------------------------------------------------------------------------------

    def frames(self) -> dict[str, Table]:
        """Every file as column arrays: the bulk parts, then the pattern rows."""
        out: dict[str, Table] = {}
        for f, cols in COLUMNS.items():
            parts = list(self.parts[f])
            if self.rows[f]:
                parts.append(table({c: [r.get(c, "") for r in self.rows[f]] for c in cols}))
            n = [len(next(iter(p.values()))) for p in parts]
            out[f] = {}
            for c in cols:
                arrays = [
                    p[c] if c in p else np.full(k, "", dtype=object) for p, k in zip(parts, n, strict=True)
                ]
                col = np.concatenate(arrays) if arrays else np.zeros(0, dtype=object)
                out[f][c] = col.astype(object, copy=False)
        return out


__all__ = ["CHUNK_SUBJECTS", "COLUMNS", "Synth", "Table", "date", "rows_of", "table"]
