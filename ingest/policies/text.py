"""Small text helpers of the document parsers: whitespace debris of converted PDFs, markup, similarity.

The comparison form itself is ``graph_model.normalize.compact`` (one normaliser for every layer)."""

from __future__ import annotations

import re

_SPACE = re.compile(r"[\s\u3000\xa0]+")
_CJK = r"\u3400-\u9fff"


def clean(s: str) -> str:
    """Trim and collapse whitespace, dropping spaces between CJK characters (PDF line-break debris)."""
    s = _SPACE.sub(" ", s).strip()
    return re.sub(rf"(?<=[{_CJK}，。、；：）\)”]) (?=[{_CJK}（\(“])", "", s)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph; Chinese text needs no separator."""
    return clean("".join(x.strip() for x in lines))


def strip_markup(line: str) -> str:
    """Remove markdown heading marks and bold markers that converted documents carry."""
    s = line.strip()
    s = re.sub(r"^#+\s*", "", s)
    return s.replace("**", "").replace("__", "").strip()


def bigrams(s: str) -> set[str]:
    """Character bigrams of the CJK/alnum content: a cheap, robust similarity basis for Chinese."""
    t = re.sub(rf"[^{_CJK}0-9A-Za-z]", "", s)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def similarity(a: str, b: str) -> float:
    """Share of `a`'s bigrams found in `b` (containment): a task text is a condensed measure text."""
    ba = bigrams(a)
    if not ba:
        return 0.0
    return len(ba & bigrams(b)) / len(ba)
