"""jieba resources generated from the taxonomy and the registry (never edited by hand).

The user dictionary keeps 恶意刷单, 人民银行常州市中心支行 or 常州市 as single tokens when
record names and descriptions are tokenised. The form tokens are each taxonomy form's content
tokens under that dictionary: with them, a violation text that no form could match is mapped
to 其他 without loading jieba (Registry.map_violation_type).
"""

from __future__ import annotations

import json
from pathlib import Path

from creditgraph.graph_model.normalize import compact, new_tokenizer
from creditgraph.graph_model.reference.registry import (
    FORM_TOKENS,
    RESOURCES,
    Registry,
    _content_tokens,
    load_registry,
)

USERDICT = RESOURCES / "jieba_userdict.txt"
FORM_TOKENS_FILE = RESOURCES / FORM_TOKENS


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


def form_token_table(registry: Registry | None = None) -> dict[str, list[str]]:
    """{form: sorted content tokens} for every taxonomy name and synonym, tokenised with a
    tokenizer that reads the user dictionary as it is on disk now (write that first)."""

    reg = registry or load_registry()
    tok = new_tokenizer()
    return {form: sorted(_content_tokens(compact(form), tok)) for form, _, _ in sorted(reg.violation_forms())}


def write_form_tokens(path: Path | str = FORM_TOKENS_FILE, registry: Registry | None = None) -> Path:
    """Write the form tokens (UTF-8 JSON) that the registry reads beside the taxonomy."""
    p = Path(path)
    lines = [
        f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(t, ensure_ascii=False)}"
        for f, t in form_token_table(registry).items()
    ]
    p.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")  # a form a line
    return p
