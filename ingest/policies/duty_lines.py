"""Tasks written as numbered measures that each name their responsible units in running text.

Plans and 工作要点 often have no task table: each numbered measure ends with a line
`责任单位：A、B、C` (or `（责任单位：…）` at the end of its paragraph, or `牵头单位：…；配合单位：…`).
Which unit of a bare 责任单位 list leads is the document's own convention, stated once
(`列在首位的为牵头单位`, `排在第一位的为牵头单位`); without one, every unit listed is responsible
(lead). A document may also say once that some body acts on every task
(`以下任务均需各市、区人民政府落实，不再列出`): that mention is collective on every task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from creditgraph.graph_model.normalize import compact
from creditgraph.ingest.policies.responsibility import Responsibility, parse_cell

_LABEL = r"(?:责任|牵头|负责|主办|主责)(?:单位|部门)"
_DUTY = re.compile(r"[（(]?\s*" + _LABEL + r"\s*[:：]")
_FIRST_LEADS = re.compile(
    r"(?:列在|排在|列于|排于|位列)?(?:首位|第一位|第一个|最前)的?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
)
_EVERY_TASK = re.compile(
    r"(?:以下|下列|上述|本方案|各项|所有)[^。；;，,]{0,6}?任务(?:均|都|皆)?(?:需|须|由|要|需要|应)"
    r"(?P<who>[^。；;，,]+?)(?:负责)?(?:落实|组织实施|实施|推进|参与)"
)


@dataclass
class DutyTask:
    """A measure whose text names its responsible units: the task text and who, as written."""

    text: str
    resp: Responsibility


def first_unit_leads(text: str) -> bool:
    """Whether the document states that the first unit listed leads."""
    return bool(_FIRST_LEADS.search(compact(text)))


def every_task_collective(text: str) -> list[str]:
    """The bodies a document says act on every task, as written (one collective mention each)."""
    out: list[str] = []
    for m in _EVERY_TASK.finditer(text):
        who = m["who"].strip()
        if who and who not in out:
            out.append(who)
    return out


def duty_of(measure_text: str, first_leads: bool) -> DutyTask | None:
    """Split a measure into its task text and its responsibility, or None when it has no
    responsibility label (the responsibility may be empty: `责任单位：` and nothing after it)."""
    m = _DUTY.search(measure_text)
    if m is None:
        return None
    body = measure_text[: m.start()].strip()
    duty = measure_text[m.start() :].strip()
    if duty[0] in "（(":
        duty = duty[1:]
        duty = re.sub(r"[)）]\s*[。.；;]?\s*$", "", duty)
    duty = duty.rstrip("。.；; ")
    return DutyTask(text=body, resp=parse_cell(resp=duty, first_leads=first_leads))
