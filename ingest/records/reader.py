"""Read a contract CSV whatever the registry exported it as: UTF-8, UTF-8 with BOM, GB18030/GBK.

Detection is strict, in order: a BOM decides; otherwise the bytes must decode as UTF-8 without
a single error; otherwise as GB18030 (a superset of GBK and GB2312). GBK-encoded Chinese text
is practically never valid UTF-8, which is why UTF-8 goes first. If both fail the file is
refused, with charset-normalizer's guess named in the message: guessing further (Latin-1
decodes any bytes) would load garbage silently.

Line numbers are physical lines of the file (header = line 1), also when a quoted cell spans
several lines, so a reject points at what an editor shows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import numpy as np
import pandas as pd

from .rejects import UnreadableFile

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes, name: str = "<bytes>") -> str:
    """The encoding ``data`` decodes under without error; raises :class:`UnreadableFile` if none."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    for enc in ("utf-8", "gb18030"):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    _refuse(data, name)


def _refuse(data: bytes, name: str) -> NoReturn:
    """Outside the contract: refuse rather than guess (a Latin-1 guess "decodes" anything)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    hint = f" (it looks like {best.encoding})" if best is not None else ""
    raise UnreadableFile(f"{name}: not UTF-8, UTF-8 with BOM or GB18030{hint}")


@dataclass
class RawTable:
    """A file's cells as strings ('' for empty), with the physical line of each row."""

    name: str
    encoding: str
    frame: pd.DataFrame
    lines: np.ndarray
    broken: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong) of unparsable rows


def _header(names: list[str]) -> list[str]:
    return [str(n).strip().lstrip("\ufeff") for n in names]


#: Bytes read at a time where a file is streamed: its encoding checked, its rows counted, a big
#: file read in pieces (a province's roles.csv is ~0.4 GB, ~4 GB as Python strings).
BLOCK_BYTES = 16 << 20
#: A file larger than this is read (validated, mapped, copied) in pieces of about this many bytes
#: (a narrow file of 64 MB is ~1.6M rows, ~2 GB as frames while mapped).
PIECE_BYTES = 64 << 20


