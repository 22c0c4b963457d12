"""Synthetic records of the files issue 19 added: credit commitments and the violations that break them.

Run after every other pattern of :class:`ingest.synth.Synth` (so the draws of the older files, and
the demo graph's subjects, stay what they were); planted subjects are fresh companies and persons
nothing else touches, so the truth is complete as well as correct.

truth.json gains:

``"broken_commitments": [...]`` — a commitment broken by a 承诺不符 violation of its own subject on
display on ``as_of``: ``commitment_id``, ``subject`` ``{kind, id}``, ``record_id``, ``public``.

``"broken_commitment_decoys": [...]`` — shapes that must not be found: ``shape`` (repaired,
display_ended, before_made, after_validity, other_subject, wrong_type, unlinked), ``commitment_id``,
``record_id``, ``why``.

``"practitioners": [...]`` — every practitioners.csv row: ``person`` (id_number), ``group``,
``licence_no`` (as cleaned), ``jurisdiction`` (the issuing agency's), ``employer`` (uscc or null),
``in_force`` (on ``as_of``), ``dishonest`` (the ids of the black-list entries in force and 严重
violations on display on ``as_of``; empty for all but the planted ones).

``"practitioner_decoys": [...]`` — practitioners with records that are not serious dishonesty on
``as_of``: ``shape`` (entry_expired, violation_not_serious, serious_repaired, red_list,
qualification_ended), ``person``, ``record``.

``"intermediaries_eligible": [...]`` — planted intermediaries that may be chosen for a government
purchase on ``as_of``: ``uscc``, ``category``, ``jurisdiction``, ``shape`` (grade_a,
latest_b_after_d, abnormal_removed, penalty_display_ended). Base intermediaries are not in it (their
grades are random); a query may also choose those.

``"intermediary_decoys": [...]`` — planted intermediaries left out: ``uscc``, ``category``,
``jurisdiction``, ``shape`` (blacklisted, abnormal_in_force, penalty_in_display, latest_c, no_grade,
grade_d), ``fails`` (the rule: not_blacklisted, not_abnormal, no_penalty_in_display, good_band).
Six D grades and one A in 鉴证技术 pass the industry warning's threshold.

``"complaint_warnings": [...]`` — planted shops and couriers whose substantiated complaints in the
three months up to ``as_of`` pass complaint_rates.yaml's threshold: ``subject`` ``{kind, id}``,
``shape`` (per_month, per_1000_orders, courier), ``substantiated``, ``orders`` (null when the
complaints carry none), ``rate``.

``"complaint_decoys": [...]`` — planted subjects that must not be warned: ``subject``, ``shape``
(at_threshold, unsubstantiated, before_period, many_orders, company), ``why``.

``"inspections": [...]`` — every inspections.csv row: ``inspection_id``, ``product``, ``result``
(合格/不合格), ``sampled_at``, ``shop`` (platform_id/shop_id, or null when sampled offline).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

EPOCH = dt.date(1970, 1, 1)  # the day numbers of ingest.synth count from it

COMMITMENT_KINDS = ["审批替代型", "主动型", "行业自律型", "信用修复型"]
COMMITMENT_TEXTS = [
    "承诺申报材料真实有效，如有不实愿承担相应责任",
    "承诺诚信经营，商品质量、价格与宣传一致",
    "承诺遵守平台规则，不刷单、不炒信",
    "承诺按期整改到位，不再发生同类失信行为",
    "承诺按时寄递、如实告知，不虚假发货",
]
MISMATCH = "承诺不符"
INSPECTION_ITEMS = ["菌落总数", "标签标识", "蛋白质含量", "重金属", "微生物限度", "电气强度"]
ABNORMAL_REASONS = [
    "未按期公示年度报告",
    "通过登记的住所或经营场所无法联系",
    "公示信息隐瞒真实情况、弄虚作假",
]
PRACTITIONER_GROUPS = ["律师", "医师", "教师", "会计", "快递从业人员"]
# (issuing agency as written, the jurisdiction the agency registry infers from that name)
LICENSING_AGENCIES = [
    ("常州市司法局", "320400"),
    ("江阴市司法局", "320281"),
    ("武进区司法局", "320412"),
    ("连云港市卫生健康委员会", "320700"),
    ("无锡市教育局", "320200"),
    ("常州市邮政管理局", "320400"),
]


def _iso(days: int) -> str:
    return (EPOCH + dt.timedelta(days=int(days))).isoformat()


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


class CreditPatterns:
    """The commitments of one batch: harmless ones over the base population, then planted cases."""

    def __init__(self, s: Any, as_of: dt.date) -> None:
        """``s``: the batch being built (an ``ingest.synth.Synth``); ``as_of``: the date its truth holds on."""
        self.s = s
        self.as_of = as_of
        self.n_commitments = 0
        s.truth.setdefault("broken_commitments", [])
        s.truth.setdefault("broken_commitment_decoys", [])

    def cid(self) -> str:
        out = self.s.sid("CM", self.n_commitments, 8)
        self.n_commitments += 1
        return out

    def commitment(
        self,
        kind: str,
        sid: str,
        made: int,
        valid_until: int = -1,
        public: str = "",
        ckind: str | None = None,
    ) -> str:
        s = self.s
        cid = self.cid()
        agency, _ = s._agencies(np.array([made]))
        s.row(
            "commitments.csv",
            commitment_id=cid,
            subject_kind=kind,
            subject_id=sid,
            kind=ckind or COMMITMENT_KINDS[int(s.rng.integers(0, len(COMMITMENT_KINDS)))],
            content=COMMITMENT_TEXTS[int(s.rng.integers(0, len(COMMITMENT_TEXTS)))],
            made_at=_iso(made),
            agency=agency[0],
            valid_until=_iso(valid_until) if valid_until >= 0 else "",
            public=public,
        )
        return cid

    def violation(
        self,
        kind: str,
        sid: str,
        decided: int,
        commitment_id: str = "",
        vtype: str = MISMATCH,
        display_until: int = -1,
        repaired: int = -1,
    ) -> str:
        s = self.s
        rid = s.sid("V", s.ids.violation, 9)
        s.ids.violation += 1
        agency, juris = s._agencies(np.array([decided]))
        s.row(
            "violations.csv",
            record_id=rid,
            subject_kind=kind,
            subject_id=sid,
            violation_type=vtype,
            decided_at=_iso(decided),
            agency=agency[0],
            jurisdiction=juris[0],
            source="投诉举报",
            severity="一般",
            description="实际情况与承诺内容不符" if vtype == MISMATCH else vtype,
            display_until=_iso(display_until) if display_until >= 0 else "",
            repaired_at=_iso(repaired) if repaired >= 0 else "",
            commitment_id=commitment_id,
        )
        return rid

    # ---- the base population: commitments nothing breaks -----------------------------------

    def base(self) -> None:
        s = self.s
        r = s.rng
        n = max(20, int(0.02 * s.n_comp))
        comp = r.integers(s.n_platforms + s.n_couriers, s.n_comp, n)
        made = s.day_between(dt.date(2017, 1, 1), self.as_of, n)
        start = self.n_commitments
        self.n_commitments += n
        agency, _ = s._agencies(made)
        columns = {
            "commitment_id": [s.sid("CM", i, 8) for i in range(start, start + n)],
            "subject_kind": ["company"] * n,
            "subject_id": s.companies["uscc"][comp],
            "kind": r.choice(np.array(COMMITMENT_KINDS, dtype=object), n),
            "content": r.choice(np.array(COMMITMENT_TEXTS, dtype=object), n),
            "made_at": s.dates(made),
            "agency": agency,
            "valid_until": [""] * n,
            "public": r.choice(np.array(["", "true", "false", "是"], dtype=object), n),
        }
        s.add("commitments.csv", {c: np.asarray(v, dtype=object) for c, v in columns.items()})

    # ---- planted: broken commitments and their decoys -----------------------------------------

    def broken(self) -> None:
        s = self.s
        end = _days(self.as_of)
        k = max(3, s.subjects // 5000)
        truth, decoys = s.truth["broken_commitments"], s.truth["broken_commitment_decoys"]

        def made_and_broken() -> tuple[int, int]:
            made = int(s.day_between(dt.date(2018, 1, 1), dt.date(2024, 6, 30), 1)[0])
            return made, int(s.day_between(made + 30, end - 30, 1)[0])

        def fresh(kind: str, registered: int) -> str:
            return s.new_company(registered - 400) if kind == "company" else s.new_person()["id_number"]

        for i in range(k):
            kind = "person" if i % 3 == 2 else "company"
            public = "false" if i % 4 == 1 else ("true" if i % 2 else "")
            made, broke = made_and_broken()
            sid = fresh(kind, made)
            cid = self.commitment(kind, sid, made, public=public)
            # on display as of AS_OF: a year past it (or the severity's default, if that is later)
            rid = self.violation(kind, sid, broke, cid, display_until=end + 365)
            truth.append(
                {
                    "commitment_id": cid,
                    "subject": {"kind": kind, "id": sid},
                    "record_id": rid,
                    "public": public != "false",
                }
            )

        def decoy(shape: str, cid: str, rid: str, why: str) -> None:
            decoys.append({"shape": shape, "commitment_id": cid, "record_id": rid, "why": why})

        for _ in range(k):
            made, broke = made_and_broken()
            sid = fresh("company", made)
            cid = self.commitment("company", sid, made)
            rid = self.violation("company", sid, broke, cid, display_until=end + 365, repaired=end - 10)
            decoy("repaired", cid, rid, "the violation was repaired (信用修复) before as_of")

            made, broke = made_and_broken()
            sid = fresh("company", made)
            cid = self.commitment("company", sid, made)
            rid = self.violation("company", sid, broke, cid, display_until=end - 5)
            decoy("display_ended", cid, rid, "the violation's display period ended before as_of")

            made, broke = made_and_broken()
            sid = fresh("company", made)
            cid = self.commitment("company", sid, broke)
            rid = self.violation("company", sid, made, cid, display_until=end + 365)
            decoy("before_made", cid, rid, "the violation was decided before the commitment was made")

            made, broke = made_and_broken()
            sid = fresh("company", made)
            cid = self.commitment("company", sid, made, valid_until=broke - 10)
            rid = self.violation("company", sid, broke, cid, display_until=end + 365)
            decoy("after_validity", cid, rid, "the violation came after the commitment's validity ended")

            made, broke = made_and_broken()
            owner, other = fresh("company", made), fresh("company", made)
            cid = self.commitment("company", owner, made)
            rid = self.violation("company", other, broke, cid, display_until=end + 365)
            decoy(
                "other_subject",
                cid,
                rid,
                "the violation is another subject's: it cannot break this commitment",
            )

            made, broke = made_and_broken()
            sid = fresh("company", made)
            cid = self.commitment("company", sid, made)
            rid = self.violation("company", sid, broke, cid, vtype="虚假宣传", display_until=end + 365)
            decoy("wrong_type", cid, rid, "the violation names the commitment but is not 承诺不符")

            made, broke = made_and_broken()
            sid = fresh("company", made)
            cid = self.commitment("company", sid, made)
            rid = self.violation("company", sid, broke, "", display_until=end + 365)
            decoy("unlinked", cid, rid, "a 承诺不符 violation that names no commitment")

    # ---- practitioners of key occupational groups -----------------------------------------------

    def qualification(
        self, pid: str, since: int, until: int = -1, group: str | None = None
    ) -> dict[str, Any]:
        """One practitioners.csv row for ``pid``; returns its truth (in force on as_of or not)."""
        s = self.s
        r = s.rng
        group = group or PRACTITIONER_GROUPS[int(r.integers(0, len(PRACTITIONER_GROUPS)))]
        agency, jurisdiction = LICENSING_AGENCIES[int(r.integers(0, len(LICENSING_AGENCIES)))]
        self.n_licences += 1
        licence = f"{jurisdiction}{since % 10000:04d}{self.n_licences:06d}{s.seed % 10}"
        written = f"{licence[:5]} {licence[5:9]} {licence[9:]}" if r.random() < 0.2 else licence
        employer = (
            s.companies["uscc"][int(r.integers(s.n_platforms + s.n_couriers, s.n_comp))]
            if r.random() < 0.6
            else ""
        )
        s.row(
            "practitioners.csv",
            person_id_number=pid,
            group=group,
            licence_no=written,
            issuing_agency=agency,
            employer_uscc=employer,
            since=_iso(since),
            until=_iso(until) if until >= 0 else "",
        )
        end = _days(self.as_of)
        return {
            "person": pid,
            "group": group,
            "licence_no": licence,
            "jurisdiction": jurisdiction,
            "employer": employer or None,
            "in_force": since <= end and (until < 0 or until > end),
            "dishonest": [],
        }

    def practitioners(self) -> None:
        """Practitioners on fresh persons: most with no record, planted ones seriously dishonest
        (a black-list entry in force, a 严重 violation on display), decoys with records that are
        not serious dishonesty on as_of; one listed practitioner reappears as a director."""
        s = self.s
        self.n_licences = 0
        end = _days(self.as_of)
        truth = s.truth["practitioners"]
        decoys = s.truth["practitioner_decoys"]
        k = max(3, s.subjects // 5000)
        for _ in range(max(10, s.subjects // 100)):
            since = int(s.day_between(dt.date(2005, 1, 1), self.as_of, 1)[0])
            until = since + int(s.rng.integers(200, 4000)) if s.rng.random() < 0.2 else -1
            truth.append(self.qualification(s.new_person()["id_number"], since, until))

        def practising(group: str | None = None) -> dict[str, Any]:
            since = int(s.day_between(dt.date(2008, 1, 1), dt.date(2016, 12, 31), 1)[0])
            q = self.qualification(s.new_person()["id_number"], since, group=group)
            truth.append(q)
            return q

        for _ in range(k):
            q = practising()
            listed = int(s.day_between(dt.date(2019, 1, 1), dt.date(2025, 12, 31), 1)[0])
            eid = s.entry("person", q["person"], listed, ["市场禁入"])
            q["dishonest"].append(eid)

            q = practising()
            decided = int(s.day_between(dt.date(2024, 1, 1), dt.date(2026, 3, 31), 1)[0])
            rid = self.violation("person", q["person"], decided, vtype="出售禁售品", display_until=end + 400)
            self._severity(rid, "严重")
            q["dishonest"].append(rid)

            # decoys: records that are not serious dishonesty on as_of
            q = practising()
            eid = s.entry("person", q["person"], end - 2000, ["市场禁入"], expires=end - 30)
            decoys.append({"shape": "entry_expired", "person": q["person"], "record": eid})
            q = practising()
            rid = self.violation("person", q["person"], end - 100, vtype="虚假宣传", display_until=end + 300)
            decoys.append({"shape": "violation_not_serious", "person": q["person"], "record": rid})
            q = practising()
            rid = self.violation(
                "person",
                q["person"],
                end - 300,
                vtype="出售禁售品",
                display_until=end + 300,
                repaired=end - 20,
            )
            self._severity(rid, "严重")
            decoys.append({"shape": "serious_repaired", "person": q["person"], "record": rid})
            q = practising()
            eid = s.entry("person", q["person"], end - 200, [], lst="red")
            decoys.append({"shape": "red_list", "person": q["person"], "record": eid})
            # a listed person whose qualification ended before as_of: not a practitioner on as_of
            pid = s.new_person()["id_number"]
            q = self.qualification(pid, end - 3000, end - 400)
            eid = s.entry("person", pid, end - 200, ["市场禁入"])
            q["dishonest"].append(eid)
            truth.append(q)
            decoys.append({"shape": "qualification_ended", "person": pid, "record": eid})

        # the checks see practitioners like other subjects: a listed practitioner becomes a director
        q = practising("会计")
        listed = int(s.day_between(dt.date(2020, 1, 1), dt.date(2023, 12, 31), 1)[0])
        eid = s.entry("person", q["person"], listed, ["限制担任法定代表人", "限制担任董监高"])
        q["dishonest"].append(eid)
        later = listed + 200
        company = s.new_company(later)
        s.role(company, q["person"], "董事", later)
        s.barred(q["person"], eid, listed, {"kind": "company", "id": company}, "董事", later)
        s.truth["reappearances"].append(
            {
                "basis": "direct_role",
                "person": q["person"],
                "listed": {"kind": "person", "id": q["person"]},
                "entry_id": eid,
                "listed_at": _iso(listed),
                "entity": {"kind": "company", "id": company},
                "since": _iso(later),
                "role": "董事",
            }
        )

    def _severity(self, record_id: str, severity: str) -> None:
        for row in reversed(self.s.rows["violations.csv"]):
            if row["record_id"] == record_id:
                row["severity"] = severity
                return

    # ---- the abnormal operations list and graded intermediaries ---------------------------------

    def abnormal(self, sid: str, listed: int, removed: int = -1, kind: str = "company") -> str:
        s = self.s
        eid = s.sid("AB", self.n_abnormal, 8)
        self.n_abnormal += 1
        agency, _ = s._agencies(np.array([listed]))
        s.row(
            "abnormal_entries.csv",
            entry_id=eid,
            subject_kind=kind,
            subject_id=sid,
            agency=agency[0],
            listed_at=_iso(listed),
            reason=ABNORMAL_REASONS[int(s.rng.integers(0, len(ABNORMAL_REASONS)))],
            removed_at=_iso(removed) if removed >= 0 else "",
        )
        return eid

    def evaluation(self, uscc: str, when: int, grade: str) -> None:
        s = self.s
        agency, _ = s._agencies(np.array([when]))
        score = {"A": 95.0, "B": 82.0, "C": 66.0, "D": 41.0}[grade]
        s.row(
            "evaluations.csv",
            subject_kind="company",
            subject_id=uscc,
            agency=agency[0],
            evaluated_at=_iso(when),
            grade=grade,
            score=str(score),
        )

    def intermediaries(self) -> None:
        """Base abnormal entries on companies that are no intermediaries; planted intermediaries
        that may be chosen, decoys left out by one rule each, and a category whose D grades pass
        the industry warning's threshold."""
        s = self.s
        r = s.rng
        self.n_abnormal = 0
        end = _days(self.as_of)
        base_intermediaries = {u for part in s.parts["intermediaries.csv"] for u in part["uscc"]}
        n = max(10, s.n_comp // 100)
        for i in r.integers(s.n_platforms + s.n_couriers, s.n_comp, n):
            uscc = s.companies["uscc"][int(i)]
            if uscc in base_intermediaries:
                continue
            listed = int(s.day_between(dt.date(2017, 1, 1), self.as_of, 1)[0])
            self.abnormal(uscc, listed, listed + int(r.integers(30, 900)) if r.random() < 0.5 else -1)

        chosen, decoys = s.truth["intermediaries_eligible"], s.truth["intermediary_decoys"]

        def fresh(category: str) -> tuple[str, str]:
            uscc = s.new_company(end - 4000)
            jurisdiction = s.rows["companies.csv"][-1]["jurisdiction"]
            s.row("intermediaries.csv", uscc=uscc, category=category)
            return uscc, jurisdiction

        def ok(uscc: str, category: str, jurisdiction: str, shape: str) -> None:
            chosen.append({"uscc": uscc, "category": category, "jurisdiction": jurisdiction, "shape": shape})

        def out(uscc: str, category: str, jurisdiction: str, shape: str, rule: str) -> None:
            decoys.append(
                {
                    "uscc": uscc,
                    "category": category,
                    "jurisdiction": jurisdiction,
                    "shape": shape,
                    "fails": rule,
                }
            )

        k = max(2, s.subjects // 10000)
        for category in ("评估", "审计"):
            for _ in range(k):
                u, j = fresh(category)
                self.evaluation(u, end - 300, "A")
                ok(u, category, j, "grade_a")
                u, j = fresh(category)
                self.evaluation(u, end - 900, "D")
                self.evaluation(u, end - 200, "B")
                ok(u, category, j, "latest_b_after_d")
                u, j = fresh(category)
                self.evaluation(u, end - 300, "A")
                self.abnormal(u, end - 800, end - 400)
                ok(u, category, j, "abnormal_removed")
                u, j = fresh(category)
                self.evaluation(u, end - 300, "A")
                rid = self.violation("company", u, end - 1500, vtype="虚假报告", display_until=end - 100)
                self._source(rid, "行政处罚")
                ok(u, category, j, "penalty_display_ended")

                u, j = fresh(category)
                self.evaluation(u, end - 300, "A")
                s.entry("company", u, end - 250, ["市场禁入"])
                out(u, category, j, "blacklisted", "not_blacklisted")
                u, j = fresh(category)
                self.evaluation(u, end - 300, "B")
                self.abnormal(u, end - 120)
                out(u, category, j, "abnormal_in_force", "not_abnormal")
                u, j = fresh(category)
                self.evaluation(u, end - 300, "A")
                rid = self.violation("company", u, end - 90, vtype="虚假报告", display_until=end + 600)
                self._source(rid, "行政处罚")
                out(u, category, j, "penalty_in_display", "no_penalty_in_display")
                u, j = fresh(category)
                self.evaluation(u, end - 900, "A")
                self.evaluation(u, end - 100, "C")
                out(u, category, j, "latest_c", "good_band")
                u, j = fresh(category)
                out(u, category, j, "no_grade", "good_band")
        # an industry whose D grades pass the warning's threshold
        for _ in range(6):
            u, j = fresh("鉴证技术")
            self.evaluation(u, end - 150, "D")
            out(u, "鉴证技术", j, "grade_d", "good_band")
        u, j = fresh("鉴证技术")
        self.evaluation(u, end - 150, "A")
        ok(u, "鉴证技术", j, "grade_a")

    # ---- sampling inspections (抽检) in the product trail ------------------------------------------

    def inspections(self) -> None:
        """Inspections of base products (the first three always, so a trace of the first products
        meets some), one in five 不合格, half sampled online from a shop."""
        s = self.s
        r = s.rng
        products = np.concatenate([p["product_id"] for p in s.parts["products.csv"]])
        n = max(20, len(products) // 4)
        picks = np.concatenate([np.arange(min(3, len(products))), r.integers(0, len(products), n)])
        truth = s.truth["inspections"]
        for i, pick in enumerate(picks):
            sampled = int(s.day_between(dt.date(2017, 1, 1), self.as_of, 1)[0])
            failed = r.random() < 0.2
            shop = str(s.shop_refs[int(r.integers(0, len(s.shop_refs)))]) if r.random() < 0.5 else ""
            iid = s.sid("IN", i, 8)
            agency, _ = s._agencies(np.array([sampled]))
            s.row(
                "inspections.csv",
                inspection_id=iid,
                product_id=products[int(pick)],
                agency=agency[0],
                sampled_at=_iso(sampled),
                batch=f"B{_iso(sampled)[:7].replace('-', '')}",
                result="不合格" if failed else "合格",
                items=INSPECTION_ITEMS[int(r.integers(0, len(INSPECTION_ITEMS)))] if failed else "",
                shop=shop,
            )
            truth.append(
                {
                    "inspection_id": iid,
                    "product": str(products[int(pick)]),
                    "result": "不合格" if failed else "合格",
                    "sampled_at": _iso(sampled),
                    "shop": shop or None,
                }
            )

    def _source(self, record_id: str, source: str) -> None:
        for row in reversed(self.s.rows["violations.csv"]):
            if row["record_id"] == record_id:
                row["source"] = source
                return


class ComplaintPatterns:
    """Complaint handling (电子商务意见 (七)(十六)): planted subjects just over and just under the
    warning list's thresholds (the base complaints' columns: :func:`fill_complaint_handling`)."""

    STATUSES = np.array(["受理", "转办", "办结", "先行赔付"], dtype=object)

    def __init__(self, s: Any, as_of: dt.date) -> None:
        self.s = s
        self.as_of = as_of
        self.n = 0
        s.truth.setdefault("complaint_warnings", [])
        s.truth.setdefault("complaint_decoys", [])

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
            received_at=_iso(day),
            category="质量" if kind != "courier" else "丢件",
            substantiated=substantiated,
            status="受理",
            orders="" if orders is None else str(orders),
        )
        self.n += 1

    def planted(self) -> None:
        """Each shape on a fresh subject nothing else complains about, dated inside the period (the
        three months up to ``as_of``) unless the shape is about the period."""
        s = self.s
        end = _days(self.as_of)
        warned, decoys = s.truth["complaint_warnings"], s.truth["complaint_decoys"]

        def shop() -> str:
            person = s.new_person()["id_number"]
            return s.new_shop("person", person, end - 900)

        def inside(k: int) -> list[int]:
            return [end - 80 + 10 * i for i in range(k)]  # 2026-04-11 … within (as_of - 3 months, as_of]

        def many(kind: str, sid: str, days: list[int], subst: list[str], orders: int | None = None) -> None:
            for day, sub in zip(days, subst, strict=True):
                self.complaint(kind, sid, day, sub, orders)

        def warn(kind: str, sid: str, shape: str, n: int, orders: int | None, rate: float) -> None:
            warned.append(
                {
                    "subject": {"kind": kind, "id": sid},
                    "shape": shape,
                    "substantiated": n,
                    "orders": orders,
                    "rate": rate,
                }
            )

        def decoy(kind: str, sid: str, shape: str, why: str) -> None:
            decoys.append({"subject": {"kind": kind, "id": sid}, "shape": shape, "why": why})

        sid = shop()
        many("shop", sid, inside(7), ["true"] * 7)
        warn("shop", sid, "per_month", 7, None, round(7 / 3, 4))
        sid = shop()
        # one month's orders (all complaints in June): 3 over 2,000 orders = 1.5 per 1,000
        many("shop", sid, [end - 20, end - 10, end - 2], ["true"] * 3, 2_000)
        warn("shop", sid, "per_1000_orders", 3, 2_000, 1.5)
        cid, _ = s._new_courier()
        many("courier", cid, [end - 15, end - 5], ["true"] * 2, 1_000)
        warn("courier", cid, "courier", 2, 1_000, 2.0)

        sid = shop()
        many("shop", sid, inside(6), ["true"] * 6)
        decoy(
            "shop",
            sid,
            "at_threshold",
            "6 substantiated in 3 months is 2 a month: the threshold, not past it",
        )
        sid = shop()
        many("shop", sid, inside(8), ["true", "false", "", "false", "true", "false", "", "false"])
        decoy("shop", sid, "unsubstantiated", "8 complaints, 2 substantiated")
        sid = shop()
        many("shop", sid, [end - 150 + 5 * i for i in range(8)], ["true"] * 8)
        decoy("shop", sid, "before_period", "8 substantiated complaints, all before the period")
        sid = shop()
        many("shop", sid, [end - 25, end - 15, end - 5, end - 3, end - 1], ["true"] * 5, 10_000)
        decoy("shop", sid, "many_orders", "5 substantiated over 10,000 orders is 0.5 per 1,000")
        company = s.new_company(end - 2000)
        many("company", company, inside(8), ["true"] * 8)
        decoy(
            "company", company, "company", "a company is not on the warning list (shops, platforms, couriers)"
        )


def fill_complaint_handling(s: Any, as_of: dt.date) -> None:
    """Status, resolution, 先行赔付 and orders for the base complaints held in ``s.parts``, from a
    generator of their own per chunk (every other draw, and so the rest of the batch, stays what it
    was). Called for each chunk before it is written, and for the last one with the patterns.

    Orders are large where given (5,000–200,000 a month), so one base complaint never passes the
    per-1,000-orders threshold and the planted subjects are the warned ones."""
    chunk = getattr(s, "chunk_index", 0)
    r = np.random.default_rng([s.seed, 19] if chunk == 0 else [s.seed, 19, chunk])
    for part in s.parts["complaints.csv"]:
        if "status" in part:
            continue
        n = len(part["complaint_id"])
        received = np.array([_parse(v) for v in part["received_at"]], dtype=np.int64)
        status = r.choice(ComplaintPatterns.STATUSES, n, p=[0.15, 0.1, 0.65, 0.1])
        done = (status == "办结") | (status == "先行赔付")
        resolved = np.minimum(received + r.integers(1, 31, n), _days(as_of))
        part["status"] = status
        part["resolved_at"] = np.where(done, _iso_all(resolved), "").astype(object)
        paid = status == "先行赔付"
        part["compensation"] = np.where(paid, r.integers(50, 2000, n).astype(str), "").astype(object)
        rated = np.isin(part["subject_kind"], ["shop", "platform", "courier"]) & (r.random(n) < 0.3)
        part["orders"] = np.where(rated, r.integers(5_000, 200_000, n).astype(str), "").astype(object)


def _parse(text: str) -> int:
    """The day number of a base date in any of the batch's written forms (ISO, YYYY/MM/DD, 年月日)."""
    digits = text.replace("/", "-").replace("年", "-").replace("月", "-").replace("日", "")
    return _days(dt.date.fromisoformat(digits))


def _iso_all(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(days.astype("datetime64[D]")).astype(object)


def credit_patterns(s: Any, as_of: dt.date) -> None:
    """Every issue-19 record of the batch, in a fixed order (the batch stays reproducible by seed)."""
    s.truth.setdefault("practitioners", [])
    s.truth.setdefault("practitioner_decoys", [])
    s.truth.setdefault("intermediaries_eligible", [])
    s.truth.setdefault("intermediary_decoys", [])
    s.truth.setdefault("inspections", [])
    p = CreditPatterns(s, as_of)
    p.base()
    p.broken()
    p.practitioners()
    p.intermediaries()
    p.inspections()
    fill_complaint_handling(s, as_of)  # the base complaints still in memory: the last chunk's
    ComplaintPatterns(s, as_of).planted()
