"""Validate record files against their models: valid rows out, rejects beside them.

Two paths, one set of rules (the field specs of :mod:`ingest.records.models`):

- :func:`validate_file` / :func:`validate_frame` work column by column. Each column is
  factorised and every *distinct* value is cleaned once by the same ``Spec.clean`` the pydantic
  model calls, then broadcast back. Registry exports repeat dates, enums and division codes
  endlessly, so most columns cost one hash per cell; unique codes cost one ``clean`` each.
- :func:`validate_rows` is plain pydantic, row by row, for small inputs and as the reference the
  tests compare the fast path against.

A row with any bad cell is rejected whole (one reject per bad cell); valid rows keep their
unknown columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from creditgraph.graph_model.types import MissingValue, Text, ValueTypeError

from .models import LOAD_ORDER, REF_TYPES, FileSpec, Record, Spec, spec_for
from .reader import RawTable, read_pieces, read_table
from .rejects import MissingColumnError, Reject, make_reject


@dataclass
class ValidatedFile:
    """The outcome of one file: cleaned valid rows (with their lines) and the rejects."""

    file: str
    spec: FileSpec
    encoding: str | None
    frame: pd.DataFrame
    lines: np.ndarray
    rejects: list[Reject] = field(default_factory=list)
    total_rows: int = 0

    @property
    def valid_rows(self) -> int:
        return len(self.frame)

    @property
    def rejected_rows(self) -> int:
        return self.total_rows - len(self.frame)

    def records(self, batch_size: int = 10_000) -> Iterator[list[dict[str, Any]]]:
        """Valid rows as dicts (None for empty), in batches ready for an UNWIND."""
        for start in range(0, len(self.frame), batch_size):
            yield self.frame.iloc[start : start + batch_size].to_dict("records")


def _personal_type(spec: Spec) -> str | None:
    return spec.type.name if spec.personal else None


def _clean_column(values: np.ndarray, spec: Spec) -> tuple[np.ndarray, dict[int, Exception], np.ndarray]:
    """Clean each distinct value once; return cleaned column, errors by code index, codes."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    cleaned = np.empty(len(uniques), dtype=object)
    errors: dict[int, Exception] = {}
    clean = spec.clean
    if isinstance(spec.type, Text):  # the common case, inlined
        for i, u in enumerate(uniques):
            s = u.strip() if isinstance(u, str) else u
            if not s:
                if spec.required:
                    errors[i] = MissingValue("required value is empty")
                s = None
            cleaned[i] = s
    else:
        fast = getattr(spec.type, "fast_valid", None)
        todo = range(len(uniques))
        if fast is not None and len(uniques) > 64:
            ok = fast(uniques)
            cleaned[ok] = uniques[ok]
            todo = np.flatnonzero(~ok)
        for i in todo:
            u = uniques[i]
            try:
                cleaned[i] = clean(u)
            except ValueTypeError as err:
                errors[i] = err
    return cleaned[codes], errors, codes


def validate_frame(
    file_name: str,
    frame: pd.DataFrame,
    lines: np.ndarray | None = None,
    *,
    encoding: str | None = None,
    spec: FileSpec | None = None,
) -> ValidatedFile:
    """Validate a DataFrame of strings ('' = empty) as the contract file ``file_name``."""
    spec = spec or spec_for(file_name)
    model = spec.model
    specs = model.specs()
    n = len(frame)
    if lines is None:
        lines = np.arange(2, n + 2, dtype=np.int64)
    missing = [c for c in model.required_columns() if c not in frame.columns]
    if missing:
        raise MissingColumnError(file_name, missing)

    bad = np.zeros(n, dtype=bool)
    rejects: list[tuple[int, Reject]] = []
    out: dict[str, np.ndarray] = {}

    def reject_rows(col: str, raw: np.ndarray, codes: np.ndarray, errors: dict[int, Exception], ptype):
        hit = np.isin(codes, np.fromiter(errors, dtype=codes.dtype, count=len(errors)))
        for i in np.flatnonzero(hit):
            pt = ptype(i) if callable(ptype) else ptype
            rejects.append((i, make_reject(file_name, lines[i], col, raw[i], errors[codes[i]], pt)))
        bad[hit] = True

    for col, s in specs.items():
        if col not in frame.columns:
            out[col] = np.full(n, None, dtype=object)
            continue
        raw = frame[col].to_numpy(dtype=object)
        cleaned, errors, codes = _clean_column(raw, s)
        if errors:
            reject_rows(col, raw, codes, errors, _personal_type(s))
        out[col] = cleaned

    # References typed by a kind column: a person's id is a citizen ID, a shop's is platform/shop.
    for col, kind_col in model.kind_refs.items():
        kinds = out[kind_col]
        for kind, vt in REF_TYPES.items():
            rows = np.flatnonzero((kinds == kind) & ~bad)
            if not len(rows):
                continue
            ref_spec = Spec(vt, required=True)
            cleaned, errors, codes = _clean_column(out[col][rows], ref_spec)
            out[col][rows] = cleaned
            if errors:
                raw = frame[col].to_numpy(dtype=object)
                hit = np.isin(codes, list(errors))
                for j in np.flatnonzero(hit):
                    i = rows[j]
                    err = errors[codes[j]]
                    pt = vt.name if vt.personal else None
                    rejects.append((i, make_reject(file_name, lines[i], col, raw[i], err, pt)))
                bad[rows[hit]] = True

    extras = [c for c in frame.columns if c not in specs]
    for col in extras:
        raw = frame[col].to_numpy(dtype=object)
        out[col] = np.where(raw == "", None, raw)

    keep = ~bad
    valid = pd.DataFrame({c: v[keep] for c, v in out.items()}, dtype=object)  # None stays None
    rejects.sort(key=lambda t: t[0])
    return ValidatedFile(
        file=file_name,
        spec=spec,
        encoding=encoding,
        frame=valid,
        lines=lines[keep],
        rejects=[r for _, r in rejects],
        total_rows=n,
    )


