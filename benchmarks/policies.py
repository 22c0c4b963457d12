"""Precision and recall of lead/coop links per policy document, against the hand-written tables
(the seed documents and the held-out ones), and how many of the tables' mentions were kept.

Run: .venv/bin/python -m benchmarks.policies [POLICY_FOLDER]  (or through benchmarks/run.py)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from creditgraph.ingest.policies import parse_folder
from creditgraph.ingest.policies.evaluate import load_expected, score
from creditgraph.ingest.policies.graph import mention_counts

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "ingest" / "policies" / "expected"
HELDOUT = ROOT / "tests" / "ingest" / "policies" / "heldout"
HELDOUT_EXPECTED = ROOT / "tests" / "ingest" / "policies" / "heldout_expected"
FOLDER = next(
    (p for p in (ROOT.parent / "shared" / "policies", Path("/work/shared/policies")) if p.is_dir()),
    ROOT.parent / "shared" / "policies",
)


def table(title: str, folder: Path, expected: Path) -> None:
    """One row per document: tasks, lead and coop precision/recall (as written), mentions kept."""
    t0 = time.perf_counter()
    corpus = parse_folder(folder)
    elapsed = time.perf_counter() - t0
    rows = score(corpus, load_expected(expected))
    print(f"\n{title} ({folder})")
    print(
        f"{'document':<16} {'tasks':>9} {'lead P':>7} {'lead R':>7} {'coop P':>7} {'coop R':>7} "
        f"{'all P':>7} {'all R':>7} {'mentions kept':>14}"
    )
    tp = pr = ex = kept = mentions = 0
    for r in rows:
        print(
            f"{r.label:<16} {r.tasks_found:>4}/{r.tasks_expected:<4} "
            f"{r.role_precision('lead'):>7.3f} {r.role_recall('lead'):>7.3f} "
            f"{r.role_precision('coop'):>7.3f} {r.role_recall('coop'):>7.3f} "
            f"{r.precision:>7.3f} {r.recall:>7.3f} {r.mentions_kept:>7}/{r.mentions_expected:<6}"
        )
        tp, pr, ex = tp + r.true_pos, pr + r.predicted, ex + r.expected
        kept, mentions = kept + r.mentions_kept, mentions + r.mentions_expected
    print(
        f"{'all':<16} {'':>9} {'':>7} {'':>7} {'':>7} {'':>7} "
        f"{tp / pr if pr else 1:>7.3f} {tp / ex if ex else 1:>7.3f} {kept:>7}/{mentions:<6}"
    )
    counts = mention_counts(corpus)
    print(
        f"parsed {len(corpus.documents)} documents in {elapsed:.2f}s; mentions: {counts['registry']} registry alias, "
        f"{counts['rule']} registry by rule, {counts['created']} created (inferred), "
        f"{counts['collective']} collective, {counts['unresolved']} unresolved"
    )


def main(argv: list[str]) -> int:
    table("seed documents", Path(argv[0]) if argv else FOLDER, EXPECTED)
    table("held-out documents", HELDOUT, HELDOUT_EXPECTED)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
