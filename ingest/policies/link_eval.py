"""How well the linker finds the conduct a task addresses, against a hand-checked table (issue 16).

The table maps task keys to violation-type codes (tests/ingest/policies/task_violation_types.yaml). The
score counts (task, type) pairs; ``names_only`` is the linker before issue 16 (any name or synonym
anywhere in the text), kept as the baseline the benchmark compares with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from creditgraph.graph_model.reference.policy import Task
from creditgraph.graph_model.reference.registry import Registry
from creditgraph.ingest.policies.addressing import _scan, violation_types_in

Linker = Callable[[str, Registry], list[str]]


@dataclass
class LinkScore:
    """Pair counts and the pairs that differ, for one linker over one table."""

    true_pos: int = 0
    false_pos: list[tuple[str, str]] = field(default_factory=list)
    false_neg: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_pos + len(self.false_pos)
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + len(self.false_neg)
        return self.true_pos / wanted if wanted else 1.0


def names_only(text: str, registry: Registry) -> list[str]:
    """The baseline: every taxonomy name or synonym anywhere in the text links its type."""
    return _scan(text, [(form, code) for form, code, _ in registry.violation_forms()])


def score_links(
    tasks: Iterable[Task],
    table: Mapping[str, list[str]],
    registry: Registry,
    linker: Linker = violation_types_in,
) -> LinkScore:
    """Score `linker` on every task the table lists; a task of the table missing from `tasks` is an error."""
    by_key = {t.key: t for t in tasks}
    missing = sorted(set(table) - set(by_key))
    if missing:
        raise KeyError(f"tasks of the table not in the corpus: {', '.join(missing)}")
    s = LinkScore()
    for key, want in table.items():
        got, wanted = set(linker(by_key[key].text, registry)), set(want)
        s.true_pos += len(got & wanted)
        s.false_pos += [(key, c) for c in sorted(got - wanted)]
        s.false_neg += [(key, c) for c in sorted(wanted - got)]
    return s
