"""Complaint handling (电子商务意见 (七)(十六)): the base complaints' handling columns, and planted
subjects just over and just under the warning list's thresholds (complaint_rates.yaml).

truth.json ``"complaint_warnings": [...]`` — planted shops and couriers whose substantiated
complaints in the three months up to ``as_of`` pass the threshold: ``subject`` ``{kind, id}``,
``shape`` (per_month, per_1000_orders, courier), ``substantiated``, ``orders`` (null when the
complaints carry none), ``rate``.

``"complaint_decoys": [...]`` — planted subjects that must not be warned: ``subject``, ``shape``
(at_threshold, unsubstantiated, before_period, many_orders, company), ``why``."""

from __future__ import annotations

import datetime as dt

import numpy as np

from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.fake import days, iso
from creditgraph.ingest.synth.truth import ref

STATUSES = np.array(["受理", "转办", "办结", "先行赔付"], dtype=object)


def fill_complaint_handling(s: Synth, as_of: dt.date) -> None:
    """Status, resolution, 先行赔付 and orders for the base complaints held in ``s.parts``, from a
    generator of their own per chunk (every other draw, and so the rest of the batch, stays what it
    was). Called for each chunk before it is written, and for the last one with the patterns.

    Orders are large where given (5,000–200,000 a month), so one base complaint never passes the
    per-1,000-orders threshold and the planted subjects are the warned ones."""
    chunk = s.chunk_index
    r = np.random.default_rng([s.seed, 19] if chunk == 0 else [s.seed, 19, chunk])
    for part in s.parts["complaints.csv"]:
        if "status" in part:
            continue
        n = len(part["complaint_id"])
        received = np.array([_parse(v) for v in part["received_at"]], dtype=np.int64)
        status = r.choice(STATUSES, n, p=[0.15, 0.1, 0.65, 0.1])
        done = (status == "办结") | (status == "先行赔付")
        resolved = np.minimum(received + r.integers(1, 31, n), days(as_of))
        part["status"] = status
        part["resolved_at"] = np.where(done, _iso_all(resolved), "").astype(object)
        paid = status == "先行赔付"
        part["compensation"] = np.where(paid, r.integers(50, 2000, n).astype(str), "").astype(object)
        rated = np.isin(part["subject_kind"], ["shop", "platform", "courier"]) & (r.random(n) < 0.3)
        part["orders"] = np.where(rated, r.integers(5_000, 200_000, n).astype(str), "").astype(object)


def _parse(text: str) -> int:
    """The day number of a base date in any of the batch's written forms (ISO, YYYY/MM/DD, 年月日)."""
    digits = text.replace("/", "-").replace("年", "-").replace("月", "-").replace("日", "")
    return days(dt.date.fromisoformat(digits))


def _iso_all(on: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(on.astype("datetime64[D]")).astype(object)


class ComplaintPatterns:
    """Planted complaints, each shape on a fresh subject nothing else complains about, dated inside
    the period (the three months up to ``as_of``) unless the shape is about the period."""

    def __init__(self, s: Synth, as_of: dt.date) -> None:
        self.s = s
        self.end = days(as_of)
        self.n = 0

    def complaint(
        self, kind: str, sid: str, day: int, substantiated: str = "true", orders: int | None = None
    ) -> None:
        s = self.s
        s.row(
            "complaints.csv",
            complaint_id=s.sid("CP", self.n, 8),
            channel="12315" if kind != "courier" else "12345",
            subject_kind=kind,
            subject_id=sid,
            received_at=iso(day),
            category="质量" if kind != "courier" else "丢件",
            substantiated=substantiated,
            status="受理",
            orders="" if orders is None else str(orders),
        )
        self.n += 1

    def many(self, kind: str, sid: str, on: list[int], subst: list[str], orders: int | None = None) -> None:
        for day, sub in zip(on, subst, strict=True):
            self.complaint(kind, sid, day, sub, orders)

    def shop(self) -> str:
        person = self.s.new_person()["id_number"]
        return self.s.new_shop("person", person, self.end - 900)

    def inside(self, k: int) -> list[int]:
        return [self.end - 80 + 10 * i for i in range(k)]  # 2026-04-11 … within (as_of - 3 months, as_of]

    def warn(self, kind: str, sid: str, shape: str, n: int, orders: int | None, rate: float) -> None:
        self.s.truth["complaint_warnings"].append(
            {"subject": ref(kind, sid), "shape": shape, "substantiated": n, "orders": orders, "rate": rate}
        )

    def decoy(self, kind: str, sid: str, shape: str, why: str) -> None:
        self.s.truth["complaint_decoys"].append({"subject": ref(kind, sid), "shape": shape, "why": why})

    def planted(self) -> None:
        self.warned()
        self.not_warned()

    def warned(self) -> None:
        end = self.end
        sid = self.shop()
        self.many("shop", sid, self.inside(7), ["true"] * 7)
        self.warn("shop", sid, "per_month", 7, None, round(7 / 3, 4))
        sid = self.shop()
        # one month's orders (all complaints in June): 3 over 2,000 orders = 1.5 per 1,000
        self.many("shop", sid, [end - 20, end - 10, end - 2], ["true"] * 3, 2_000)
        self.warn("shop", sid, "per_1000_orders", 3, 2_000, 1.5)
        cid, _ = self.s.new_courier()
        self.many("courier", cid, [end - 15, end - 5], ["true"] * 2, 1_000)
        self.warn("courier", cid, "courier", 2, 1_000, 2.0)

    def not_warned(self) -> None:
        end = self.end
        sid = self.shop()
        self.many("shop", sid, self.inside(6), ["true"] * 6)
        self.decoy(
            "shop",
            sid,
            "at_threshold",
            "6 substantiated in 3 months is 2 a month: the threshold, not past it",
        )
        sid = self.shop()
        self.many("shop", sid, self.inside(8), ["true", "false", "", "false", "true", "false", "", "false"])
        self.decoy("shop", sid, "unsubstantiated", "8 complaints, 2 substantiated")
        sid = self.shop()
        self.many("shop", sid, [end - 150 + 5 * i for i in range(8)], ["true"] * 8)
        self.decoy("shop", sid, "before_period", "8 substantiated complaints, all before the period")
        sid = self.shop()
        self.many("shop", sid, [end - 25, end - 15, end - 5, end - 3, end - 1], ["true"] * 5, 10_000)
        self.decoy("shop", sid, "many_orders", "5 substantiated over 10,000 orders is 0.5 per 1,000")
        company = self.s.new_company(end - 2000)
        self.many("company", company, self.inside(8), ["true"] * 8)
        why = "a company is not on the warning list (shops, platforms, couriers)"
        self.decoy("company", company, "company", why)
