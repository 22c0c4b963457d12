"""Related-party risk: one subject's score explained, and the riskiest subjects.

The stored score (``risk_own``, ``risk_score``, ``risk_rank``, ``list_status``, written back by the
last propagation run) is read from the subject. The explanation needs the propagation itself
(``queries.risk``: a ``RiskResult`` keeps the graph and the walk), which the store does not keep:
it is computed here on the whole graph as of the requested date and cached in-process for
``RISK_TTL`` seconds per (store, generation, as_of). Its own score and rank are reported beside the
stored ones (they agree when the last run used the same date and graph). When ``queries.risk`` is
unavailable or the run fails, the stored score is returned with ``explained: false`` and a note.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from graph_model.clock import today
from graph_model.errors import CreditgraphError, NotFound, StoreError
from queries.subjects import KINDS, LABEL_KINDS, SubjectRef, people_by_key, subject_out

from ..cache import TTLCache, store_generation
from ..deps import AuditDep, OfficialUser, StoreDep
from ..models import RiskTopPublic, SubjectRiskPublic, errors
from ..privacy import view_for
from .subjects import AsOfQuery, IdentPath, KindPath, audit_people, resolve_subject

log = logging.getLogger("creditgraph.api")
# tags per route: a router tag would add "risk" to the subject route too, listing it twice in /docs
router = APIRouter()

RISK_TTL = 600.0  # seconds a propagation run is reused for explanations
_RUNS = TTLCache(RISK_TTL, size=2)  # a run holds the whole graph: keep few
STORED = ("risk_own", "risk_score", "risk_rank", "list_status")


def propagation(store: Any, as_of: date) -> Any:
    """The propagation run on the whole graph as of ``as_of`` (cached), or None without queries.risk."""
    try:
        from queries.risk.service import compute
    except ImportError:  # pragma: no cover - the risk package is optional
        return None
    return _RUNS.get(("risk", store_generation(store), as_of), lambda: compute(store, as_of))


def _name(store: Any, label: str, key: str) -> str | None:
    rows = store.query("subject", subject=label, key=key) if label in store.schema.subjects else []
    return rows[0]["s"].get("name") if rows else None


def _explain(store: Any, ref: SubjectRef, as_of: date, top: int) -> tuple[dict[str, Any] | None, str | None]:
    try:
        result = propagation(store, as_of)
        if result is None:
            return None, "risk propagation (queries.risk) is not available on this server: stored score only"
        explanation = result.explain(ref.label, ref.key, top_k=top)
    except StoreError:
        raise  # timeouts and store errors answer 503 as everywhere
    except NotFound:
        return None, "the subject is not in the risk graph"
    except CreditgraphError as exc:
        log.warning("risk explanation failed: %s", type(exc).__name__)
        return None, "the risk propagation did not complete: stored score only"
    out = explanation.to_dict()
    sources = out["sources"]
    people = people_by_key(store, [s["key"] for s in sources if s["label"] == "Person"])
    for s in sources:
        if s.get("path"):  # built from node keys, not typed text: kept out of the free-text masking
            s["path"]["summary"] = s["path"].pop("text")
        name = (
            people.get(s["key"], {}).get("name")
            if s["label"] == "Person"
            else _name(store, s["label"], s["key"])
        )
        s.update(subject_out(s["label"], s["key"], name, people))
    return out, None


@router.get(
    "/subjects/{kind}/{ident:path}/risk",
    response_model=SubjectRiskPublic,
    responses=errors(401, 403, 404, 422, 503),
    tags=["subjects"],
    summary="A subject's risk: stored score and rank, own risk record by record, and where the rest "
    "came from (top sources with the path). Audited when persons are returned.",
)
def read_subject_risk(
    kind: KindPath,
    ident: IdentPath,
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    audit: AuditDep,
    as_of: AsOfQuery = None,
    top: Annotated[int, Query(ge=1, le=20, description="how many sources to explain")] = 5,
) -> SubjectRiskPublic:
    day = as_of or today()
    ref = resolve_subject(store, kind, ident)
    node = store.query("subject", subject=ref.label, key=ref.key)[0]["s"]
    people = people_by_key(store, [ref.key]) if ref.label == "Person" else {}
    answer: dict[str, Any] = {
        "subject": subject_out(ref.label, ref.key, node.get("name"), people),
        "as_of": day,
        "stored": {k: node.get(k) for k in STORED},
    }
    explained, note = _explain(store, ref, day, top)
    if explained is None:
        answer.update(explained=False, note=note)
    else:
        answer.update(
            explained=True,
            **{
                k: explained[k]
                for k in ("risk_own", "risk_score", "risk_rank", "records", "sources", "coverage")
            },
        )
    out = SubjectRiskPublic(**view_for(user, answer))
    audit_people(request, audit, user, answer)
    return out


@router.get(
    "/risk/top",
    response_model=RiskTopPublic,
    responses=errors(401, 403, 422, 503),
    tags=["risk"],
    summary="The subjects with the highest stored risk score (as written back by the last propagation "
    "run), of one label or all. Audited when persons are returned.",
)
def read_risk_top(
    request: Request,
    store: StoreDep,
    user: OfficialUser,
    audit: AuditDep,
    limit: Annotated[int, Query(ge=1, le=500, description="how many")] = 50,
    label: Annotated[
        Literal["Company", "Person", "Shop", "Platform", "Courier"] | None,
        Query(description="one subject label (default all)"),
    ] = None,
) -> RiskTopPublic:
    labels = [label] if label else [lab for lab in KINDS.values() if lab in store.schema.subjects]
    rows = [{**r, "label": lab} for lab in labels for r in store.query("risk_top", subject=lab, limit=limit)]
    rows.sort(key=lambda r: (-r["risk_score"], r["label"], r["key"]))
    rows = rows[:limit]
    people = people_by_key(store, [r["key"] for r in rows if r["label"] == "Person"])
    data = [
        {**r, **subject_out(r["label"], r["key"], r["name"], people), "kind": LABEL_KINDS[r["label"]]}
        for r in rows
    ]
    out = RiskTopPublic(data=view_for(user, data), count=len(data))
    audit_people(request, audit, user, data)
    return out
