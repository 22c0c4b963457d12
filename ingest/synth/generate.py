"""``synth``: the whole batch, in the one fixed order its draws follow (so a seed reproduces it
byte for byte): the base population chunk by chunk, then every planted pattern family, then the
files and the truth. A family added later goes at the end, so the older files' draws stay."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from creditgraph.ingest.synth import bans, barred_roles, base, generic, reappearance, rings
from creditgraph.ingest.synth.batch import CHUNK_SUBJECTS, Synth
from creditgraph.ingest.synth.commitments import Commitments
from creditgraph.ingest.synth.complaints import ComplaintPatterns, fill_complaint_handling
from creditgraph.ingest.synth.inspections import inspections
from creditgraph.ingest.synth.intermediaries import Intermediaries
from creditgraph.ingest.synth.practitioners import Practitioners
from creditgraph.ingest.synth.vocabulary import AS_OF
from creditgraph.ingest.synth.writer import MIXED_ENCODINGS, BatchWriter


def rounds(s: Synth) -> int:
    """How many times each planted shape is planted: one per 5,000 subjects, at least three."""
    return max(3, s.subjects // 5000)


def patterns(s: Synth) -> None:
    """Every planted pattern on the base population's last chunk, in the draws' order."""
    for _ in range(rounds(s)):
        reappearance.plant_round(s)
        bans.courier_ban(s)
        rings.ring(s)
    generic.generic_truth(s)
    for _ in range(rounds(s)):
        barred_roles.plant_round(s)
    credit_patterns(s)


def credit_patterns(s: Synth) -> None:
    """Commitments, practitioners, intermediaries, inspections and complaint handling (issue 19's
    files), after every older pattern."""
    commitments = Commitments(s)
    commitments.base()
    commitments.broken()
    Practitioners(s).plant()
    Intermediaries(s).plant()
    inspections(s)
    fill_complaint_handling(s, AS_OF)  # the base complaints still in memory: the last chunk's
    ComplaintPatterns(s, AS_OF).planted()


def synth(
    out_dir: Path | str,
    subjects: int = 10_000,
    seed: int = 0,
    bad_rows: float = 0.0,
    encodings: Mapping[str, str] | str | None = None,
    chunk_subjects: int = CHUNK_SUBJECTS,
) -> dict[str, Any]:
    """Write a complete contract batch and ``truth.json`` to ``out_dir``; return a summary.

    ``encodings`` maps file names to ``utf-8``, ``utf-8-sig`` or ``gb18030``/``gbk``; the string
    ``"mixed"`` writes companies and violations in GB18030 and persons in UTF-8 with BOM.
    ``bad_rows`` is the share of extra corrupted rows per file (at least one of every kind; per
    chunk). The base population is made and written ``chunk_subjects`` at a time, so memory stays
    that of one chunk at any size; up to one chunk the batch is what one pass made.
    """
    clock = _Clock()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    enc = dict(MIXED_ENCODINGS) if encodings == "mixed" else dict(encodings or {})
    s = Synth(subjects=subjects, seed=seed, chunk_subjects=chunk_subjects)
    writer = BatchWriter(out, enc, bad_rows, s.rng)
    base.base(s, flush=writer)  # every chunk but the last is written (with its bad rows) and dropped here
    clock.lap("base")
    patterns(s)
    clock.lap("patterns")
    frames = s.frames()
    clock.lap("assemble")
    writer(frames)
    del frames
    clock.lap("write")
    writer.write_truth(seed, s.truth)
    return {
        "subjects": writer.subjects,
        "rows": sum(writer.counts.values()),
        "relationships": writer.relationships,
        "seconds": clock.total(),
        "phases": clock.phases,
        "counts": writer.counts,
    }


class _Clock:
    """Seconds per phase of a run, for the benchmarks' figures."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.phases: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self.last, 2)
        self.last = now

    def total(self) -> float:
        return round(time.perf_counter() - self.start, 2)
