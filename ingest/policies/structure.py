"""Document structure: headings, the notice header (issuer, date, number), annexed documents,
citations and numbered measures.

A file may hold a notice (通知) that prints one or several documents (实施意见 / 实施办法), a
bare document, or only a table. Headings are found by shape (short lines, no sentence
punctuation, ending in 意见/办法/通知 …), never by file name.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date

from creditgraph.graph_model.normalize import compact
from creditgraph.ingest.policies.text import clean, join_lines, strip_markup

NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_TITLE = re.compile(
    r"^.{4,90}(实施意见|实施办法|指导意见|意见|办法|方案|规定|细则|通知|决定|规划|要点|计划|纲要|清单|任务分工)$"
)
_TITLE_BAD = re.compile(
    r"[。；;：:，,！？、]$|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十\d]+[)）]"
)
_CITE = re.compile(r"(?:《(?P<title>[^《》]{4,120})》\s*)?[(（]?(?P<number>" + NUMBER.pattern + r")")
_BARE_TITLE_CITE = re.compile(
    r"(?P<title>[^《》，。、（()\n]{6,120}?的通知)\s*[(（](?P<number>" + NUMBER.pattern + r")"
)
_DRAFT = re.compile(r"征求意见稿|[(（]\s*(送审稿|草案|讨论稿)\s*[)）]")  # a draft for comments (issue 16)
_MASTHEAD = re.compile(r"^(?P<issuer>.{4,40}?)文件$")

CN_NUM = "一二三四五六七八九十"
_L1 = re.compile(r"^(?P<n>[一二三四五六七八九十]+)、\s*(?P<rest>.*)$")
_L2 = re.compile(r"^[（(](?P<n>[一二三四五六七八九十]+)[)）]\s*(?P<rest>.*)$")
_L3 = re.compile(r"^(?:(?P<a>\d{1,2})[.．、](?!\d)|[（(](?P<b>\d{1,2})[)）])\s*(?P<rest>.*)$")


@dataclass
class Heading:
    """A title block: the lines it spans and its text with wrapped lines joined."""

    start: int
    end: int  # exclusive
    title: str

    @property
    def is_notice(self) -> bool:
        return bool(re.search(r"(印发|转发|的通知$)", self.title))


@dataclass
class RawMeasure:
    """A numbered item of running text, before it gets a document key."""

    seq: str
    level: int
    title: str
    text: str
    line: int


@dataclass
class RawDocument:
    """One document cut out of a file, with its own line span."""

    title: str
    start: int
    end: int
    number: str | None = None
    issuer: str | None = None
    issued_at: date | None = None
    draft: bool = False
    notice_title: str | None = None
    part_index: int = 0  # 0 = the notice itself or a file's only document
    cites: list[tuple[str, str | None]] = field(default_factory=list)


def find_headings(lines: list[str]) -> list[Heading]:
    """Title blocks: 1-4 consecutive short lines after a blank line, joined they end like a title."""
    out: list[Heading] = []
    i = 0
    n = len(lines)
    while i < n:
        if lines[i].strip() and (i == 0 or not lines[i - 1].strip()) and not lines[i].startswith("\t"):
            block: list[str] = []
            j = i
            while j < n and lines[j].strip() and len(block) < 4:
                block.append(strip_markup(lines[j]))
                j += 1
            for k in range(len(block), 0, -1):
                title = "".join(compact(b) for b in block[:k])
                short = all(len(compact(b)) <= 60 for b in block[:k])
                rest_blank = i + k >= n or not lines[i + k].strip() or _DRAFT.fullmatch(compact(lines[i + k]))
                sentence = "。" in title or "，" in title or ":" in title
                if (
                    short
                    and rest_blank
                    and _TITLE.match(title)
                    and not _TITLE_BAD.search(title)
                    and not sentence
                ):
                    out.append(Heading(i, i + k, join_lines(block[:k])))
                    i = i + k
                    break
            else:
                i += 1
            continue
        i += 1
    return out


def _header_facts(lines: list[str]) -> dict[str, object]:
    """Issuer, date and document number from a notice header (the lines before the first document)."""
    facts: dict[str, object] = {}
    previous = ""
    for raw in lines:
        s = strip_markup(raw)
        ns = compact(s)
        if not ns:
            continue
        if "number" not in facts and NUMBER.fullmatch(ns):
            facts["number"] = ns
        m = _MASTHEAD.match(ns)
        if m and "masthead" not in facts:
            facts["masthead"] = m["issuer"]
        d = _DATE_LINE.match(ns)
        if d and "date" not in facts:
            with contextlib.suppress(ValueError):
                facts["date"] = date(int(d[1]), int(d[2]), int(d[3]))
            if previous and len(previous) <= 40 and not re.search(r"[。，：:]", previous):
                facts["issuer"] = previous
        previous = ns
    if "issuer" not in facts and "masthead" in facts:
        facts["issuer"] = facts["masthead"]
    return facts


def split_documents(lines: list[str], skip: set[int]) -> list[RawDocument]:
    """Cut a file into documents: a notice and the documents it prints, or one bare document.

    `skip` holds table line numbers (a table is never a heading). A file with no heading at
    all (a table on its own) yields no document.
    """
    headings = [h for h in find_headings(lines) if h.start not in skip]
    if not headings:
        return []
    notices = [h for h in headings if h.is_notice]
    bodies = [h for h in headings if not h.is_notice and h.start > (notices[0].start if notices else -1)]
    first_body = bodies[0].start if bodies else len(lines)
    facts = _header_facts(lines[:first_body]) if bodies else _header_facts(lines)
    header_text = "\n".join(lines[:first_body])
    draft = bool(_DRAFT.search(compact(header_text)) or any(_DRAFT.search(compact(x)) for x in lines[:200]))
    notice = notices[0] if notices else None
    common = {
        "number": facts.get("number"),
        "issuer": facts.get("issuer"),
        "issued_at": facts.get("date"),
        "draft": draft,
        "notice_title": notice.title if notice else None,
    }
    docs: list[RawDocument] = []
    if len(bodies) >= 2:
        title = notice.title if notice else _notice_title(facts.get("issuer"), [h.title for h in bodies])
        docs.append(RawDocument(title=title, start=0, end=first_body, **common))  # type: ignore[arg-type]
        for k, h in enumerate(bodies, start=1):
            end = bodies[k].start if k < len(bodies) else len(lines)
            docs.append(RawDocument(title=h.title, start=h.end, end=end, part_index=k, **common))  # type: ignore[arg-type]
    elif bodies:
        docs.append(RawDocument(title=bodies[0].title, start=0, end=len(lines), **common))  # type: ignore[arg-type]
    else:
        docs.append(RawDocument(title=headings[0].title, start=0, end=len(lines), **common))  # type: ignore[arg-type]
    for d in docs:
        span = lines[:first_body] if (d.part_index == 0 and len(bodies) >= 2) else lines[d.start : d.end]
        d.cites = find_citations("\n".join(span), own=d.number)
    return docs


def _notice_title(issuer: object, titles: list[str]) -> str:
    """A notice printed without its own title is named from what it prints (derived, not quoted)."""
    quoted = "".join(f"《{t}》" for t in titles)
    return f"{issuer or ''}关于印发{quoted}的通知"


def find_citations(text: str, own: str | None = None) -> list[tuple[str, str | None]]:
    """(number, title or None) for each document number cited in `text`, in order, without `own`."""
    flat = "\n".join(compact(line) for line in text.splitlines())  # a number never spans lines
    out: dict[str, str | None] = {}
    for m in _CITE.finditer(flat):
        number = m["number"]
        if number == own:
            continue
        title = m["title"]
        if not title:
            bare = list(_BARE_TITLE_CITE.finditer(flat[max(0, m.start() - 130) : m.end()]))
            b = bare[-1] if bare else None
            if b and b["number"] == number:
                title = b["title"]
        if title:
            title = re.sub(r"^(和|及|、)", "", title.replace("\n", "")) or title
        if out.get(number) is None:
            out[number] = title
    return list(out.items())


def find_measures(lines: list[str], start: int, end: int, skip: set[int]) -> list[RawMeasure]:
    """Numbered items (一、 / （一） / 1. or (1)) of running text between start and end."""
    items: list[tuple[int, int, str, str, list[str]]] = []  # line, level, seq, first line, more
    chapter, sub = "", ""
    for i in range(start, end):
        if i in skip:
            continue
        s = strip_markup(lines[i])
        if not s:
            continue
        m1, m2, m3 = _L1.match(s), _L2.match(s), _L3.match(s)
        if m1 and len(m1["n"]) <= 3:
            chapter, sub = m1["n"], ""
            items.append((i, 1, chapter, m1["rest"], []))
        elif m2:
            sub = f"（{m2['n']}）"
            items.append((i, 2, chapter + sub, m2["rest"], []))
        elif m3 and items:
            n3 = m3["a"] or f"({m3['b']})"
            items.append((i, 3, chapter + sub + n3, m3["rest"], []))
        elif items:
            items[-1][4].append(s)
    out: list[RawMeasure] = []
    for line, level, seq, first, more in items:
        # A heading line without punctuation ("（一）指导思想") stays apart from its body.
        heading_only = len(first.strip()) <= 20 and not re.search(r"[。；;：:，,]", first)
        sep = "\n" if more and heading_only else ""
        text = (clean(first) + sep + join_lines(more)).strip() if sep else join_lines([first, *more])
        title = _short_title(first)
        if not text or re.search(r"分工表$", compact(first)):
            continue
        out.append(RawMeasure(seq=seq, level=level, title=title, text=text, line=line))
    return out


def _short_title(first: str) -> str:
    """The heading sentence of a measure or task: up to the first 。, cut at a comma when long."""
    s = clean(first).replace("**", "")
    head = re.split(r"[。；;]", s, maxsplit=1)[0]
    if len(head) > 24:
        head = re.split(r"[，,]", head, maxsplit=1)[0]
    return head[:40]


short_title = _short_title
