"""Who is responsible: splitting a responsibility cell or sentence into lead, cooperating and
collective mentions, as written.

Lists are split on 、 ， ； , and line breaks; 牵头单位：/配合单位： labels (any colon) say which
list is which; so do verbs in one cell (`X牵头，Y、Z配合`, `X负责，Y参与`), and a document's own
convention (`列在首位的为牵头单位`: the first unit of a 责任单位 list leads, the rest cooperate).
An 'X等有关部门' item keeps X as an agency and '等有关部门' as a collective mention; a collective
mention with punctuation inside (各县（市）、区人民政府) stays one mention. Resolution to canonical
agencies happens later (ingest.policies.resolution).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from creditgraph.graph_model.normalize import compact
from creditgraph.ingest.policies.text import clean

_LABEL = re.compile(r"(?P<label>牵头|主办|主责|责任|负责|配合|协办|参与|协同)(单位|部门)\s*[:：]")
_LEAD_LABELS = {"牵头", "主办", "主责", "责任", "负责"}
_SPLIT = re.compile(r"[、，,；;\n]+")
_ETC = re.compile(r"^(?P<head>.+?)(?P<etc>等(?:[省市县区]?各?(?:有关|相关)?(?:部门|单位)))$")
# A group of bodies that may hold list punctuation: 各县（市）、区人民政府, 各市、区人民政府.
_GROUP = re.compile(r"各[^，,；;。\n]{0,14}?(?:人民政府|政府|管委会|部门|单位)")
_LEAD_VERBS = ("牵头", "负责", "主办", "主责")
_COOP_VERBS = ("配合", "参与", "协办", "协助", "协同")
_VERB_CLAUSE = re.compile(r"^(?P<units>.+?)(?P<verb>" + "|".join(_LEAD_VERBS + _COOP_VERBS) + r")$")
_CLAUSE = re.compile(r"[，,；;。\n]+")


@dataclass
class Responsibility:
    """Mentions as written, before resolution: lead and cooperating lists, in order."""

    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)


def _protect_groups(text: str) -> tuple[str, list[str]]:
    """Replace each collective group holding a 、 by a placeholder, so splitting keeps it whole."""
    groups: list[str] = []

    def keep(m: re.Match[str]) -> str:
        if "、" not in m.group(0):
            return m.group(0)
        groups.append(m.group(0))
        return f"\x00{len(groups) - 1}\x00"

    return _GROUP.sub(keep, text), groups


def split_list(text: str) -> list[str]:
    """Split an agency list into items, peeling '等有关部门'-style suffixes off as their own item."""
    out: list[str] = []
    protected, groups = _protect_groups(text)
    for part in _SPLIT.split(protected):
        part = re.sub("\x00(\\d+)\x00", lambda m: groups[int(m.group(1))], part)
        item = clean(part).strip("。.：: ")
        if not item:
            continue
        m = _ETC.match(compact(item))
        if m and len(m["head"]) >= 2:
            head_len = len(item) - len(m["etc"])
            out.extend([item[:head_len].strip(), item[head_len:].strip()])
        else:
            out.append(item)
    return out


def _by_verbs(text: str) -> Responsibility | None:
    """`X牵头，Y、Z配合` / `X负责，Y参与`: the verb closing each clause says the role (None: no verb)."""
    protected, groups = _protect_groups(text)
    clauses = [c for c in _CLAUSE.split(protected) if c.strip()]
    matches = [_VERB_CLAUSE.match(compact(c)) for c in clauses]
    if not any(matches):
        return None
    r = Responsibility()
    for clause, m in zip(clauses, matches, strict=True):
        units = clause if m is None else clause[: len(clause) - len(m["verb"])]
        units = re.sub("\x00(\\d+)\x00", lambda g: groups[int(g.group(1))], units)
        target = r.coop if m is not None and m["verb"] in _COOP_VERBS else r.lead
        target.extend(split_list(units))
    return r


def parse_cell(resp: str = "", lead: str = "", coop: str = "", first_leads: bool = False) -> Responsibility:
    """Lead/coop lists from a combined labelled cell and/or separate lead and coop cells.

    `first_leads`: the document's convention that the first unit of an unlabelled (or 责任单位)
    list leads and the others cooperate.
    """
    r = Responsibility()
    for text, default in ((resp, "lead"), (lead, "lead"), (coop, "coop")):
        if not text.strip():
            continue
        marks = list(_LABEL.finditer(text))
        if not marks:
            verbs = _by_verbs(text) if default == "lead" else None
            if verbs is not None:
                r.lead.extend(verbs.lead)
                r.coop.extend(verbs.coop)
            elif first_leads and default == "lead":
                _first_leads(split_list(text), r)
            else:
                getattr(r, default).extend(split_list(text))
            continue
        if first_leads and len(marks) == 1 and marks[0]["label"] in ("责任", "负责"):
            _first_leads(split_list(text[marks[0].end() :]), r)
            continue
        if marks[0].start() > 0 and text[: marks[0].start()].strip():
            getattr(r, default).extend(split_list(text[: marks[0].start()]))
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
            target = r.lead if m["label"] in _LEAD_LABELS else r.coop
            target.extend(split_list(text[m.end() : end]))
    return r


def _first_leads(items: list[str], r: Responsibility) -> None:
    """列在首位的为牵头单位: the first unit that is not a group leads; the others cooperate."""
    lead_at = next((i for i, x in enumerate(items) if not x.startswith(("各", "等"))), None)
    for i, item in enumerate(items):
        (r.lead if i == lead_at else r.coop).append(item)
