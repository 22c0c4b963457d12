"""Scoring a parse against hand-written expected tables: precision and recall of lead/coop links.

Expected files (tests/policies/expected/*.yaml) list, per document and task sequence number,
the lead and cooperating agencies as written. A link is (task seq, role, as-written mention).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.yamlfile import read_yaml
from ingest.policies.models import PolicyCorpus
from ingest.policies.text import norm


@dataclass
class ExpectedDocument:
    """Expected tasks of one document, located by number or by title."""

    label: str
    number: str | None
    title: str | None
    tasks: dict[int, dict[str, Any]]


@dataclass
class DocScore:
    """Link counts and rates for one document."""

    label: str
    document: str | None
    tasks_expected: int
    tasks_found: int
    true_pos: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_pos / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.expected if self.expected else 1.0


def load_expected(folder: Path | str) -> list[ExpectedDocument]:
    """Every expected document described by the YAML files in `folder`."""
    out: list[ExpectedDocument] = []
    for p in sorted(Path(folder).glob("*.yaml")):
        data = read_yaml(p)
        docs = data.get("documents") or [
            {"title": data.get("document_title"), "number": data.get("document"), "tasks": data["tasks"]}
        ]
        for i, d in enumerate(docs, start=1):
            label = f"{p.stem}" + (f" #{i}" if len(docs) > 1 else "")
            tasks = {int(k): v for k, v in d["tasks"].items()}
            out.append(ExpectedDocument(label, d.get("number"), d.get("title"), tasks))
    return out


def find_document(corpus: PolicyCorpus, exp: ExpectedDocument) -> str | None:
    """The corpus key of the expected document (by number for whole documents, else by title)."""
    for d in corpus.documents:
        if exp.number and d.number == exp.number and not d.part_of and corpus.tasks_of(d.key):
            return d.key
        if exp.title and norm(d.title) == norm(exp.title):
            return d.key
    return None


def _links(tasks: dict[int, dict[str, list[str]]]) -> set[tuple[int, str, str]]:
    return {
        (seq, role, norm(m)) for seq, t in tasks.items() for role in ("lead", "coop") for m in t.get(role, [])
    }


def score(corpus: PolicyCorpus, expected: list[ExpectedDocument]) -> list[DocScore]:
    """Precision/recall of lead and coop links per expected document."""
    out: list[DocScore] = []
    for exp in expected:
        key = find_document(corpus, exp)
        got = {
            t.seq: {"lead": [m.as_written for m in t.lead], "coop": [m.as_written for m in t.coop]}
            for t in (corpus.tasks_of(key) if key else [])
        }
        pred, gold = _links(got), _links(exp.tasks)
        out.append(DocScore(exp.label, key, len(exp.tasks), len(got), len(pred & gold), len(pred), len(gold)))
    return out