def validate_file(path: Path | str, file_name: str | None = None) -> ValidatedFile:
    """Read and validate one contract file; its name (or ``file_name``) picks the model.

    Raises :class:`MissingColumnError` when a required column is absent from the header and
    :class:`UnreadableFile` when the bytes are not CSV in a supported encoding.
    """
    path = Path(path)
    return _validate_table(read_table(path), file_name or path.name)


def validate_pieces(path: Path | str, piece_bytes: int | None = None) -> Iterator[ValidatedFile]:
    """:func:`validate_file` piece by piece (:func:`~.reader.read_pieces`): a big file is never
    in memory whole; each piece's rejects carry the file's own line numbers."""
    path = Path(path)
    for table in read_pieces(path, piece_bytes):
        yield _validate_table(table, path.name)


def _validate_table(table: RawTable, name: str) -> ValidatedFile:
    spec = spec_for(name)
    if table.frame.columns.empty:
        missing = spec.model.required_columns()
        raise MissingColumnError(name, missing)
    checked = validate_frame(name, table.frame, table.lines, encoding=table.encoding, spec=spec)
    if table.broken:  # rows the CSV parser could not split: rejected alone, with their line
        broken = [
            Reject(file=name, line=line, column="", value="", reason=why, code="malformed_row")
            for line, why in table.broken
        ]
        checked.rejects = sorted([*checked.rejects, *broken], key=lambda r: r.line)
        checked.total_rows += len(broken)
    return checked


def validate_rows(
    file_name: str, rows: Iterable[tuple[int, dict[str, Any]]]
) -> tuple[list[Record], list[Reject]]:
    """The pydantic path: each (line, row) through ``Model.model_validate``."""
    spec = spec_for(file_name)
    model = spec.model
    specs = model.specs()
    good: list[Record] = []
    rejects: list[Reject] = []
    checked_header = False
    for line, row in rows:
        if not checked_header:
            missing = [c for c in model.required_columns() if c not in row]
            if missing:
                raise MissingColumnError(file_name, missing)
            checked_header = True
        try:
            good.append(model.model_validate(row))
        except ValidationError as exc:
            for e in exc.errors():
                col = str(e["loc"][0]) if e["loc"] else ""
                err = (e.get("ctx") or {}).get("error")
                if not isinstance(err, Exception):
                    missing_cell = e["type"] == "missing"
                    err = MissingValue("required value is empty") if missing_cell else ValueError(e["msg"])
                ptype = _personal_type(specs[col]) if col in specs else None
                kind_col = model.kind_refs.get(col)
                if kind_col:
                    try:
                        ref_type = REF_TYPES.get(specs[kind_col].clean(row.get(kind_col)))
                    except ValueTypeError:
                        ref_type = None
                    if ref_type is not None and ref_type.personal:
                        ptype = ref_type.name
                rejects.append(make_reject(file_name, line, col, row.get(col), err, ptype))
    return good, rejects


def validate_batch(folder: Path | str) -> dict[str, ValidatedFile]:
    """Validate every contract file present in ``folder``, in load order."""

    folder = Path(folder)
    return {name: validate_file(folder / name) for name in LOAD_ORDER if (folder / name).exists()}
