"""Who is responsible: splitting a responsibility cell or sentence into lead, cooperating and
collective mentions, as written.

Lists are split on 、 ， ； , and line breaks; 牵头单位：/配合单位： labels (any colon) say which
list is which; an 'X等有关部门' item keeps X as an agency and '等有关部门' as a collective
mention. Resolution to canonical agencies happens later, against the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.policies.text import clean, norm

_LABEL = re.compile(r"(?P<label>牵头|主办|主责|责任|负责|配合|协办|参与|协同)(单位|部门)\s*[:：]")
_LEAD_LABELS = {"牵头", "主办", "主责", "责任", "负责"}
_SPLIT = re.compile(r"[、，,；;\n]+")
_ETC = re.compile(r"^(?P<head>.+?)(?P<etc>等(?:[省市县区]?各?(?:有关|相关)?(?:部门|单位)))$")


@dataclass
class Responsibility:
    """Mentions as written, before resolution: lead and cooperating lists, in order."""

    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)


def split_list(text: str) -> list[str]:
    """Split an agency list into items, peeling '等有关部门'-style suffixes off as their own item."""
    out: list[str] = []
    for part in _SPLIT.split(text):
        item = clean(part).strip("。.：: ")
        if not item:
            continue
        m = _ETC.match(norm(item))
        if m and len(m["head"]) >= 2:
            head_len = len(item) - len(m["etc"])
            out.extend([item[:head_len].strip(), item[head_len:].strip()])
        else:
            out.append(item)
    return out


def parse_cell(resp: str = "", lead: str = "", coop: str = "") -> Responsibility:
    """Lead/coop lists from a combined labelled cell and/or separate lead and coop cells."""
    r = Responsibility()
    for text, default in ((resp, "lead"), (lead, "lead"), (coop, "coop")):
        if not text.strip():
            continue
        marks = list(_LABEL.finditer(text))
        if not marks:
            getattr(r, default).extend(split_list(text))
            continue
        if marks[0].start() > 0 and text[: marks[0].start()].strip():
            getattr(r, default).extend(split_list(text[: marks[0].start()]))
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
            target = r.lead if m["label"] in _LEAD_LABELS else r.coop
            target.extend(split_list(text[m.end() : end]))
    return r
