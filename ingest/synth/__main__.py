"""``python -m creditgraph.ingest.synth OUT_DIR [SUBJECTS] [SEED]``: a batch without the CLI."""

import json
import sys

from creditgraph.ingest.synth.generate import synth

args = sys.argv[1:]
summary = synth(
    args[0], subjects=int(args[1]) if len(args) > 1 else 10_000, seed=int(args[2]) if len(args) > 2 else 0
)
print(json.dumps({k: v for k, v in summary.items() if k != "counts"}))
