"""Task-division tables (任务分工表) in any text layout: one parser, not one per file.

Every layout is first turned into a stream of cells with row-break hints:
- tab-separated rows (`1<TAB>任务<TAB>牵头单位：…`),
- tab-indented cells, one per line, rows separated by blank lines (continuation lines unindented),
- '|'-separated cells with '|' alone on a line between cells (line breaks inside a cell),
- markdown rows (`| 1 | 任务 | 牵头 | 配合 |`, any number of columns, alignment row skipped; a
  one-cell row is a band across the table; `<br>` is a line break inside a cell, as .docx rows
  are read).
Rows are then rebuilt from the cells: a row starts at a cell holding the next sequence number.
Column roles come from the header when there is one (序号 / 工作任务 / 负责单位 / 牵头单位 /
配合单位 …) and from the content otherwise (a cell with 牵头单位：/配合单位： labels is the
responsibility cell; the first long cell is the task).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from creditgraph.graph_model.normalize import compact
from creditgraph.ingest.policies.text import clean

_SEQ = re.compile(r"^\d{1,3}$")
_MD_ALIGN = re.compile(r"^\|?[\s:\-|]+\|?$")
HEADER_ROLES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(序号|编号|序)$"), "seq"),
    (re.compile(r"(配合|协办|参与|协同)(单位|部门)"), "coop"),
    (re.compile(r"(牵头|主办|主责)(单位|部门)"), "lead"),
    (re.compile(r"(负责|责任)(单位|部门)"), "resp"),
    (re.compile(r"(任务|内容|事项|措施)"), "task"),
    (re.compile(r"(时限|时间|进度|备注|节点)"), "other"),
]
RESP_LABEL = re.compile(r"(牵头|主办|主责|责任|负责|配合|协办|参与|协同)(单位|部门)\s*[:：]")


def header_role(cell: str) -> str | None:
    """The role a header cell names, or None when the cell is not a header word."""
    n = compact(cell)
    if not n or len(n) > 12:
        return None
    for pattern, role in HEADER_ROLES:
        if pattern.search(n):
            return role
    return None


@dataclass
class RawRow:
    """One table row as cells (the sequence number cell first) and the line it started on."""

    seq: int
    cells: list[str]
    line: int


@dataclass
class RawTable:
    """A table found in a list of lines: its line span, header roles and rows."""

    start: int
    end: int  # exclusive
    header: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    layout: str = ""

    @property
    def roles(self) -> list[str | None]:
        return [header_role(h) for h in self.header]


@dataclass
class _Cell:
    text: str
    line: int
    kind: str  # the line type that opened it: row (tabs/markdown), tabcell, plain


def _line_kind(raw: str) -> str:
    s = raw.strip()
    if not s:
        return "blank"
    if set(s) == {"|"}:
        return "sep"
    if s.startswith("|") and s.count("|") >= 2:
        return "md"
    if "\t" in s:
        return "tabrow"
    if raw.startswith("\t"):
        return "tabcell"
    return "plain"


def _starts_table(lines: list[str], i: int) -> bool:
    """A header line (序号 + 任务/单位) or a '1' cell followed soon by a responsibility label."""
    s = compact(lines[i])
    if "序号" in s and ("任务" in s or "单位" in s) and len(s) < 40:
        return True
    first = lines[i].strip().strip("|").split("|")[0].split("\t")[0].strip()
    if first == "1":
        window = "".join(lines[i : i + 10])
        return bool(RESP_LABEL.search(window) or re.search(r"[|\t].*(局|厅|委|办)", window))
    return s == "序号"


def find_tables(lines: list[str]) -> list[RawTable]:
    """All task tables in `lines` (raw lines: leading tabs matter)."""
    tables: list[RawTable] = []
    i = 0
    while i < len(lines):
        if _line_kind(lines[i]) != "blank" and _starts_table(lines, i):
            table = _read_table(lines, i)
            if table.rows:
                tables.append(table)
                i = max(table.end, i + 1)
                continue
        i += 1
    return tables


def _read_table(lines: list[str], start: int) -> RawTable:
    """Tokenise from `start` into cells and rebuild rows until the table's structure stops."""
    table = RawTable(start=start, end=start)
    cells: list[_Cell] = []
    open_cell = False  # a plain line continues the last cell
    after_break = True
    marked = False  # the table's cells carry a marker (tab, markdown); a bare paragraph ends it
    end = len(lines)
    for i in range(start, len(lines)):
        raw = lines[i]
        kind = _line_kind(raw)
        if kind == "blank":
            open_cell, after_break = False, True
            continue
        if kind == "sep":
            open_cell, after_break = False, True
            continue
        if kind in ("md", "tabrow"):
            if kind == "md" and _MD_ALIGN.match(raw.strip()):
                continue
            parts = raw.strip().strip("|").split("|") if kind == "md" else raw.strip().split("\t")
            if kind == "md" and len(parts) == 1:
                continue  # a band row merged across the table (一、健全信用监管机制): no task
            marked = True
            parts = [p.replace("<br>", "\n") for p in parts]
            cells.append(_Cell("", i, "break"))
            cells.extend(_Cell(p.strip(), i, "row") for p in parts)
            cells.append(_Cell("", i, "break"))
            open_cell, after_break = False, False
            continue
        if kind == "tabcell":
            marked = True
            cells.append(_Cell(raw.strip(), i, "tabcell"))
            open_cell, after_break = True, False
            continue
        # plain line
        if open_cell and not after_break and cells:
            cells[-1].text += "\n" + raw.strip()
            continue
        if marked and after_break:
            end = i
            break
        cells.append(_Cell(raw.strip(), i, "plain"))
        open_cell, after_break = True, False
    else:
        end = len(lines)
    table.end = _group(table, cells, end)
    while table.end > start and not lines[table.end - 1].strip():
        table.end -= 1
    return table


