"""Rejected cells and whole-file errors.

A reject is (file, line, column, value, reason): enough for the person who sent the file to
find and fix the cell. Personal values (citizen IDs, phones, account numbers, and a holder or
subject id that is a person's) are masked here, once, so no caller can forget to.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.types import mask_value


class MissingColumnError(InputError):
    """A file lacks a required column: nothing in it can load, so it is one error, not N rejects."""

    def __init__(self, file: str, columns: list[str]) -> None:
        self.file = file
        self.columns = columns
        super().__init__(f"{file}: required column {', '.join(columns)} missing from the header")


class UnreadableFile(InputError):
    """A file whose encoding or CSV structure cannot be read."""


@dataclass(frozen=True)
class Reject:
    file: str
    line: int
    column: str
    value: Any
    reason: str
    code: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_reject(
    file: str, line: int, column: str, value: Any, err: Exception, value_type: str | None = None
) -> Reject:
    """Build a reject, masking ``value`` when ``value_type`` is personal."""
    code = getattr(err, "code", "invalid")
    shown = mask_value(value_type, value) if value_type else value
    return Reject(file=file, line=int(line), column=column, value=shown, reason=str(err), code=code)


FIELDS = ("file", "line", "column", "value", "reason", "code")


def write_rejects(path: Path, rejects: Iterable[Reject]) -> int:
    """Append rejects to a UTF-8 CSV (header written when the file is new); returns how many."""
    new = not path.exists() or path.stat().st_size == 0
    n = 0
    with path.open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        if new:
            w.writerow(FIELDS)
        for r in rejects:
            w.writerow([r.file, r.line, r.column, "" if r.value is None else r.value, r.reason, r.code])
            n += 1
    return n
