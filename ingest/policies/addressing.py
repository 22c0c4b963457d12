"""What a task or measure addresses: violation types and subject types, by keywords from the data.

Matching is longest-first and non-overlapping, so 刷单炒信 counts for 恶意刷单 and not again
for 信用炒作 (炒信), and 恶意刷单 does not also count as 刷单.
"""

from __future__ import annotations

from ingest.policies.registry import Registry
from ingest.policies.text import norm


def _scan(text: str, forms: list[tuple[str, str]]) -> list[str]:
    """Codes whose forms occur in `text`, longest forms claiming characters first; in text order."""
    n = norm(text)
    taken = [False] * len(n)
    hits: list[tuple[int, str]] = []
    for form, code in sorted(forms, key=lambda f: -len(f[0])):
        f = norm(form)
        if not f:
            continue
        start = n.find(f)
        while start >= 0:
            if not any(taken[start : start + len(f)]):
                for k in range(start, start + len(f)):
                    taken[k] = True
                hits.append((start, code))
            start = n.find(f, start + 1)
    seen: dict[str, None] = {}
    for _, code in sorted(hits):
        seen.setdefault(code, None)
    return list(seen)


def violation_types_in(text: str, registry: Registry) -> list[str]:
    """Taxonomy codes a text names (by name or synonym), 其他 never."""
    return _scan(text, [(form, code) for form, code, _ in registry.violation_forms()])


def subject_types_in(text: str, registry: Registry) -> list[str]:
    """Subject-type codes (platform, merchant, courier …) a text names."""
    forms = [(kw, code) for code, kws in registry.subject_types.items() for kw in kws]
    return _scan(text, forms)
