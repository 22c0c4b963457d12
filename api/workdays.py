"""Working days in China: Monday–Friday, minus public holidays, plus make-up working days.

The calendar is data (``api/resources/holidays_cn.yaml``, one State Council notice per year, its
source noted). Periods are counted as the Civil Code counts them (民法典 第二百零一条): the day
an event happens is not counted, the period starts the next day.

    >>> cal = load_calendar()
    >>> add_working_days(date(2025, 9, 26), 3, cal)   # Fri; Sun 28 is a make-up working day
    datetime.date(2025, 9, 30)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from graph_model.errors import InputError
from graph_model.yamlfile import read_yaml

HOLIDAYS_FILE = Path(__file__).with_name("resources") / "holidays_cn.yaml"


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    sources: dict[int, str] = field(default_factory=dict)

    def is_working_day(self, d: date) -> bool:
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def covers(self, d: date) -> bool:
        return d.year in self.years


def _as_date(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_calendar(data: dict) -> Calendar:
    holidays: set[date] = set()
    workdays: set[date] = set()
    sources: dict[int, str] = {}
    for year, spec in (data.get("years") or {}).items():
        year = int(year)
        sources[year] = str(spec.get("source", ""))
        for h in spec.get("holidays") or []:
            start = _as_date(h["from"], f"{year} {h.get('name')}")
            end = _as_date(h.get("to", h["from"]), f"{year} {h.get('name')}")
            if end < start or start.year != year:
                raise InputError(f"holidays {year} {h.get('name')}: range {start}..{end} is wrong")
            holidays.update(start + timedelta(days=i) for i in range((end - start).days + 1))
        for w in spec.get("workdays") or []:
            d = _as_date(w, f"{year} workdays")
            if d.weekday() < 5:
                raise InputError(f"make-up working day {d} is not a weekend day")
            workdays.add(d)
    clash = holidays & workdays
    if clash:
        raise InputError(f"days both holiday and make-up working day: {sorted(clash)}")
    return Calendar(frozenset(holidays), frozenset(workdays), frozenset(sources), sources)


@cache
def load_calendar(path: Path | None = None) -> Calendar:
    path = path or HOLIDAYS_FILE
    try:
        data = read_yaml(path) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the holiday calendar {path}: {exc.__class__.__name__}") from None
    return parse_calendar(data)


def add_working_days(start: date, n: int, cal: Calendar) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    d, count = start, 0
    while count < n:
        d += timedelta(days=1)
        if cal.is_working_day(d):
            count += 1
    return d


def add_calendar_days(start: date, n: int, cal: Calendar, *, roll_to_workday: bool = False) -> date:
    """``start`` + ``n`` days; with ``roll_to_workday`` a rest day moves to the next working day
    (民法典 第二百零三条: a period ending on a statutory holiday ends on the day after it)."""
    d = start + timedelta(days=n)
    if roll_to_workday:
        while not cal.is_working_day(d):
            d += timedelta(days=1)
    return d


def uncovered_years(days: list[date | None], cal: Calendar) -> list[int]:
    return sorted({d.year for d in days if d is not None and not cal.covers(d)})