def scan_file(path: Path) -> tuple[str, int]:
    """(encoding, line breaks) of a file read block by block: :func:`detect_encoding`'s answer
    without the whole file (or its decoded text) in memory at once."""
    with path.open("rb") as fh:
        head = fh.read(4)
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc, _count_lines(path)
    for enc in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(enc)()
        breaks = 0
        try:
            with path.open("rb") as fh:
                while block := fh.read(BLOCK_BYTES):
                    decoder.decode(block)
                    breaks += block.count(b"\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return enc, breaks
    with path.open("rb") as fh:
        _refuse(fh.read(200_000), path.name)


def _count_lines(path: Path) -> int:
    breaks = 0
    with path.open("rb") as fh:
        while block := fh.read(BLOCK_BYTES):
            breaks += block.count(b"\n")
    return breaks


def read_pieces(path: Path | str, piece_bytes: int | None = None) -> Iterator[RawTable]:
    """A CSV as one or more :class:`RawTable` pieces of about ``piece_bytes`` each, lines counted
    from the file's start; a file up to ``piece_bytes`` is :func:`read_table`'s one table.

    Pieces end at a record's end: a line break outside quotes (an even count of ``"`` before it;
    neither ``"`` nor a line break occurs inside a GB18030 or UTF-8 character). Each piece is
    parsed as a file of its own under the header line, so quoted line breaks, blank lines and
    broken rows are handled (and numbered) as in a whole file."""
    path = Path(path)
    piece_bytes = piece_bytes or PIECE_BYTES
    if path.stat().st_size <= piece_bytes:
        yield read_table(path)
        return
    enc = scan_file(path)[0]
    with path.open("rb") as fh:
        header = fh.readline()
        line = 2  # the physical line a piece's first row starts on
        carry = b""
        while True:
            block = fh.read(piece_bytes)
            data = carry + block
            if not block:
                cut = len(data)
            else:
                cut = data.rfind(b"\n") + 1
                while cut and data.count(b'"', 0, cut) % 2:
                    cut = data.rfind(b"\n", 0, cut - 1) + 1
                if not cut:  # one record longer than a piece: read on
                    carry = data
                    continue
            piece, carry = data[:cut], data[cut:]
            if piece.strip():
                table = _parse(header + piece, enc, path.name)
                table.lines += line - 2
                table.broken = [(ln + line - 2, why) for ln, why in table.broken]
                yield table
            line += piece.count(b"\n")
            if not block:
                return


def read_table(path: Path | str) -> RawTable:
    """Read a whole CSV as strings, fast (pandas' C parser), with line numbers."""
    path = Path(path)
    data = path.read_bytes()
    return _parse(data, detect_encoding(data, path.name), path.name)


def _parse(data: bytes, enc: str, name: str) -> RawTable:
    """The bytes of a CSV file (header first) in the encoding ``enc``, as a :class:`RawTable`."""
    try:
        frame = pd.read_csv(
            io.BytesIO(data),  # from bytes with the encoding: faster than handing pandas decoded text
            dtype=object,
            encoding=enc,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        return RawTable(name, enc, pd.DataFrame(), np.zeros(0, dtype=np.int64))
    except pd.errors.ParserError:
        # One broken row (too many cells, an unclosed quote) must not cost the file's other rows.
        return _read_row_by_row(name, data.decode(enc).lstrip("\ufeff"), enc)
    except UnicodeDecodeError as err:
        raise UnreadableFile(f"{name}: not a readable CSV ({type(err).__name__})") from None
    if not isinstance(frame.index, pd.RangeIndex):
        # The first row had more cells than the header: pandas took the extra ones as an index
        # instead of failing as it does on any later row (a piece of a big file may start there).
        return _read_row_by_row(name, data.decode(enc).lstrip("\ufeff"), enc)
    frame.columns = _header(list(frame.columns))
    n_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if len(frame) + 1 == n_lines:
        lines = np.arange(2, len(frame) + 2, dtype=np.int64)
    else:  # quoted cells span lines: count them the slow, exact way
        lines = np.fromiter((ln for ln, _ in _row_lines(data.decode(enc))), dtype=np.int64)
    maybe_blank = b"\n\n" in data or b"\n\r\n" in data or b"\n," in data
    if maybe_blank and len(frame.columns):
        blank = (frame == "").all(axis=1).to_numpy()
        if blank.any():
            frame = frame.loc[~blank].reset_index(drop=True)
            lines = lines[~blank]
    return RawTable(name, enc, frame, lines)


MAX_CELL_LINES = 50  # a quoted cell spanning more lines than this is an unclosed quote


def _parse_one(text: str) -> list[str] | None:
    """The cells of one CSV record; None while a quote is still open; raises csv.Error if malformed."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        if "unexpected end of data" in str(err):
            return None
        raise
    return rows[0] if rows else []


def _read_row_by_row(name: str, text: str, enc: str) -> RawTable:
    """The slow, forgiving path: each record parsed alone, a broken one set aside with its line.

    A record whose quote never closes (within ``MAX_CELL_LINES`` lines, or before a later line
    completes it into too many cells) is the first line alone; reading resumes on the next line.
    """
    physical = re.split(r"(?<=\n)", text)
    if physical and physical[-1] == "":
        physical.pop()
    try:
        header = _header(_parse_one(physical[0]) or []) if physical else []
    except csv.Error as err:
        raise UnreadableFile(f"{name}: the header line is not CSV ({err})") from None
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    broken: list[tuple[int, str]] = []
    i = 1
    while i < len(physical):
        start, buf, cells, problem = i, "", None, None
        while i < len(physical) and i - start < MAX_CELL_LINES:
            buf += physical[i]
            i += 1
            try:
                cells = _parse_one(buf)
            except csv.Error as err:
                problem = f"not a CSV row ({err})"
                break
            if cells is not None:
                break
        if (problem is None and cells is None) or (problem is None and len(cells) > width and i - start > 1):
            problem = "a quote opened in this line is never closed"
        elif problem is None and len(cells) > width:
            problem = f"{len(cells)} cells where the header has {width}"
        if problem is not None:
            broken.append((start + 1, problem))
            i = start + 1
            continue
        if any(c.strip() for c in cells):
            rows.append(cells + [""] * (width - len(cells)))
            lines.append(start + 1)
    frame = pd.DataFrame(rows, columns=header, dtype=object) if header else pd.DataFrame()
    return RawTable(name, enc, frame, np.array(lines, dtype=np.int64), broken)


def _row_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    start = reader.line_num + 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def iter_rows(path: Path | str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as (line, {column: value}), streaming through the csv module; blank lines skipped."""
    path = Path(path)
    data = path.read_bytes()
    enc = detect_encoding(data, path.name)
    text = data.decode(enc)
    if enc == "utf-8-sig":
        text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(next(reader, []))
    start = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            yield start, dict(zip(header, row, strict=False))
        start = reader.line_num + 1
