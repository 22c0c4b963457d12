"""Batch screening (名单比对): which of many identifiers are on a list on a date, and what that bars.

个人诚信意见 五(二) asks that the black lists be embedded in the agencies' approval and
transaction platforms "便于各部门自动比对、自动拦截、自动锁定". A screening takes the identifiers
an approval, a procurement or a platform holds (USCCs, citizen IDs, ``platform/shop`` ids), tells
each one's kind from its form, reads every kind's subjects and their entries in force in one
statement (``screen_subjects``), and judges each entry's measures against the purpose asked
about (``purposes.yaml``: every bar with its document and clause).

Nothing is dropped: an identifier that is no USCC, citizen ID or shop id comes back in its place
with the reason; one the graph does not hold comes back ``found: false``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from creditgraph.graph_model.identity import SECRET_KEY
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.types import ValueTypeError, id_key, mask_id, uscc

from .library import query
from .measures import known_measures, purpose_bars
from .subjects import is_citizen_id

_SHOP = re.compile(r"[^\s/]{1,100}/[^\s/]{1,100}")  # the contract's platform_id and shop_id, one slash
MAX_IDS = 200_000  # one screening; a larger file is split by the caller


@dataclass(frozen=True)
class Screened:
    """One input identifier as read: its row (1-based), what it is and the node key it names."""

    row: int
    shown: str  # what the answer may show of it (a citizen ID masked)
    kind: str | None  # company, person, shop; None when the form is none of them
    id_number: str | None = None  # a person's ID, for the roles allowed to see it
    key: str | None = None
    error: str | None = None


def read_id(row: int, raw: Any, secret: str | None) -> Screened:
    """Tell an identifier's kind from its form: a citizen ID (region, birth date, check character),
    a USCC (GB 32100-2015 with its check character), or ``platform/shop``."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return Screened(row, "", None, error="empty identifier")
    if is_citizen_id(text):
        ident = text.upper()
        key = id_key(ident, secret) if secret else None
        return Screened(row, mask_id(ident), "person", id_number=ident, key=key)
    if "/" in text:
        if not _SHOP.fullmatch(text):
            return Screened(
                row, text, None, error="a shop is named platform_id/shop_id (letters, digits, _-.)"
            )
        return Screened(row, text, "shop", key=text)
    try:
        return Screened(row, text.upper(), "company", key=uscc.clean(text))
    except ValueTypeError as exc:
        return Screened(
            row, unreadable(text), None, error=f"not a citizen ID, a USCC or platform/shop: {exc}"
        )


_DIGIT_RUN = re.compile(r"\d{6,}[0-9Xx]?")


def unreadable(text: str) -> str:
    """What may be shown of an identifier that could not be read: every run of six or more digits
    masked but its last four (it may be a citizen ID, a phone or an account typed wrong), cut to 40."""
    return _DIGIT_RUN.sub(lambda m: "*" * (len(m[0]) - 4) + m[0][-4:], text)[:40]


LABELS = {"company": "Company", "person": "Person", "shop": "Shop"}


def read_ids(store: Store, ids: list[Any]) -> list[Screened]:
    """Every identifier read in its place (persons keyed by the graph's own keyed hash)."""
    secret = store.get_meta(SECRET_KEY)
    return [read_id(i, raw, secret) for i, raw in enumerate(ids, start=1)]


def keys_by_kind(items: list[Screened]) -> dict[str, list[str]]:
    """The distinct node keys of the readable identifiers, per kind, sorted: one read per kind."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if item.kind and item.key:
            wanted[item.kind].add(item.key)
    return {kind: sorted(keys) for kind, keys in wanted.items()}


def entries_by_key(store: Store, items: list[Screened], as_of: date) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(kind, key): {"name", "entries"}}`` for the screened subjects the graph holds: one read
    per kind, whatever the number of identifiers."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, keys in keys_by_kind(items).items():
        rows = query(store, "screen_subjects", subject=LABELS[kind], keys=keys, as_of=as_of)
        for r in rows:
            subject = found.setdefault((kind, r["key"]), {"name": r["name"], "entries": []})
            if r["entry"] is not None:
                subject["entries"].append(_entry(r))
    return found


def commitments_by_key(
    store: Store, items: list[Screened], as_of: date
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """``{(kind, key): [commitment …]}``: the credit commitments in force of the screened subjects,
    each with the violation that breaks it (``broken_by``) if one does; one read per kind."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for kind, keys in keys_by_kind(items).items():
        rows = query(store, "screen_commitments", subject=LABELS[kind], keys=keys, as_of=as_of)
        by_commitment: dict[tuple[str, str], dict[str, Any]] = {}
        for r in rows:
            made = by_commitment.setdefault(
                (r["key"], r["commitment"]),
                {
                    k: r[k]
                    for k in ("commitment", "kind", "content", "made_at", "valid_until", "agency", "public")
                }
                | {"broken_by": []},
            )
            if r["broken_by"]:
                made["broken_by"].append(r["broken_by"])
        for (key, _), made in by_commitment.items():
            found[(kind, key)].append(made)
    return found


def _entry(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": r["entry"],
        "list": r["list"],
        "listed_at": r["listed_at"],
        "expires_at": r["expires_at"],
        "reason": r["reason"],
        "agency": r["agency"],
        "jurisdiction": r["jurisdiction"],
        "contested": r["contested"],
        "measures": list(r["measures"] or []),
    }


def verdict(entries: list[dict[str, Any]], purpose: str | None) -> dict[str, Any]:
    """Whether the black-list entries in force bar ``purpose``: each bar with its entry and clause,
    and the measures the policy data does not state (kept, shown, barring nothing)."""
    black = [e for e in entries if e["list"] == "black"]
    if not black:  # most identifiers of a screening: nothing to judge
        return {"barred": None if purpose is None else False, "barred_by": [], "unknown_measures": []}
    known = known_measures()
    unknown = sorted({m for e in black for m in e["measures"] if m not in known})
    if purpose is None:
        return {"barred": None, "barred_by": [], "unknown_measures": unknown}
    barred_by = [{"entry": e["key"]} | b.out() for e in black for b in purpose_bars(e["measures"], purpose)]
    return {"barred": bool(barred_by), "barred_by": barred_by, "unknown_measures": unknown}
