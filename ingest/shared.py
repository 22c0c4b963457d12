"""The exchange files of ``creditgraph export shared`` read back: CSV files are contract files as
they are; a JSON file (a list of objects with the same columns, or ``{"rows": [...]}``) becomes the
CSV the loader reads, cell for cell, so both forms load through ``load_records`` and its rules
(validation, rejects with file, line, column and reason, idempotent reload)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from creditgraph.graph_model.errors import InputError

from .records.models import FILES


def as_contract_batch(folder: Path, into: Path) -> Path:
    """A folder of contract CSV files with ``folder``'s exchange files (CSV copied, JSON converted);
    a file of another name is refused by name."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    into.mkdir(parents=True, exist_ok=True)
    found = 0
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".csv", ".json"):
            continue
        name = path.with_suffix(".csv").name
        if name not in FILES:
            raise InputError(
                f"{path}: not an exchange file (expected one of {', '.join(sorted(FILES))} or .json)"
            )
        found += 1
        if path.suffix.lower() == ".csv":
            (into / name).write_bytes(path.read_bytes())
        else:
            _json_to_csv(path, into / name)
    if not found:
        raise InputError(f"{folder}: no exchange file (.csv or .json)")
    return into


def _json_to_csv(path: Path, target: Path) -> None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not UTF-8 JSON ({exc})") from None
    rows = value.get("rows") if isinstance(value, dict) else value
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(f"{path}: a list of objects (or {{'rows': [...]}}) is expected")
    columns = list(dict.fromkeys(k for r in rows for k in r))
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "" if r.get(k) is None else r[k] for k in columns})
