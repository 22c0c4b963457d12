"""Own risk: what a subject's own active violations and black-list entries weigh, and why.

Each factor is a small pure function over a table of records returning ``(value, detail)`` per
record (nomenklatura's matching features, vectorised so a million records cost a second, not a
minute). A record's contribution is the product of its factors; a subject's own risk is the sum
of its records' contributions. The explanation reads the very table the sum was taken over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.reference.display import display_rule

from .weights import DEFAULT_WEIGHTS, RiskWeights

#: Columns the caller fetches for each violation (``label``/``key`` name the subject, ``record`` the Violation).
VIOLATION_COLUMNS = (
    "label",
    "key",
    "record",
    "severity",
    "decided_at",
    "display_until",
    "repaired_at",
    "contested",
    "upheld_objection",
)
#: Columns the caller fetches for each list entry (``record`` is the ListEntry key, ``list`` red or black).
LISTING_COLUMNS = (
    "label",
    "key",
    "record",
    "list",
    "listed_at",
    "expires_at",
    "removed_at",
    "contested",
    "upheld_objection",
)
_REQUIRED = ("label", "key", "record")
_DATES = ("decided_at", "display_until", "repaired_at", "listed_at", "expires_at", "removed_at")
_FLAGS = ("contested", "upheld_objection")

Records = pd.DataFrame | pa.Table | Iterable[Mapping[str, Any]] | None


class Factor(NamedTuple):
    """One factor evaluated on every record: a multiplier and the sentence that justifies it."""

    value: np.ndarray
    detail: pd.Series


FactorFn = Callable[[pd.DataFrame, pd.Timestamp, RiskWeights], Factor]


# -- helpers ---------------------------------------------------------------------------------------
def _display_rule() -> str:
    """The clause display periods apply, named where a record is excluded because its period ended."""

    rule = display_rule()
    return f"{rule['document']} {rule['clause']}"


def _day(values: pd.Series) -> pd.Series:
    """ISO dates as text, only where asked (formatting a million dates costs more than the maths)."""
    return values.dt.strftime("%Y-%m-%d")


def _first_reason(
    index: pd.Index, ok: str, rules: Sequence[tuple[pd.Series, Callable[[pd.Series], Any]]]
) -> Factor:
    """1 where no rule fires, else 0 with the first firing rule's reason (rules in priority order)."""
    detail = pd.Series(ok, index=index, dtype=object)
    open_ = pd.Series(True, index=index)
    for mask, reason in rules:
        hit = mask.fillna(False).astype(bool) & open_
        if hit.any():
            detail[hit] = reason(hit)
            open_ &= ~hit
    return Factor(open_.to_numpy(dtype=float), detail)


# -- violation factors -----------------------------------------------------------------------------
def violation_in_force(v: pd.DataFrame, as_of: pd.Timestamp, w: RiskWeights) -> Factor:
    """A violation counts only while it is published, unrepaired and not successfully objected to."""
    return _first_reason(
        v.index,
        "in force",
        [
            (
                v["decided_at"] > as_of,
                lambda m: "decided after the as-of date (" + _day(v["decided_at"][m]) + ")",
            ),
            (v["upheld_objection"], lambda m: "excluded: an objection against it was upheld"),
            (v["contested"] & (not w.contested_counts), lambda m: "excluded while an objection is pending"),
            (
                v["repaired_at"] <= as_of,
                lambda m: "excluded: credit repaired on " + _day(v["repaired_at"][m]),
            ),
            (
                v["display_until"] <= as_of,
                lambda m: (
                    "excluded: publication ended on "
                    + _day(v["display_until"][m])
                    + f" (display period, {_display_rule()})"
                ),
            ),
        ],
    )


def severity(v: pd.DataFrame, as_of: pd.Timestamp, w: RiskWeights) -> Factor:
    """Graver violations weigh more; an unknown severity counts as the default one and says so."""
    weights = v["severity"].map(dict(w.severity))
    known = weights.notna()
    value = weights.fillna(w.severity[w.default_severity]).to_numpy(dtype=float)
    text = pd.Series(value, index=v.index).map("{:g}".format)
    detail = "severity " + v["severity"].fillna("").astype(object) + " → weight " + text
    if not known.all():
        unknown = ~known
        detail[unknown] = (
            "severity unknown (" + v["severity"][unknown].fillna("none").astype(object) + "), "
            f"counted as {w.default_severity} → weight " + text[unknown]
        )
    return Factor(value, detail.astype(object))


