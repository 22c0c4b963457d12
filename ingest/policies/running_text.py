"""Responsible bodies named in running text, for documents that have no task table.

Only sentences with an explicit responsibility verb count: 'A、B会同C…' (A, B lead; C
cooperates), 'A联合C…', 'A牵头…', 'A负责…'. A sentence becomes a task only when at least one
lead resolves to a specific agency; collective subjects (各行业主管部门负责…) are not tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from creditgraph.ingest.policies.responsibility import split_list
from creditgraph.ingest.policies.text import clean

_SENTENCE = re.compile(r"[^。；;]+[。；;]?")
_JOINT = re.compile(
    r"^(?P<subj>[^，,]+?)(?P<verb>会同|联合)(?P<obj>[^，,]+?)(?=，|,|依托|共同|合力|负责|统筹|制定|开展|推进|建立|$)"
)
_SOLE = re.compile(r"^(?P<subj>[^，,]+?)(?P<verb>牵头|负责)")


@dataclass
class TextResponsibility:
    """A sentence and the mentions it names, as written."""

    sentence: str
    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)
    collective_groups: list[str] = field(default_factory=list)


def _subject(clause: str) -> str:
    s = clause.strip()
    if "由" in s:
        s = s.rsplit("由", 1)[1]
    return s


def _objects(obj: str) -> tuple[list[str], list[str]]:
    """Cooperating items; a 和-segment opening with 各 is one collective mention (各县区编办、信用办)."""
    items: list[str] = []
    groups: list[str] = []
    for seg in re.split(r"和|及|以及", obj):
        seg = seg.strip()
        if not seg:
            continue
        if re.match(r"^[省市县区]?各", seg) and "、" in seg:
            groups.append(seg)
        else:
            items.extend(split_list(seg))
    return items, groups


def responsibilities_in(text: str) -> list[TextResponsibility]:
    """Candidate responsibility sentences of one measure text (unfiltered: the caller resolves)."""
    out: list[TextResponsibility] = []
    for raw in _SENTENCE.findall(text):
        sentence = clean(raw)
        for clause_start in [0, *[m.end() for m in re.finditer(r"[，,]", sentence)]]:
            clause = sentence[clause_start:]
            m = _JOINT.match(clause)
            if m:
                coop, groups = _objects(m["obj"])
                out.append(TextResponsibility(sentence, split_list(_subject(m["subj"])), coop, groups))
                break
            m = _SOLE.match(clause)
            if m and len(_subject(m["subj"])) <= 30:
                out.append(TextResponsibility(sentence, split_list(_subject(m["subj"]))))
                break
    return out
