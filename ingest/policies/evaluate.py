"""Scoring a parse against hand-written expected tables: precision and recall of lead/coop links.

Expected files (tests/ingest/policies/expected/*.yaml) list, per document and task sequence number,
the lead and cooperating agencies as written. A link is (task seq, role, as-written mention).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creditgraph.graph_model.normalize import compact
from creditgraph.graph_model.reference.policy import PolicyCorpus
from creditgraph.graph_model.yamlfile import read_yaml


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
    roles: dict[str, tuple[int, int, int]] = field(
        default_factory=dict
    )  # role: (true_pos, predicted, expected)
    mentions_expected: int = 0  # lead, coop and collective mentions the hand-written table lists
    mentions_kept: int = 0  # of those, how many the parse keeps on the same task (as written)

    def role_precision(self, role: str) -> float:
        tp, predicted, _ = self.roles[role]
        return tp / predicted if predicted else 1.0

    def role_recall(self, role: str) -> float:
        tp, _, expected = self.roles[role]
        return tp / expected if expected else 1.0

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
        if exp.title and compact(d.title) == compact(exp.title):
            return d.key
    return None


def _links(tasks: dict[int, dict[str, list[str]]]) -> set[tuple[int, str, str]]:
    return {
        (seq, role, compact(m))
        for seq, t in tasks.items()
        for role in ("lead", "coop")
        for m in t.get(role, [])
    }


def _kept(got: dict[int, dict[str, list[str]]], want: dict[int, dict[str, Any]]) -> tuple[int, int]:
    """(expected, kept): every mention of the hand-written table, in any role, found on its task."""
    expected = kept = 0
    for seq, w in want.items():
        wanted = Counter(compact(m) for role in ("lead", "coop", "collective") for m in w.get(role, []))
        have = Counter(
            compact(m) for role in ("lead", "coop", "collective") for m in got.get(seq, {}).get(role, [])
        )
        expected += sum(wanted.values())
        kept += sum((wanted & have).values())
    return expected, kept


def score(corpus: PolicyCorpus, expected: list[ExpectedDocument]) -> list[DocScore]:
    """Precision/recall of lead and coop links per expected document, overall and per role."""
    out: list[DocScore] = []
    for exp in expected:
        key = find_document(corpus, exp)
        got = {
            t.seq: {
                "lead": [m.as_written for m in t.lead],
                "coop": [m.as_written for m in t.coop],
                "collective": list(t.collective),
            }
            for t in (corpus.tasks_of(key) if key else [])
        }
        pred, gold = _links(got), _links(exp.tasks)
        roles = {}
        for role in ("lead", "coop"):
            p = {x for x in pred if x[1] == role}
            g = {x for x in gold if x[1] == role}
            roles[role] = (len(p & g), len(p), len(g))
        mentions, kept = _kept(got, exp.tasks)
        out.append(
            DocScore(
                exp.label,
                key,
                len(exp.tasks),
                len(got),
                len(pred & gold),
                len(pred),
                len(gold),
                roles,
                mentions,
                kept,
            )
        )
    return out
