"""Precision and recall of the task → violation-type linker against the hand-checked table
(tests/ingest/policies/task_violation_types.yaml), with the names-only linker of before issue 16 as the
baseline in the same run.

Run: .venv/bin/python -m benchmarks.linker [POLICY_FOLDER]  (or through benchmarks/run.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

from creditgraph.graph_model.reference.registry import load_registry
from creditgraph.graph_model.yamlfile import read_yaml
from creditgraph.ingest.policies import parse_folder
from creditgraph.ingest.policies.addressing import violation_types_in
from creditgraph.ingest.policies.link_eval import names_only, score_links

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "ingest" / "policies" / "task_violation_types.yaml"
FOLDER = next(
    (p for p in (ROOT.parent / "shared" / "policies", Path("/work/shared/policies")) if p.is_dir()),
    ROOT.parent / "shared" / "policies",
)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else FOLDER
    corpus, registry = parse_folder(folder), load_registry()
    table = read_yaml(TABLE)["tasks"]
    base = score_links(corpus.tasks, table, registry, names_only)
    print(
        f"task -> violation type links, {len(table)} tasks of {folder}, {base.true_pos + len(base.false_neg)} pairs in the table"
    )
    print(
        f"{'linker':<34} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'P/base':>7} {'R/base':>7}"
    )
    for name, linker in (
        ("names only (baseline, before #16)", names_only),
        ("clauses + linker.yaml (now)", violation_types_in),
    ):
        s = score_links(corpus.tasks, table, registry, linker)
        print(
            f"{name:<34} {s.true_pos:>4} {len(s.false_pos):>4} {len(s.false_neg):>4} {s.precision:>9.3f} "
            f"{s.recall:>7.3f} {s.precision / base.precision:>7.2f} {s.recall / base.recall:>7.2f}"
        )
        for key, code in s.false_pos:
            print(f"    false link   {key} -> {code}")
        for key, code in s.false_neg:
            print(f"    missed link  {key} -> {code}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
