"""Working days in China: Monday–Friday, minus public holidays, plus make-up working days.

The calendar comes from `chinesecalendar` (PyPI, maintained: each year's State Council notice on
holidays and the make-up working days it adjusts; 1.11.0 covers 2004–2026), merged with a YAML
file for years it does not cover yet (``graph_model/resources/holidays_cn.yaml`` by default, or the
``holidays_file`` setting; a year in the file replaces the library's). A date in a year neither
covers is counted Monday–Friday only, and every answer that used one says so. Periods are counted as the Civil Code counts them (民法典 第二百零一条): the day
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

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.yamlfile import read_yaml

HOLIDAYS_FILE = RESOURCES / "holidays_cn.yaml"


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


def library_calendar() -> Calendar:
    """The holidays and make-up working days `chinesecalendar` knows, by the years it covers."""
    from importlib.metadata import version

    from chinese_calendar import constants

    holidays = frozenset(constants.holidays)
    workdays = frozenset(d for d in constants.workdays if d.weekday() >= 5)
    years = frozenset(d.year for d in holidays)
    source = f"chinesecalendar {version('chinesecalendar')} (国务院办公厅 部分节假日安排的通知)"
    return Calendar(holidays, workdays, years, dict.fromkeys(sorted(years), source))


def merge(base: Calendar, over: Calendar) -> Calendar:
    """``base`` with every year ``over`` covers taken from ``over`` instead."""
    keep = [d for d in base.holidays if d.year not in over.years]
    work = [d for d in base.workdays if d.year not in over.years]
    return Calendar(
        frozenset(keep) | over.holidays,
        frozenset(work) | over.workdays,
        base.years | over.years,
        {**base.sources, **over.sources},
    )


@cache
def load_calendar(path: Path | None = None) -> Calendar:
    """The library's calendar, with the years of the YAML file at ``path`` (default the shipped
    one) laid over it."""
    path = path or HOLIDAYS_FILE
    try:
        data = read_yaml(path) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the holiday calendar {path}: {exc.__class__.__name__}") from None
    return merge(library_calendar(), parse_calendar(data))


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