def recency(v: pd.DataFrame, as_of: pd.Timestamp, w: RiskWeights) -> Factor:
    """Old violations say less about a subject today: the weight halves every half-life."""
    age = (as_of - v["decided_at"]).dt.days.astype(float).clip(lower=0)
    value = np.power(0.5, age.to_numpy() / w.half_life_days)
    known = np.isfinite(value)
    value = np.where(known, value, 1.0)
    detail = pd.Series("decision date unknown: no decay applied", index=v.index, dtype=object)
    if known.any():
        k = pd.Series(known, index=v.index)
        detail[k] = (
            "decided "
            + _day(v["decided_at"][k])
            + ", "
            + age[k].astype(int).astype(str)
            + f" days before {as_of.date()}; half-life {w.half_life_days:g} days → ×"
            + pd.Series(value[known], index=v.index[known]).round(3).astype(str)
        )
    return Factor(value, detail)


# -- list-entry factors ----------------------------------------------------------------------------
def listing_in_force(e: pd.DataFrame, as_of: pd.Timestamp, w: RiskWeights) -> Factor:
    """An entry counts from its listing date until it expires or is removed (credit repair)."""
    return _first_reason(
        e.index,
        "in force",
        [
            (e["listed_at"].isna(), lambda m: "excluded: no listing date"),
            (
                e["listed_at"] > as_of,
                lambda m: "listed after the as-of date (" + _day(e["listed_at"][m]) + ")",
            ),
            (e["upheld_objection"], lambda m: "excluded: an objection against it was upheld"),
            (e["contested"] & (not w.contested_counts), lambda m: "excluded while an objection is pending"),
            (
                e["removed_at"] <= as_of,
                lambda m: "excluded: removed from the list on " + _day(e["removed_at"][m]),
            ),
            (
                e["expires_at"] <= as_of,
                lambda m: "excluded: the listing expired on " + _day(e["expires_at"][m]),
            ),
        ],
    )


def blacklist(e: pd.DataFrame, as_of: pd.Timestamp, w: RiskWeights) -> Factor:
    """A black-list entry is a standing finding of serious untrustworthiness; a red-list entry never adds risk."""
    kind = e["list"].fillna("").astype(str).str.lower()
    black = (kind == "black").to_numpy()
    value = np.where(black, w.blacklist, 0.0)
    detail = pd.Series(f"black list → weight {w.blacklist:g}", index=e.index, dtype=object)
    detail[~black] = "list " + e["list"][~black].fillna("unknown").astype(object) + ": adds no risk"
    return Factor(value, detail)


#: The factors of each kind of record, multiplied together; the weights live in ``weights.py``.
VIOLATION_FACTORS: list[tuple[str, FactorFn]] = [
    ("in_force", violation_in_force),
    ("severity", severity),
    ("recency", recency),
]
LISTING_FACTORS: list[tuple[str, FactorFn]] = [
    ("in_force", listing_in_force),
    ("list", blacklist),
]


# -- the result ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FactorValue:
    name: str
    value: float
    detail: str


@dataclass(frozen=True)
class RecordRisk:
    """One violation or list entry and what it adds to its subject's own risk."""

    kind: str  # "Violation" or "ListEntry"
    record: str
    contribution: float
    factors: tuple[FactorValue, ...]

    def __str__(self) -> str:
        parts = "; ".join(f.detail for f in self.factors)
        return f"{self.kind} {self.record}: {parts} ⇒ {self.contribution:.3g}"


