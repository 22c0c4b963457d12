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
            description="实际情况与承诺内容不符",
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


def credit_patterns(s: Any, as_of: dt.date) -> None:
    """Every issue-19 record of the batch, in a fixed order (the batch stays reproducible by seed)."""
    p = CreditPatterns(s, as_of)
    p.base()
    p.broken()
