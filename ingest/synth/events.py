"""The base population's events, scaled to the chunk they fall on: violations (never on persons: a
person's violation would make its shared identifiers a ring), complaints, evaluations, red-list
entries on random companies and background black-list entries on isolated subjects (whose listing
reaches nothing), so the planted patterns stay the only answers."""

from __future__ import annotations

import datetime as dt

import numpy as np

from creditgraph.ingest.synth.batch import Synth, table
from creditgraph.ingest.synth.fake import days
from creditgraph.ingest.synth.vocabulary import (
    AS_OF,
    CHANNELS,
    COMPLAINT_CATEGORIES,
    FREE_TEXT_VIOLATIONS,
    PERSON_MEASURES,
    PLATFORMS,
    SEVERITIES,
    SOURCES,
    VIOLATION_TYPES,
)

SINCE = dt.date(2016, 1, 1)  # base events fall between it and AS_OF


def events(s: Synth) -> None:
    """Violations, complaints, evaluations and harmless list entries over the base population."""
    _violations(s)
    _complaints(s)
    _evaluations(s)
    _red_entries(s)
    _background_black_entries(s)


def subject_sample(s: Synth, n: int, p: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Random (kind, id) pairs over companies, persons, shops, couriers, platforms."""
    r = s.rng
    kinds = r.choice(np.array(["company", "person", "shop", "courier", "platform"], dtype=object), n, p=p)
    ids = np.empty(n, dtype=object)
    for kind, pool in (
        ("company", s.companies["uscc"]),
        ("person", s.persons["id_number"]),
        ("shop", s.shop_refs),
        ("courier", np.array([s.sid("CR", i, 4) for i in range(s.n_couriers)], dtype=object)),
        ("platform", np.array([p[0] for p in PLATFORMS], dtype=object)),
    ):
        m = kinds == kind
        ids[m] = pool[r.integers(0, len(pool), int(m.sum()))]
    return kinds, ids


def _violations(s: Synth) -> None:
    r = s.rng
    nv = max(30, int(0.04 * s.chunk))
    kinds, ids = subject_sample(s, nv, [0.45, 0.0, 0.5, 0.04, 0.01])
    decided = s.day_between(SINCE, AS_OF, nv)
    agency, juris = s.agencies(decided)
    vt = r.choice(np.array(VIOLATION_TYPES + FREE_TEXT_VIOLATIONS, dtype=object), nv)
    display = np.where(r.random(nv) < 0.7, decided + r.integers(365, 365 * 3, nv), -1)
    repaired = np.where(r.random(nv) < 0.05, decided + r.integers(90, 700, nv), -1)
    repaired = np.where(repaired > days(AS_OF), -1, repaired)
    v0 = s.ids.violation
    s.ids.violation = v0 + nv
    s.add(
        "violations.csv",
        table(
            {
                "record_id": [s.sid("V", i, 9) for i in range(v0, v0 + nv)],
                "subject_kind": kinds,
                "subject_id": ids,
                "violation_type": vt,
                "decided_at": s.dates(decided),
                "agency": agency,
                "jurisdiction": juris,
                "source": r.choice(np.array(SOURCES, dtype=object), nv),
                "severity": r.choice(np.array(SEVERITIES, dtype=object), nv, p=[0.6, 0.3, 0.1]),
                "description": vt
                + np.array(["，责令改正", "，罚款", "，警告", ""], dtype=object)[r.integers(0, 4, nv)],
                "display_until": s.dates(display),
                "repaired_at": s.dates(repaired),
            }
        ),
    )


def _complaints(s: Synth) -> None:
    """Base complaints (their handling columns: :func:`ingest.synth.complaints.fill_complaint_handling`)."""
    r = s.rng
    nc = max(30, int(0.05 * s.chunk))
    kinds, ids = subject_sample(s, nc, [0.3, 0.05, 0.55, 0.08, 0.02])
    subst = r.choice(
        np.array(["true", "false", "", "是", "否"], dtype=object), nc, p=[0.4, 0.3, 0.2, 0.05, 0.05]
    )
    s.add(
        "complaints.csv",
        table(
            {
                "complaint_id": [s.sid("C", i, 9) for i in range(s.ids.complaint, s.ids.complaint + nc)],
                "channel": r.choice(np.array(CHANNELS, dtype=object), nc),
                "subject_kind": kinds,
                "subject_id": ids,
                "received_at": s.dates(s.day_between(SINCE, AS_OF, nc)),
                "category": r.choice(np.array(COMPLAINT_CATEGORIES, dtype=object), nc),
                "substantiated": subst,
            }
        ),
    )
    s.ids.complaint += nc


def _evaluations(s: Synth) -> None:
    r = s.rng
    ne = max(20, int(0.02 * s.chunk))
    kinds, ids = subject_sample(s, ne, [0.7, 0.0, 0.2, 0.08, 0.02])
    ev_days = s.day_between(SINCE, AS_OF, ne)
    agency, _ = s.agencies(ev_days)
    score = r.uniform(40, 100, ne).round(1)
    grade = np.select([score >= 90, score >= 75, score >= 60], ["A", "B", "C"], "D").astype(object)
    s.add(
        "evaluations.csv",
        table(
            {
                "subject_kind": kinds,
                "subject_id": ids,
                "agency": agency,
                "evaluated_at": s.dates(ev_days),
                "grade": grade,
                "score": score.astype(str).astype(object),
            }
        ),
    )


def _red_entries(s: Synth) -> None:
    """Red-list entries on random companies (never a pattern): harmless by definition."""
    nr = max(5, int(0.003 * s.chunk))
    comp = s.rng.integers(s.n_platforms + s.n_couriers, s.n_comp, nr)
    ids = s.companies["uscc"][comp]
    _entries(s, "red", "company", ids, s.day_between(SINCE, AS_OF, nr), "守信激励", np.full(nr, "", object))


def _background_black_entries(s: Synth) -> None:
    """Black-list entries on isolated persons and companies: no roles, shops, holdings elsewhere."""
    iso_persons = _isolated_persons(s)
    nb = min(len(iso_persons), max(5, int(0.004 * s.chunk)))
    chosen = s.rng.choice(iso_persons, nb, replace=False)
    measures = np.array([";".join(PERSON_MEASURES[: 1 + i % 3]) for i in range(nb)], dtype=object)
    ids = s.persons["id_number"][chosen]
    _entries(s, "black", "person", ids, s.day_between(SINCE, AS_OF, nb), "失信被执行", measures)
    iso_companies = _isolated_companies(s)
    nb = min(len(iso_companies), max(5, int(0.003 * s.chunk)))
    chosen = s.rng.choice(iso_companies, nb, replace=False)
    measures = np.full(nb, "限制入驻平台;市场禁入", object)
    ids = s.companies["uscc"][chosen]
    _entries(s, "black", "company", ids, s.day_between(SINCE, AS_OF, nb), "严重违法失信", measures)


def _isolated_persons(s: Synth) -> np.ndarray:
    """Persons with no role, no shop and no holding: a listing of theirs reaches nothing."""
    used = np.zeros(s.n_pers, bool)
    used[s.role_person] = True
    used[s.shop_op_person[s.shop_op_person >= 0]] = True
    return np.flatnonzero(~used)


def _isolated_companies(s: Synth) -> np.ndarray:
    """Companies whose people hold only that role, that operate nothing and hold no shares."""
    role_count = np.bincount(s.role_person, minlength=s.n_pers)
    seller = np.zeros(s.n_pers, bool)
    seller[s.shop_op_person[s.shop_op_person >= 0]] = True
    person_busy = (role_count[s.role_person] > 1) | seller[s.role_person]
    busy = np.zeros(s.n_comp, bool)
    np.logical_or.at(busy, s.role_company, person_busy)
    busy[: s.n_platforms + s.n_couriers] = True
    busy |= s.parent_holder
    ops = set(s.shops["operator_id"][s.shops["operator_kind"] == "company"].tolist())
    busy |= np.fromiter((u in ops for u in s.companies["uscc"]), dtype=bool, count=s.n_comp)
    return np.flatnonzero(~busy)


def _entries(
    s: Synth, lst: str, kind: str, ids: np.ndarray, on: np.ndarray, reason: str, measures: np.ndarray
) -> None:
    """List entries in bulk, one per subject in ``ids``."""
    n = len(ids)
    agency, juris = s.agencies(on)
    start = s.ids.entry
    s.ids.entry += n
    s.add(
        "list_entries.csv",
        table(
            {
                "entry_id": [s.sid("E", i, 8) for i in range(start, start + n)],
                "list": np.full(n, lst, object),
                "subject_kind": np.full(n, kind, object),
                "subject_id": ids,
                "agency": agency,
                "listed_at": s.dates(on),
                "reason": np.full(n, reason, object),
                "jurisdiction": juris,
                "expires_at": "",
                "removed_at": "",
                "measures": measures,
            }
        ),
    )
