"""The identifiers a screening reads: a CSV with an ``id`` column, or a JSON list.

A list exported from an approval system or a tender is read whole and in order; every row keeps
its place (an empty cell is kept and answered as an error, never dropped). The encodings are the
record contract's (UTF-8, UTF-8 with BOM, GB18030).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from creditgraph.graph_model.errors import InputError

from .records.reader import detect_encoding

ID_COLUMN = "id"


def read_id_file(path: Path) -> list[str]:
    """The identifiers of ``path`` in order: ``.json`` is a list of strings (or of objects with
    ``id``), anything else a CSV whose header has an ``id`` column."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = path.read_bytes()
    text = data.decode(detect_encoding(data, path.name))
    if path.suffix.lower() == ".json":
        return _json_ids(text, path)
    return _csv_ids(text, path)


def _json_ids(text: str, path: Path) -> list[str]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}, column {exc.colno}: not JSON ({exc.msg})") from None
    if not isinstance(value, list):
        raise InputError(f"{path}: a JSON list of identifiers is expected, not {type(value).__name__}")
    ids = []
    for i, item in enumerate(value, start=1):
        if isinstance(item, dict) and ID_COLUMN in item:
            item = item[ID_COLUMN]
        if not isinstance(item, str | int):
            raise InputError(f"{path}: item {i}: an identifier is a string (or an object with 'id')")
        ids.append(str(item))
    return ids


def _csv_ids(text: str, path: Path) -> list[str]:
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None:
        raise InputError(f"{path}: the file is empty (a header with an 'id' column is expected)")
    names = [h.strip().lower() for h in header]
    if ID_COLUMN not in names:
        raise InputError(f"{path}: line 1: no 'id' column in the header ({', '.join(header) or 'empty'})")
    at = names.index(ID_COLUMN)
    return [(row[at] if at < len(row) else "") for row in rows if row]  # a blank line is no row
