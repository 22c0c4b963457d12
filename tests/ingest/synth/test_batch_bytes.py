"""The synthetic batch is a fixed function of its arguments: the bytes of every file and of
``truth.json`` for two small batches (one pass; three chunks with bad rows) were recorded by the
generator before it became a package (``batch_sha256.json``). A change that alters a draw, a row, a
written form or a truth entry fails here; a deliberate change records the sums again (and says why
in its commit), as the tests, the demo graph's examples and the benchmarks' figures all read the batch.
The pools come from Faker ``zh_CN``: a Faker upgrade that changes its name lists fails here too."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from creditgraph.ingest.synth import synth

RECORDED = json.loads((Path(__file__).parent / "batch_sha256.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", sorted(RECORDED))
def test_batch_bytes_as_recorded(case: str, tmp_path: Path) -> None:
    expected = RECORDED[case]
    synth(tmp_path, **expected["synth"])
    got = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tmp_path.iterdir())}
    changed = sorted(f for f in expected["sha256"] if got.get(f) != expected["sha256"][f])
    assert set(got) == set(expected["sha256"]), "the batch's files changed"
    assert not changed, f"{case}: these files are no longer byte-identical: {', '.join(changed)}"
