"""The jieba user dictionary, generated from the taxonomy and the registry (never edited by hand).

Loading it keeps 恶意刷单, 人民银行常州市中心支行 or 常州市 as single tokens when record names
and descriptions are tokenised.
"""

from __future__ import annotations

from pathlib import Path

from ingest.policies.registry import RESOURCES, Registry, load_registry

USERDICT = RESOURCES / "jieba_userdict.txt"


def userdict_lines(registry: Registry | None = None) -> list[str]:
    """'word freq tag' lines: violation names and synonyms (vt), agencies (nt), places (ns), subjects (n)."""
    reg = registry or load_registry()
    words: dict[str, str] = {}
    for v in reg.violation_types.values():
        for w in (v.name, *v.synonyms):
            words.setdefault(w, "vt")
    for a in reg.agencies.values():
        for w in (a.name, *a.aliases):
            words.setdefault(w, "nt")
    for j in reg.jurisdictions.values():
        for w in (j.name, *j.names):
            words.setdefault(w, "ns")
    for kws in reg.subject_types.values():
        for w in kws:
            words.setdefault(w, "n")
    return [f"{w} 1000 {tag}" for w, tag in sorted(words.items()) if " " not in w and len(w) >= 2]


def write_userdict(path: Path | str = USERDICT, registry: Registry | None = None) -> Path:
    """Write the user dictionary (UTF-8, one entry a line) for jieba.load_userdict."""
    p = Path(path)
    p.write_text("\n".join(userdict_lines(registry)) + "\n", encoding="utf-8")
    return p
