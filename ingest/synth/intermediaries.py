"""The abnormal operations list (经营异常名录) and graded intermediaries (中介服务机构): base abnormal
entries on companies that are no intermediaries; planted intermediaries that may be chosen for a
government purchase, decoys left out by one rule each, and a category whose D grades pass the
industry warning's threshold.

truth.json ``"intermediaries_eligible": [...]`` — planted intermediaries that may be chosen on
``as_of``: ``uscc``, ``category``, ``jurisdiction``, ``shape`` (grade_a, latest_b_after_d,
abnormal_removed, penalty_display_ended). Base intermediaries are not in it (their grades are
random); a query may also choose those.

``"intermediary_decoys": [...]`` — planted intermediaries left out: ``uscc``, ``category``,
``jurisdiction``, ``shape`` (blacklisted, abnormal_in_force, penalty_in_display, latest_c, no_grade,
grade_d), ``fails`` (the rule: not_blacklisted, not_abnormal, no_penalty_in_display, good_band).
Six D grades and one A in 鉴证技术 pass the industry warning's threshold."""

from __future__ import annotations

import datetime as dt

import numpy as np

from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.commitments import credit_violation
from creditgraph.ingest.synth.fake import days, iso, iso_or_empty
from creditgraph.ingest.synth.vocabulary import AS_OF

ABNORMAL_REASONS = [
    "未按期公示年度报告",
    "通过登记的住所或经营场所无法联系",
    "公示信息隐瞒真实情况、弄虚作假",
]
SCORES = {"A": 95.0, "B": 82.0, "C": 66.0, "D": 41.0}


class Intermediaries:
    """The batch's abnormal entries (ids run on across them) and planted intermediaries."""

    def __init__(self, s: Synth) -> None:
        self.s = s
        self.n_abnormal = 0
        self.end = days(AS_OF)

    def abnormal(self, sid: str, listed: int, removed: int = -1, kind: str = "company") -> str:
        s = self.s
        eid = s.sid("AB", self.n_abnormal, 8)
        self.n_abnormal += 1
        agency, _ = s.agencies(np.array([listed]))
        s.row(
            "abnormal_entries.csv",
            entry_id=eid,
            subject_kind=kind,
            subject_id=sid,
            agency=agency[0],
            listed_at=iso(listed),
            reason=ABNORMAL_REASONS[int(s.rng.integers(0, len(ABNORMAL_REASONS)))],
            removed_at=iso_or_empty(removed),
        )
        return eid

    def evaluation(self, uscc: str, when: int, grade: str) -> None:
        s = self.s
        agency, _ = s.agencies(np.array([when]))
        s.row(
            "evaluations.csv",
            subject_kind="company",
            subject_id=uscc,
            agency=agency[0],
            evaluated_at=iso(when),
            grade=grade,
            score=str(SCORES[grade]),
        )

    def penalty(self, uscc: str, decided: int, display_until: int) -> None:
        """A 虚假报告 administrative penalty (行政处罚) on the intermediary."""
        rid = credit_violation(
            self.s, "company", uscc, decided, vtype="虚假报告", display_until=display_until
        )
        self.s.amend("violations.csv", "record_id", rid, source="行政处罚")

    def plant(self) -> None:
        """Base abnormal entries, then every shape in 评估 and 审计, then the 鉴证技术 warning."""
        s = self.s
        r = s.rng
        base_intermediaries = {u for part in s.parts["intermediaries.csv"] for u in part["uscc"]}
        for i in r.integers(s.n_platforms + s.n_couriers, s.n_comp, max(10, s.n_comp // 100)):
            uscc = s.companies["uscc"][int(i)]
            if uscc in base_intermediaries:
                continue
            listed = s.one_day(dt.date(2017, 1, 1), AS_OF)
            self.abnormal(uscc, listed, listed + int(r.integers(30, 900)) if r.random() < 0.5 else -1)
        for category in ("评估", "审计"):
            for _ in range(max(2, s.subjects // 10000)):
                self.eligible(category)
                self.left_out(category)
        self.warned_industry()

    def fresh(self, category: str) -> tuple[str, str]:
        """A fresh intermediary of ``category``: (uscc, jurisdiction)."""
        s = self.s
        uscc = s.new_company(self.end - 4000)
        jurisdiction = s.rows["companies.csv"][-1]["jurisdiction"]
        s.row("intermediaries.csv", uscc=uscc, category=category)
        return uscc, jurisdiction

    def ok(self, uscc: str, category: str, jurisdiction: str, shape: str) -> None:
        self.s.truth["intermediaries_eligible"].append(
            {"uscc": uscc, "category": category, "jurisdiction": jurisdiction, "shape": shape}
        )

    def out(self, uscc: str, category: str, jurisdiction: str, shape: str, rule: str) -> None:
        self.s.truth["intermediary_decoys"].append(
            {"uscc": uscc, "category": category, "jurisdiction": jurisdiction, "shape": shape, "fails": rule}
        )

    def eligible(self, category: str) -> None:
        end = self.end
        u, j = self.fresh(category)
        self.evaluation(u, end - 300, "A")
        self.ok(u, category, j, "grade_a")
        u, j = self.fresh(category)
        self.evaluation(u, end - 900, "D")
        self.evaluation(u, end - 200, "B")
        self.ok(u, category, j, "latest_b_after_d")
        u, j = self.fresh(category)
        self.evaluation(u, end - 300, "A")
        self.abnormal(u, end - 800, end - 400)
        self.ok(u, category, j, "abnormal_removed")
        u, j = self.fresh(category)
        self.evaluation(u, end - 300, "A")
        self.penalty(u, end - 1500, end - 100)
        self.ok(u, category, j, "penalty_display_ended")

    def left_out(self, category: str) -> None:
        end = self.end
        u, j = self.fresh(category)
        self.evaluation(u, end - 300, "A")
        self.s.entry("company", u, end - 250, ["市场禁入"])
        self.out(u, category, j, "blacklisted", "not_blacklisted")
        u, j = self.fresh(category)
        self.evaluation(u, end - 300, "B")
        self.abnormal(u, end - 120)
        self.out(u, category, j, "abnormal_in_force", "not_abnormal")
        u, j = self.fresh(category)
        self.evaluation(u, end - 300, "A")
        self.penalty(u, end - 90, end + 600)
        self.out(u, category, j, "penalty_in_display", "no_penalty_in_display")
        u, j = self.fresh(category)
        self.evaluation(u, end - 900, "A")
        self.evaluation(u, end - 100, "C")
        self.out(u, category, j, "latest_c", "good_band")
        u, j = self.fresh(category)
        self.out(u, category, j, "no_grade", "good_band")

    def warned_industry(self) -> None:
        """An industry whose D grades pass the warning's threshold: six D, one A."""
        for _ in range(6):
            u, j = self.fresh("鉴证技术")
            self.evaluation(u, self.end - 150, "D")
            self.out(u, "鉴证技术", j, "grade_d", "good_band")
        u, j = self.fresh("鉴证技术")
        self.evaluation(u, self.end - 150, "A")
        self.ok(u, "鉴证技术", j, "grade_a")
