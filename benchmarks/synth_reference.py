"""The synthetic batch, byte for byte: record reference batches, then check a later version against them.

``synth`` is moved and split without changing a single draw; the judge is the bytes of every file
and of ``truth.json`` for the seeds, sizes and options the tests, the demo and the benchmarks use
(bad rows, mixed encodings, one pass and several chunks, 200k subjects).

    python -m benchmarks.synth_reference record REF_DIR   # with the version to keep: batches + SHA256SUMS
    python -m benchmarks.synth_reference check REF_DIR    # with the new version: rebuild, compare, diff
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from creditgraph.ingest.synth import synth

#: name -> synth's keyword arguments (the tests', the demo's and the benchmarks' calls).
CASES: dict[str, dict[str, Any]] = {
    "s3000_seed11_bad_mixed": {"subjects": 3000, "seed": 11, "bad_rows": 0.01, "encodings": "mixed"},
    "s3000_seed11_bad_mixed_chunk1100": {
        "subjects": 3000,
        "seed": 11,
        "bad_rows": 0.01,
        "encodings": "mixed",
        "chunk_subjects": 1100,
    },
    "s600_seed3_bad": {"subjects": 600, "seed": 3, "bad_rows": 0.02},
    "s600_seed4": {"subjects": 600, "seed": 4},
    "s1500_seed11_bad_mixed": {"subjects": 1500, "seed": 11, "bad_rows": 0.02, "encodings": "mixed"},
    "s4000_seed21_bad": {"subjects": 4000, "seed": 21, "bad_rows": 0.01},
    "s300_seed5": {"subjects": 300, "seed": 5},
    "s300_seed7_bad": {"subjects": 300, "seed": 7, "bad_rows": 0.02},
    "s1200_seed3": {"subjects": 1200, "seed": 3},
    "s400_seed5": {"subjects": 400, "seed": 5},
    "s200_seed2": {"subjects": 200, "seed": 2},
    "s100_seed3_browser": {"subjects": 100, "seed": 3},
    "s3000_seed1_browser_demo": {"subjects": 3000, "seed": 1},
    "s2930_seed1007_incremental": {"subjects": 2_930, "seed": 1007},
    "s1000000_seed7_bench": {"subjects": 1_000_000, "seed": 7},
    "s1200000_seed7_two_chunks": {"subjects": 1_200_000, "seed": 7},
    "s5000_seed9_bad_mixed_chunk1000": {
        "subjects": 5000,
        "seed": 9,
        "bad_rows": 0.02,
        "encodings": "mixed",
        "chunk_subjects": 1000,
    },
    "s20000_seed1_demo": {"subjects": 20000, "seed": 1},
    "s200000_seed7": {"subjects": 200_000, "seed": 7},
    "s200000_seed0_bad_chunk70000": {
        "subjects": 200_000,
        "seed": 0,
        "bad_rows": 0.01,
        "chunk_subjects": 70_000,
    },
}


def _summary(made: dict[str, Any]) -> dict[str, Any]:
    """What synth returns, without its timings."""
    return {k: v for k, v in made.items() if k not in ("seconds", "phases")}


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def build(root: Path, names: list[str]) -> dict[str, Any]:
    """Every case's batch under ``root/<case>``; returns each case's file sums and summary."""
    out: dict[str, Any] = {}
    for name in names:
        made = synth(root / name, **CASES[name])
        out[name] = {"files": _sums(root / name), "summary": _summary(made), "seconds": made["seconds"]}
        print(f"{name}: {made['seconds']} s", flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["record", "check"])
    ap.add_argument("ref", type=Path, help="the reference folder (batches and SHA256SUMS.json)")
    ap.add_argument("--case", action="append", help="only these cases (default: all)")
    args = ap.parse_args()
    names = args.case or list(CASES)
    unknown = sorted(set(names) - set(CASES))
    if unknown:
        ap.error(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    manifest = args.ref / "SHA256SUMS.json"
    if args.mode == "record":  # adds to (or replaces cases of) an existing manifest
        got = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
        got.update(build(args.ref, names))
        manifest.write_text(json.dumps(got, indent=1, ensure_ascii=False), encoding="utf-8")
        return 0
    want = json.loads(manifest.read_text(encoding="utf-8"))
    bad = 0
    with tempfile.TemporaryDirectory(prefix="synth-check-") as tmp:
        got = build(Path(tmp), names)
        for name in names:
            same = got[name]["files"] == want[name]["files"] and got[name]["summary"] == want[name]["summary"]
            print(f"{'SAME' if same else 'DIFFERENT'}  {name}", flush=True)
            if not same:
                bad += 1
                subprocess.run(["diff", "-rq", str(args.ref / name), str(Path(tmp) / name)], check=False)
    print(f"{len(names) - bad} of {len(names)} cases byte-identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
