"""Reading policy files into lines of text, whatever the container (.txt in any Chinese encoding, .docx).

A .docx table becomes one markdown-style line per row (`| 1 | 任务 | 牵头单位：… |`), so the
table parser sees docx tables the same way as text tables (merged cells: see `_row_line`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from creditgraph.ingest.policies.errors import PolicyFileError

SUFFIXES = (".txt", ".md", ".docx")


@dataclass(frozen=True)
class SourceText:
    """The text of one input file, split into lines; `name` is the file name (never used for meaning)."""

    path: Path
    lines: list[str]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_source(path: Path | str) -> SourceText:
    """Read a .txt/.md or .docx policy file; raise PolicyFileError naming the file when it cannot be read."""
    p = Path(path)
    if not p.is_file():
        raise PolicyFileError(p, "no such file")
    suffix = p.suffix.lower()
    if suffix == ".docx":
        lines = _docx_lines(p)
    elif suffix in (".txt", ".md"):
        lines = _decode(p, p.read_bytes()).splitlines()
    else:
        raise PolicyFileError(p, f"unsupported file type {suffix!r} (expected one of {', '.join(SUFFIXES)})")
    if not any(line.strip() for line in lines):
        raise PolicyFileError(p, "file is empty")
    return SourceText(p, [line.rstrip("\r") for line in lines])


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, then whatever charset-normalizer finds."""
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PolicyFileError(path, "binary content, not a text document")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    best = from_bytes(raw).best()
    if best is None:
        raise PolicyFileError(path, "cannot decode text (not UTF-8, GB18030 or another known encoding)")
    return str(best)


def _docx_lines(path: Path) -> list[str]:
    """Paragraphs and tables of a .docx in body order; table rows as '|'-separated lines."""
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a broken package
        raise PolicyFileError(path, f"cannot open as .docx ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.append("")
            lines.extend(_row_line(row) for row in Table(child, document).rows)
            lines.append("")
    return lines


def _row_line(row: Any) -> str:
    """One table row as `| a | b |`. A cell merged across columns is one cell (python-docx repeats
    it per grid column); a cell merged down repeats its text in each row it spans (a lead unit
    merged over two tasks leads both). Paragraphs inside a cell are joined by `<br>`, so a unit
    per line stays a unit per line."""
    cells: list[str] = []
    seen: list[Any] = []
    for cell in row.cells:
        if seen and cell._tc is seen[-1]:
            continue
        seen.append(cell._tc)
        paragraphs = [" ".join(p.text.split()) for p in cell.paragraphs]
        cells.append("<br>".join(p for p in paragraphs if p).replace("|", "｜"))
    return "| " + " | ".join(cells) + " |"