def _group(table: RawTable, cells: list[_Cell], end: int) -> int:
    """Group cells into rows; returns the exclusive end line of what was used."""
    expected = 1
    current: RawRow | None = None
    ncols = 0
    last_line = table.start
    for c in cells:
        if c.kind == "break":
            continue
        text = c.text.strip()
        if not text and c.kind == "row":
            if current is not None:
                current.cells.append("")
            continue
        if _SEQ.match(text) and int(text) == expected:
            if current is not None:
                table.rows.append(current)
                ncols = ncols or len(current.cells)
            current = RawRow(seq=expected, cells=[text], line=c.line)
            expected += 1
            last_line = c.line
            continue
        if header_role(text) and (current is None or all(header_role(x) for x in text.split("\t"))):
            if current is None:
                table.header.append(text)
            last_line = c.line
            continue
        if current is None:
            if table.header:
                continue
            return table.start if not table.rows else last_line + 1
        limit = len(table.header) or ncols
        if limit and len(current.cells) >= limit and not RESP_LABEL.search(text):
            break  # surplus cell: the table has ended
        current.cells.append(text)
        last_line = c.line + text.count("\n")
    if current is not None:
        table.rows.append(current)
    table.layout = _layout(cells)
    return min(end, last_line + 1) if table.rows else table.start


def _layout(cells: list[_Cell]) -> str:
    kinds = {c.kind for c in cells if c.kind != "break"}
    if "row" in kinds:
        return "rows"
    if "tabcell" in kinds:
        return "tab-cells"
    return "cell-stream"


@dataclass
class ParsedRow:
    """A table row with its cells assigned to roles."""

    seq: int
    task: str
    lead: str = ""
    coop: str = ""
    resp: str = ""  # a combined cell, split by its 牵头单位/配合单位 labels


def assign_roles(table: RawTable) -> list[ParsedRow]:
    """Assign each row's cells to roles, by header position when it fits, by content otherwise."""
    roles = table.roles
    out: list[ParsedRow] = []
    for row in table.rows:
        cells = row.cells
        row_roles: list[str | None]
        if roles and len(roles) == len(cells) and "task" in roles:
            row_roles = list(roles)
        else:
            row_roles = _roles_by_content(cells)
        pr = ParsedRow(seq=row.seq, task="")
        for role, text in zip(row_roles, cells, strict=False):
            if role == "task":
                pr.task = clean(text.replace("\n", ""))
            elif role in ("lead", "coop", "resp"):
                if role == "lead" and RESP_LABEL.search(text):
                    role = "resp"
                setattr(pr, role, (getattr(pr, role) + "\n" + text).strip())
        out.append(pr)
    return out


def _roles_by_content(cells: list[str]) -> list[str | None]:
    roles: list[str | None] = ["seq"]
    plain_seen = 0
    for text in cells[1:]:
        if RESP_LABEL.search(text):
            roles.append("resp")
        elif "task" not in roles:
            roles.append("task")
        else:
            roles.append("lead" if plain_seen == 0 else "coop")
            plain_seen += 1
    return roles
