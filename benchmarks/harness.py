"""What every benchmark script shares: timing, peak memory, and one way to print a table.

Each ``benchmarks/<area>.py`` measures its issue's figures and prints a table of them, with ratios
against a baseline run in the same process wherever one exists.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table


@dataclass
class Timer:
    seconds: float = 0.0


@contextmanager
def timed():
    t = Timer()
    start = time.perf_counter()
    try:
        yield t
    finally:
        t.seconds = time.perf_counter() - start


# Run as the last line of a measured child process (benchmarks' ``BENCH <seconds> <KiB>`` wrappers):
# the peak resident memory of that process alone, in KiB. Linux keeps ``getrusage``'s ru_maxrss
# across fork and exec, so a child of a 1.6 GiB parent reported 1.6 GiB whatever it used itself
# (benchmarks/ingest.py printed the same peak for ingest and a bare COPY); VmHWM belongs to the
# process's own memory map. ru_maxrss where there is no /proc.
CHILD_WRAPPER = """
import sys, time
t = time.perf_counter()
exec(compile(sys.stdin.read(), "<bench>", "exec"))
try:
    with open("/proc/self/status") as status:
        peak = next(int(x.split()[1]) for x in status if x.startswith("VmHWM:"))
except (OSError, StopIteration):
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f"\\nBENCH {time.perf_counter() - t} {peak}\\n")
"""


def percentiles(samples: Sequence[float], points: Sequence[int] = (50, 95)) -> dict[int, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {p: cuts[p - 1] for p in points}


def walk_times(store: Any, refs: Sequence[Any], depth: int, as_of: Any) -> tuple[list[float], list[int]]:
    """Seconds and node count of one related-parties walk per subject, in order: the timing loop
    every benchmark that walks shares (each keeps its own untimed warm-up before it)."""
    from creditgraph.queries.related import related_parties

    samples, sizes = [], []
    for ref in refs:
        t = time.perf_counter()
        out = related_parties(store, ref, depth=depth, as_of=as_of)
        samples.append(time.perf_counter() - t)
        sizes.append(len(out["nodes"]))
    return samples, sizes


def repeat(func: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


@dataclass
class Report:
    title: str
    columns: Sequence[str] = ("figure", "value", "baseline", "ratio", "goal")
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, *cells: Any) -> None:
        self.rows.append(tuple("" if c is None else str(c) for c in cells))

    def print(self) -> None:
        table = Table(*self.columns, title=self.title)
        for row in self.rows:
            table.add_row(*row)
        Console(width=160).print(table)