@dataclass(frozen=True)
class OwnRisk:
    """Per-record factors and per-subject totals, computed once and read by both score and explanation."""

    as_of: date
    weights: RiskWeights
    records: pd.DataFrame = field(
        repr=False
    )  # label, key, kind, record, <factor>, <factor>_detail, contribution

    @cached_property
    def totals(self) -> pd.DataFrame:
        """One row per subject with a record: label, key, risk_own, list_status (black, red or '')."""
        r = self.records
        out = r.groupby(["label", "key"], sort=False, observed=True)["contribution"].sum()
        out = out.rename("risk_own").reset_index()
        listed = r[(r["kind"] == "ListEntry") & (r["in_force"] > 0)]
        status = (
            listed.assign(black=listed["list_kind"] == "black")
            .groupby(["label", "key"], sort=False, observed=True)["black"]
            .any()
            .map({True: "black", False: "red"})
            .rename("list_status")
        )
        out = out.merge(status.reset_index(), on=["label", "key"], how="left")
        out["list_status"] = out["list_status"].fillna("").astype(object)
        return out

    def of(self, label: str, key: str) -> float:
        t = self.totals
        hit = t.loc[(t["label"] == label) & (t["key"] == key), "risk_own"]
        return float(hit.iloc[0]) if len(hit) else 0.0

    def explain(self, label: str, key: str) -> list[RecordRisk]:
        """The records behind one subject's own risk, largest first, with every factor's detail."""
        r = self.records
        rows = r[(r["label"] == label) & (r["key"] == key)].sort_values("contribution", ascending=False)
        out = []
        for row in rows.itertuples(index=False):
            names = [n for n, _ in (VIOLATION_FACTORS if row.kind == "Violation" else LISTING_FACTORS)]
            d = row._asdict()
            factors = tuple(FactorValue(n, float(d[n]), str(d[f"{n}_detail"])) for n in names)
            out.append(RecordRisk(row.kind, str(row.record), float(row.contribution), factors))
        return out


def _frame(records: Records, columns: Sequence[str], what: str) -> pd.DataFrame:
    """Whatever the caller fetched (rows, DataFrame, Arrow) as one typed DataFrame."""
    if records is None:
        df = pd.DataFrame(columns=list(columns))
    elif isinstance(records, pd.DataFrame):
        df = records.copy()
    elif isinstance(records, pa.Table):
        df = records.to_pandas()
    else:
        df = pd.DataFrame.from_records(list(records))
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing and len(df):
        raise InputError(f"{what} records need columns {missing}")
    for c in columns:
        if c not in df.columns:
            df[c] = None
    df = df[list(columns)].reset_index(drop=True)
    for c in columns:
        if c in _DATES:
            df[c] = pd.to_datetime(df[c], errors="coerce")
        elif c in _FLAGS:
            df[c] = df[c].astype(object).where(df[c].notna(), False).astype(bool)
        else:
            df[c] = df[c].astype(object)
    return df


def _score(df: pd.DataFrame, kind: str, factors: list[tuple[str, FactorFn]], ts, w) -> pd.DataFrame:
    out = pd.DataFrame({"label": df["label"], "key": df["key"], "kind": kind, "record": df["record"]})
    contribution = np.ones(len(df))
    for name, fn in factors:
        f = fn(df, ts, w)
        out[name] = f.value
        out[f"{name}_detail"] = f.detail.to_numpy()
        contribution *= f.value
    out["contribution"] = contribution
    return out


def own_risk(
    violations: Records = None,
    listings: Records = None,
    *,
    as_of: date | None = None,
    weights: RiskWeights = DEFAULT_WEIGHTS,
) -> OwnRisk:
    """Score every subject's own risk from its records as of a date.

    ``violations`` carries :data:`VIOLATION_COLUMNS`, ``listings`` :data:`LISTING_COLUMNS`
    (missing optional columns count as unknown / false). Records the caller did not filter are
    filtered here, each exclusion kept with its reason for the explanation.
    """
    as_of = as_of or today()
    ts = pd.Timestamp(as_of)
    v = _frame(violations, VIOLATION_COLUMNS, "violation")
    e = _frame(listings, LISTING_COLUMNS, "list-entry")
    scored_v = _score(v, "Violation", VIOLATION_FACTORS, ts, weights).assign(list_kind="")
    scored_e = _score(e, "ListEntry", LISTING_FACTORS, ts, weights)
    scored_e["list_kind"] = e["list"].fillna("").astype(str).str.lower().to_numpy()
    parts = [p for p in (scored_v, scored_e) if len(p)]
    records = pd.concat(parts, ignore_index=True) if parts else scored_v
    return OwnRisk(as_of=as_of, weights=weights, records=records)
