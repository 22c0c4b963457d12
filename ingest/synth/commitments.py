"""Credit commitments (信用承诺) and the 承诺不符 violations that break them: harmless commitments
over the base population, then planted broken ones and their decoys. Planted subjects are fresh
companies and persons nothing else touches, so the truth is complete as well as correct.

truth.json ``"broken_commitments": [...]`` — a commitment broken by a 承诺不符 violation of its own
subject on display on ``as_of``: ``commitment_id``, ``subject`` ``{kind, id}``, ``record_id``, ``public``.

``"broken_commitment_decoys": [...]`` — shapes that must not be found: ``shape`` (repaired,
display_ended, before_made, after_validity, other_subject, wrong_type, unlinked), ``commitment_id``,
``record_id``, ``why``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from creditgraph.ingest.synth.batch import Synth
from creditgraph.ingest.synth.fake import days, iso, iso_or_empty
from creditgraph.ingest.synth.truth import ref
from creditgraph.ingest.synth.vocabulary import AS_OF

COMMITMENT_KINDS = ["审批替代型", "主动型", "行业自律型", "信用修复型"]
COMMITMENT_TEXTS = [
    "承诺申报材料真实有效，如有不实愿承担相应责任",
    "承诺诚信经营，商品质量、价格与宣传一致",
    "承诺遵守平台规则，不刷单、不炒信",
    "承诺按期整改到位，不再发生同类失信行为",
    "承诺按时寄递、如实告知，不虚假发货",
]
MISMATCH = "承诺不符"


def credit_violation(
    s: Synth,
    kind: str,
    sid: str,
    decided: int,
    commitment_id: str = "",
    vtype: str = MISMATCH,
    display_until: int = -1,
    repaired: int = -1,
) -> str:
    """A violation reported by complaint (投诉举报, 一般), naming a commitment or none."""
    return s.violation(
        kind,
        sid,
        decided,
        vtype,
        source="投诉举报",
        severity="一般",
        description="实际情况与承诺内容不符" if vtype == MISMATCH else vtype,
        display_until=iso_or_empty(display_until),
        repaired_at=iso_or_empty(repaired),
        commitment_id=commitment_id,
    )


class Commitments:
    """The batch's commitments: ids run on from the base ones to the planted ones."""

    def __init__(self, s: Synth) -> None:
        self.s = s
        self.n = 0
        self.end = days(AS_OF)

    def commitment(self, kind: str, sid: str, made: int, valid_until: int = -1, public: str = "") -> str:
        s = self.s
        cid = s.sid("CM", self.n, 8)
        self.n += 1
        agency, _ = s.agencies(np.array([made]))
        s.row(
            "commitments.csv",
            commitment_id=cid,
            subject_kind=kind,
            subject_id=sid,
            kind=COMMITMENT_KINDS[int(s.rng.integers(0, len(COMMITMENT_KINDS)))],
            content=COMMITMENT_TEXTS[int(s.rng.integers(0, len(COMMITMENT_TEXTS)))],
            made_at=iso(made),
            agency=agency[0],
            valid_until=iso_or_empty(valid_until),
            public=public,
        )
        return cid

    def base(self) -> None:
        """Commitments nothing breaks, on the base population's companies."""
        s = self.s
        r = s.rng
        n = max(20, int(0.02 * s.n_comp))
        comp = r.integers(s.n_platforms + s.n_couriers, s.n_comp, n)
        made = s.day_between(dt.date(2017, 1, 1), AS_OF, n)
        start = self.n
        self.n += n
        agency, _ = s.agencies(made)
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

    def made_and_broken(self) -> tuple[int, int]:
        made = self.s.one_day(dt.date(2018, 1, 1), dt.date(2024, 6, 30))
        return made, self.s.one_day(made + 30, self.end - 30)

    def fresh(self, kind: str, registered: int) -> str:
        s = self.s
        return s.new_company(registered - 400) if kind == "company" else s.new_person()["id_number"]

    def broken(self) -> None:
        """Commitments broken by their own subject's 承诺不符 on display on as_of (every third on a
        person; public, not public or unsaid), then a round of decoys."""
        s = self.s
        k = max(3, s.subjects // 5000)
        for i in range(k):
            kind = "person" if i % 3 == 2 else "company"
            public = "false" if i % 4 == 1 else ("true" if i % 2 else "")
            made, broke = self.made_and_broken()
            sid = self.fresh(kind, made)
            cid = self.commitment(kind, sid, made, public=public)
            # on display as of AS_OF: a year past it (or the severity's default, if that is later)
            rid = credit_violation(s, kind, sid, broke, cid, display_until=self.end + 365)
            s.truth["broken_commitments"].append(
                {
                    "commitment_id": cid,
                    "subject": ref(kind, sid),
                    "record_id": rid,
                    "public": public != "false",
                }
            )
        for _ in range(k):
            self.decoys()

    def _decoy(self, shape: str, cid: str, rid: str, why: str) -> None:
        self.s.truth["broken_commitment_decoys"].append(
            {"shape": shape, "commitment_id": cid, "record_id": rid, "why": why}
        )

    def _plain(
        self, shape: str, why: str, *, swap: bool = False, lapsed: bool = False, **violation: Any
    ) -> None:
        """A company's commitment and a violation naming it that must not count (``swap``: the
        commitment is made on the violation's day and the violation decided on the commitment's;
        ``lapsed``: the commitment's validity ended 10 days before the violation)."""
        made, broke = self.made_and_broken()
        sid = self.fresh("company", made)
        valid_until = broke - 10 if lapsed else -1
        cid = self.commitment("company", sid, broke if swap else made, valid_until=valid_until)
        rid = credit_violation(self.s, "company", sid, made if swap else broke, cid, **violation)
        self._decoy(shape, cid, rid, why)

    def decoys(self) -> None:
        end = self.end
        self._plain(
            "repaired",
            "the violation was repaired (信用修复) before as_of",
            display_until=end + 365,
            repaired=end - 10,
        )
        self._plain(
            "display_ended", "the violation's display period ended before as_of", display_until=end - 5
        )
        self._plain(
            "before_made",
            "the violation was decided before the commitment was made",
            swap=True,
            display_until=end + 365,
        )
        self._plain(
            "after_validity",
            "the violation came after the commitment's validity ended",
            lapsed=True,
            display_until=end + 365,
        )
        made, broke = self.made_and_broken()
        owner, other = self.fresh("company", made), self.fresh("company", made)
        cid = self.commitment("company", owner, made)
        rid = credit_violation(self.s, "company", other, broke, cid, display_until=end + 365)
        self._decoy(
            "other_subject", cid, rid, "the violation is another subject's: it cannot break this commitment"
        )
        self._plain(
            "wrong_type",
            "the violation names the commitment but is not 承诺不符",
            vtype="虚假宣传",
            display_until=end + 365,
        )
        made, broke = self.made_and_broken()
        sid = self.fresh("company", made)
        cid = self.commitment("company", sid, made)
        rid = credit_violation(self.s, "company", sid, broke, "", display_until=end + 365)
        self._decoy("unlinked", cid, rid, "a 承诺不符 violation that names no commitment")
