"""Precision and recall of lead/coop links per policy document, against the hand-written tables.

Run: .venv/bin/python benchmarks/policies.py [POLICY_FOLDER]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ingest.policies import parse_folder
from ingest.policies.evaluate import load_expected, score

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "policies" / "expected"
FOLDER = ROOT.parent / "shared" / "policies"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else FOLDER
    t0 = time.perf_counter()
    corpus = parse_folder(folder)
    elapsed = time.perf_counter() - t0
    rows = score(corpus, load_expected(EXPECTED))
    print(f"{'document':<16} {'key':<26} {'tasks':>9} {'links':>11} {'precision':>9} {'recall':>7}")
    tp = pr = ex = 0
    for r in rows:
        print(
            f"{r.label:<16} {r.document or '-':<26} {r.tasks_found:>4}/{r.tasks_expected:<4} "
            f"{r.true_pos:>5}/{r.expected:<5} {r.precision:>9.3f} {r.recall:>7.3f}"
        )
        tp, pr, ex = tp + r.true_pos, pr + r.predicted, ex + r.expected
    print(
        f"{'all':<16} {'':<26} {'':>9} {tp:>5}/{ex:<5} {tp / pr if pr else 1:>9.3f} {tp / ex if ex else 1:>7.3f}"
    )
    print(
        f"parsed {len(corpus.documents)} documents in {elapsed:.2f}s; unresolved mentions: {len(corpus.unresolved)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
