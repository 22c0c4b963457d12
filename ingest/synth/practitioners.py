"""Practitioners of key occupational groups (律师, 医师, 教师, 会计, 快递从业人员): most with no record,
planted ones seriously dishonest, decoys with records that are not serious dishonesty on as_of.

truth.json ``"practitioners": [...]`` — every practitioners.csv row: ``person`` (id_number),
``group``, ``licence_no`` (as cleaned), ``jurisdiction`` (the issuing agency's), ``employer`` (uscc
or null), ``in_force`` (on ``as_of``), ``dishonest`` (the ids of the black-list entries in force and
严重 violations on display on ``as_of``; empty for all but the planted ones).

``"practitioner_decoys": [...]`` — practitioners with records that are not serious dishonesty on
``as_of``: ``shape`` (entry_expired, violation_not_serious, serious_repaired, red_list,
qualification_ended), ``person``, ``record``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.commitments import credit_violation
from creditgraph.ingest.synth.fake import days, iso, iso_or_empty
from creditgraph.ingest.synth.truth import ref
from creditgraph.ingest.synth.vocabulary import AS_OF

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


class Practitioners:
    """The batch's practitioners.csv and its truth; licence numbers run on across the rows."""

    def __init__(self, s: Synth) -> None:
        self.s = s
        self.n_licences = 0
        self.end = days(AS_OF)
        self.truth = s.truth["practitioners"]
        self.decoys = s.truth["practitioner_decoys"]

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
            since=iso(since),
            until=iso_or_empty(until),
        )
        return {
            "person": pid,
            "group": group,
            "licence_no": licence,
            "jurisdiction": jurisdiction,
            "employer": employer or None,
            "in_force": since <= self.end and (until < 0 or until > self.end),
            "dishonest": [],
        }

    def practising(self, group: str | None = None) -> dict[str, Any]:
        """A fresh person qualified since 2008-2016 and still in force; its truth is recorded."""
        since = self.s.one_day(dt.date(2008, 1, 1), dt.date(2016, 12, 31))
        q = self.qualification(self.s.new_person()["id_number"], since, group=group)
        self.truth.append(q)
        return q

    def plant(self) -> None:
        """Unremarkable practitioners, then rounds of dishonest ones and decoys, then a listed
        practitioner who reappears as a director (the checks see practitioners like other subjects)."""
        s = self.s
        for _ in range(max(10, s.subjects // 100)):
            since = s.one_day(dt.date(2005, 1, 1), AS_OF)
            until = since + int(s.rng.integers(200, 4000)) if s.rng.random() < 0.2 else -1
            self.truth.append(self.qualification(s.new_person()["id_number"], since, until))
        for _ in range(max(3, s.subjects // 5000)):
            self.dishonest()
            self.not_dishonest()
        self.reappearing()

    def dishonest(self) -> None:
        """A black-list entry in force; a 严重 violation on display."""
        s = self.s
        q = self.practising()
        listed = s.one_day(dt.date(2019, 1, 1), dt.date(2025, 12, 31))
        q["dishonest"].append(s.entry("person", q["person"], listed, ["市场禁入"]))
        q = self.practising()
        decided = s.one_day(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
        rid = credit_violation(
            s, "person", q["person"], decided, vtype="出售禁售品", display_until=self.end + 400
        )
        s.amend("violations.csv", "record_id", rid, severity="严重")
        q["dishonest"].append(rid)

    def _decoy(self, shape: str, person: str, record: str) -> None:
        self.decoys.append({"shape": shape, "person": person, "record": record})

    def not_dishonest(self) -> None:
        """Records that are not serious dishonesty on as_of."""
        s, end = self.s, self.end
        p = self.practising()["person"]
        self._decoy("entry_expired", p, s.entry("person", p, end - 2000, ["市场禁入"], expires=end - 30))
        p = self.practising()["person"]
        rid = credit_violation(s, "person", p, end - 100, vtype="虚假宣传", display_until=end + 300)
        self._decoy("violation_not_serious", p, rid)
        p = self.practising()["person"]
        rid = credit_violation(
            s, "person", p, end - 300, vtype="出售禁售品", display_until=end + 300, repaired=end - 20
        )
        s.amend("violations.csv", "record_id", rid, severity="严重")
        self._decoy("serious_repaired", p, rid)
        p = self.practising()["person"]
        self._decoy("red_list", p, s.entry("person", p, end - 200, [], lst="red"))
        # a listed person whose qualification ended before as_of: not a practitioner on as_of
        pid = s.new_person()["id_number"]
        q = self.qualification(pid, end - 3000, end - 400)
        eid = s.entry("person", pid, end - 200, ["市场禁入"])
        q["dishonest"].append(eid)
        self.truth.append(q)
        self._decoy("qualification_ended", pid, eid)

    def reappearing(self) -> None:
        s = self.s
        q = self.practising("会计")
        pid = q["person"]
        listed = s.one_day(dt.date(2020, 1, 1), dt.date(2023, 12, 31))
        eid = s.entry("person", pid, listed, ["限制担任法定代表人", "限制担任董监高"])
        q["dishonest"].append(eid)
        later = listed + 200
        company = s.new_company(later)
        s.role(company, pid, "董事", later)
        entity = ref("company", company)
        s.truth.barred(pid, eid, listed, entity, "董事", later)
        s.truth.reappearance("direct_role", pid, ref("person", pid), eid, listed, entity, later, role="董事")
