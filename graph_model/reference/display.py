"""Display periods applied: a violation with no ``display_until`` ends at its date plus the display
period of its severity (苏政办发〔2017〕144号 个人诚信意见 四(三): 明确各类公共信用信息展示期限，不再展示和
使用超过期限的公共信用信息). The periods are data in ``graph_model/resources/violation_types.yaml``.

Applied once, at load, so every place that decides "in force" (alerts, risk, lists, the Browser's
saved queries) reads one ``display_until`` and none needs the taxonomy at query time.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import pandas as pd

from creditgraph.graph_model.yamlfile import read_yaml

from ..resources import RESOURCES

TAXONOMY = RESOURCES / "violation_types.yaml"


@cache
def _periods() -> tuple[dict[str, int], dict[str, str]]:
    """(years by severity, default severity by violation-type code)."""
    data = read_yaml(TAXONOMY)
    return dict(data["display_years"]), {v["code"]: v["default_severity"] for v in data["violation_types"]}


@cache
def display_rule() -> dict[str, str]:
    """The document and clause the display periods apply (for explanations and docs)."""
    return dict(read_yaml(TAXONOMY)["display_rule"])


def plus_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def display_end(decided_at: date | None, severity: str | None, type_code: str | None) -> date | None:
    """When a violation stops being displayed when its record gives no end: decided_at plus the
    years of its severity (the record's, else its type's default). None without a decision date."""
    if decided_at is None:
        return None
    years, defaults = _periods()
    sev = severity or defaults.get(type_code or "") or "一般"
    return plus_years(decided_at, years[sev])


def fill_display_until(
    display_until: pd.Series, decided_at: pd.Series, severity: pd.Series, type_codes: pd.Series
) -> pd.Series:
    """``display_until`` where the record gives it, else the end of its display period."""

    def one(given: Any, day: Any, sev: Any, code: Any) -> Any:
        if given is not None and not (isinstance(given, float) and pd.isna(given)) and given != "":
            return given
        return display_end(day if isinstance(day, date) else None, sev or None, code)

    return pd.Series(
        [one(*t) for t in zip(display_until, decided_at, severity, type_codes, strict=True)],
        index=display_until.index,
        dtype=object,
    )


@cache
def taxonomy_code(name: str) -> str:
    """The code of the taxonomy entry named ``name`` (a rule names its violation type as the documents do)."""
    for v in read_yaml(TAXONOMY)["violation_types"]:
        if v["name"] == name:
            return str(v["code"])
    raise KeyError(f"no violation type {name!r} in {TAXONOMY.name}")
