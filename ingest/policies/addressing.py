"""What a task or measure addresses: violation types and subject types, by keywords from the data.

Matching is longest-first and non-overlapping, so 刷单炒信 counts for 恶意刷单 and not again
for 信用炒作 (炒信), and 恶意刷单 does not also count as 刷单. A violation type is linked only
where the text acts on the conduct (issue 16): clause by clause, a clause that only guards
against it (防范网络欺诈) links nothing, phrases that merely contain a type's word link nothing,
and the rules for both live in ingest/resources/linker.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from creditgraph.graph_model.normalize import compact
from creditgraph.graph_model.reference.registry import Registry
from creditgraph.graph_model.yamlfile import read_yaml

from ..resources import INGEST_RESOURCES

_CLAUSE = re.compile(r"[，,。；;：:！!？?\n]")


def _scan(text: str, forms: list[tuple[str, str | None]]) -> list[str]:
    """Codes whose forms occur in `text`, longest forms claiming characters first; in text order.

    A form with no code claims its characters and links nothing (a phrase that is not the conduct).
    """
    n = compact(text)
    taken = [False] * len(n)
    hits: list[tuple[int, str]] = []
    for form, code in sorted(forms, key=lambda f: -len(f[0])):
        f = compact(form)
        if not f:
            continue
        start = n.find(f)
        while start >= 0:
            if not any(taken[start : start + len(f)]):
                for k in range(start, start + len(f)):
                    taken[k] = True
                if code is not None:
                    hits.append((start, code))
            start = n.find(f, start + 1)
    seen: dict[str, None] = {}
    for _, code in sorted(hits):
        seen.setdefault(code, None)
    return list(seen)


@cache
def linker_rules() -> dict[str, Any]:
    """The linker's data: guard and enforcement verbs, addressing forms, implications, non-conduct phrases."""

    return read_yaml(INGEST_RESOURCES / "linker.yaml")


def _only_guards(clause: str, rules: dict[str, Any]) -> bool:
    """A clause that guards against a conduct (防范 …) without an enforcement verb does not act on it."""
    return any(v in clause for v in rules["guard_verbs"]) and not any(
        v in clause for v in rules["enforcement_verbs"]
    )


def violation_types_in(text: str, registry: Registry) -> list[str]:
    """Taxonomy codes whose conduct a text acts on (by name, synonym or addressing form), 其他 never."""
    rules = linker_rules()
    forms: list[tuple[str, str | None]] = [(form, code) for form, code, _ in registry.violation_forms()]
    forms += [(form, code) for code, fs in rules["addressing_forms"].items() for form in fs]
    forms += [(phrase, None) for phrase in rules["not_conduct"]]
    seen: dict[str, None] = {}
    for clause in _CLAUSE.split(compact(text)):
        if not clause or _only_guards(clause, rules):
            continue
        for code in _scan(clause, forms):
            seen.setdefault(code, None)
            for implied in rules["implies"].get(code, []):
                seen.setdefault(implied, None)
    return list(seen)


def subject_types_in(text: str, registry: Registry) -> list[str]:
    """Subject-type codes (platform, merchant, courier …) a text names."""
    forms: list[tuple[str, str | None]] = [
        (kw, code) for code, kws in registry.subject_types.items() for kw in kws
    ]
    return _scan(text, forms)
