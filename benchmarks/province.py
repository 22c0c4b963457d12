"""A whole province on one machine: synth, ingest and the scans on a 15M-subject graph, beside 1M.

For each size (``--subjects``, then ``--compare``), in the same run and each step as a process of
its own (its wall time and peak resident memory measured; a watchdog ends a step whose memory
passes ``--max-rss-gib``, so a run never starves the machine):

- ``synth``: the batch, written chunk by chunk (``ingest.synth``); rows, relationships, disk;
- ``ingest records`` (bulk, streamed in pieces) into a fresh embedded store; the database's disk;
- related parties at depth 2 and 3 (p50/p95 over ``--samples`` persons and companies), the
  reappearance and barred-role scans (first run), shared-identifier rings and propagation end to
  end (``service.risk.propagate``: export, solve, write-back), all on the graph just built. The
  walks and scans run twice, each in a fresh process with the OS page cache dropped first (where
  the user may: it needs root): once after the start-up warm-up a server does (the database file
  read into the page cache, timed apart), once straight from disk.

Prints one table: each figure on the big graph, on the compare graph, their ratio and the goal
(issue 21). ``--keep DIR`` keeps each size's batch, database and figures in ``DIR/<N>``; with
``--reuse`` a size whose figures are there is not built again (its figures say so).

Usage: ``python benchmarks/province.py [--subjects 15000000] [--compare 1000000] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import CHILD_WRAPPER, Report, percentiles, walk_times

AS_OF = "2026-06-30"
GIB = 1 << 30
FLOOR_KIB = 700_000  # a step is ended when the machine has less memory available than this


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class StepFailed(Exception):
    """A step ended without its figures (the watchdog, an error): said in the table's cell."""


def run_step(name: str, code: str, max_rss: int) -> tuple[float, float, str]:
    """Python code in a process of its own: (wall seconds, peak RSS GiB, stdout). A watchdog ends
    it (that process alone) if its memory passes ``max_rss`` bytes, and the run stops saying so."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD_WRAPPER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed: list[int] = []

    def watch() -> None:
        while proc.poll() is None:
            rss = _rss_kib(proc.pid) * 1024
            if rss > max_rss or _available_kib() < FLOOR_KIB:  # the machine is shared
                killed.append(rss)
                proc.kill()
                return
            time.sleep(0.5)

    watchdog = threading.Thread(target=watch, daemon=True)
    watchdog.start()
    out, err = proc.communicate(code)
    watchdog.join()
    if killed:
        why = f"limit {max_rss / GIB:.1f}" if killed[0] > max_rss else "the machine had < 0.7 GiB left"
        raise StepFailed(f"{name}: ended by the watchdog at {killed[0] / GIB:.1f} GiB ({why})")
    if proc.returncode != 0:
        last = err.strip().splitlines()[-1][:120] if err.strip() else f"exit {proc.returncode}"
        raise StepFailed(f"{name} failed: {last}")
    line = [x for x in err.splitlines() if x.startswith("BENCH ")][-1]
    _, wall, rss = line.split()
    return float(wall), int(rss) * 1024 / GIB, out


def disk_bytes(path: Path) -> int:
    """Bytes on disk of a file or folder (a database and its WAL: pass each)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


SYNTH = """
import json
from creditgraph.ingest.synth import synth
made = synth({batch!r}, subjects={subjects}, seed={seed})
print(json.dumps({{k: v for k, v in made.items() if k != "counts"}}))
"""

INGEST = """
import json
from datetime import date
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store
from creditgraph.ingest.records.loader import load_records
store = open_store(Settings(db={db!r}), create=True)
s = load_records(store, {batch!r}, as_of=date.fromisoformat({as_of!r}), progress=False, bulk=True)
store.close()
print(json.dumps({{"seconds": s.seconds, "rows": sum(f.read for f in s.files), "rejected": s.rejected}}))
"""

SCANS = """
import json
from benchmarks.province import {what}
print(json.dumps({what}({db!r}, {samples})))
"""

# the walks and scans are measured twice, each in a fresh process after the OS page cache is
# dropped (where this user may): as a started server meets them (after its start-up warm-up reads
# the database file), and straight from disk (a one-off command, no warm-up)
SCAN_STEPS = {"scans_disk": False, "scans": True}


def drop_page_cache() -> bool:
    """Empty the operating system's page cache, so a step starts with the database on disk only;
    False where this user may not (it needs root)."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def scans_disk(db: str, samples: int) -> dict[str, Any]:
    """:func:`scans` without the server's start-up warm-up: pages come from disk when first read."""
    return scans(db, samples, warm=False)


def scans(db: str, samples: int, warm: bool = True) -> dict[str, Any]:
    """Related parties and the two alert scans on one graph (a process of its own), after the
    start-up warm-up a server does (``service.health.warm_up``: the database file read into the
    page cache), timed and reported apart."""
    from datetime import date

    from benchmarks.queries import sample_subjects
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.queries.alerts import reappearances
    from creditgraph.queries.barred import barred_roles
    from creditgraph.queries.related import related_parties
    from creditgraph.service.health import warm_up

    as_of = date.fromisoformat(AS_OF)
    out: dict[str, Any] = {}
    store = EmbeddedStore(db, query_timeout_ms=600_000)
    try:
        if warm:
            done = warm_up(store)
            out["warm_up"] = {"seconds": done.seconds, "bytes": done.bytes_read}
        refs = sample_subjects(store, samples)
        for ref in refs[:10]:  # as benchmarks/queries.py: the first walks compile the statements
            related_parties(store, ref, depth=2, as_of=as_of)
        for depth in (2, 3):
            times, sizes = walk_times(store, refs, depth, as_of)
            p = percentiles(times)
            out[f"related{depth}"] = {
                "p50": p[50],
                "p95": p[95],
                "n": len(refs),
                "nodes": sorted(sizes)[len(sizes) // 2],
            }
        for name, scan in (("reappearances", reappearances), ("barred_roles", barred_roles)):
            t = time.perf_counter()
            hits = scan(store, as_of)
            out[name] = {"seconds": time.perf_counter() - t, "hits": len(hits)}
    finally:
        store.close()
    return out


def rings(db: str, _samples: int) -> dict[str, Any]:
    """Shared-identifier rings end to end, in a process of its own (memory grows with the graph)."""
    from datetime import date

    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.queries.rings import shared_identifier_rings

    store = EmbeddedStore(db, query_timeout_ms=1_800_000)
    try:
        t = time.perf_counter()
        found = shared_identifier_rings(store, date.fromisoformat(AS_OF))
        return {"seconds": time.perf_counter() - t, "found": len(found)}
    finally:
        store.close()


def propagation(db: str, _samples: int) -> dict[str, Any]:
    """Propagation end to end (``service.risk.propagate``: export, solve, write-back)."""
    from datetime import date

    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.service.risk import propagate

    store = EmbeddedStore(db, query_timeout_ms=1_800_000)
    try:
        t = time.perf_counter()
        run = propagate(store, date.fromisoformat(AS_OF), progress=False)
        return {"seconds": time.perf_counter() - t, "subjects": run.subjects}
    finally:
        store.close()


def measure(subjects: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure of one size, as a dict, written to ``work/figures.json`` after each step; with
    ``--reuse`` the steps measured there already are not run again (and say so)."""
    saved = work / "figures.json"
    figures: dict[str, Any] = json.loads(saved.read_text()) if args.reuse and saved.is_file() else {}
    for what in ("synth", "ingest"):  # figures of an earlier version: the wall was "seconds"
        if what in figures and "wall" not in figures[what] and "seconds" in figures[what]:
            figures[what]["wall"] = figures[what]["seconds"]
    figures["reused"] = sorted(k for k, v in figures.items() if isinstance(v, dict) and "failed" not in v)
    work.mkdir(parents=True, exist_ok=True)
    batch, db = work / "batch", work / "graph.lbug"
    limit = int(args.max_rss_gib * GIB)
    figures.setdefault("subjects_asked", subjects)
    figures.setdefault("at", time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))

    def step(what: str, code: str) -> bool:
        print(f"[{subjects:,}] {what} …", flush=True)
        wait_for_memory(args.need_gib)
        try:
            wall, rss, out = run_step(what, code, limit)
        except StepFailed as exc:
            figures[what] = {"failed": str(exc)}
            saved.write_text(json.dumps(figures, indent=1))
            return False
        made = json.loads(out.strip().splitlines()[-1])
        figures[what] = {
            **made,
            "wall": wall,
            "rss_gib": rss,
            "at": time.strftime("%H:%M UTC", time.gmtime()),
        }
        saved.write_text(json.dumps(figures, indent=1))
        return True

    if "synth" not in figures["reused"] and args.reuse and (batch / "truth.json").is_file():
        figures["synth"] = {"failed": "not measured: the batch on disk reused"}
    elif "synth" not in figures["reused"]:
        shutil.rmtree(batch, ignore_errors=True)
        figures["reused"] = []  # a new batch: everything after is measured again
        if not step("synth", SYNTH.format(batch=str(batch), subjects=subjects, seed=args.seed)):
            raise StepFailed(figures["synth"]["failed"])
        figures["synth"]["disk"] = disk_bytes(batch)
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
    figures["subjects"] = truth["subjects"]
    figures["rows"] = sum(truth["counts"].values())
    figures["relationships"] = truth["relationships"]
    if "ingest" not in figures["reused"] or not db.exists():
        for path in (db, Path(f"{db}.wal")):
            path.unlink(missing_ok=True)
        figures["reused"] = [k for k in figures["reused"] if k == "synth"]  # a new graph
        if not step("ingest", INGEST.format(db=str(db), batch=str(batch), as_of=AS_OF)):
            raise StepFailed(figures["ingest"]["failed"])
        wal = Path(f"{db}.wal")
        figures["ingest"]["disk"] = disk_bytes(db) + (disk_bytes(wal) if wal.exists() else 0)
    for what in (*SCAN_STEPS, "rings", "propagation"):  # each a process: one ended leaves the others
        if what in figures["reused"]:
            continue
        dropped = drop_page_cache() if what in SCAN_STEPS else None
        if step(what, SCANS.format(what=what, db=str(db), samples=args.samples)) and dropped is not None:
            figures[what]["page_cache"] = "dropped before" if dropped else "as found (dropping it needs root)"
            saved.write_text(json.dumps(figures, indent=1))
    saved.write_text(json.dumps(figures, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def wait_for_memory(need_gib: float, patience_s: float = 900) -> None:
    """Start a step only once the machine has ``need_gib`` available (it is shared: a step that
    started short would push others out of memory), waiting at most ``patience_s``."""
    until = time.monotonic() + patience_s
    while (available := _available_kib() * 1024 / GIB) < need_gib and time.monotonic() < until:
        print(f"  waiting: {available:.1f} GiB available, {need_gib:.1f} wanted", flush=True)
        time.sleep(15)


def _available_kib() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1])
    return 0


class _NotMeasured(Exception):
    pass


class _Figures(dict):
    """A size's figures; a step that did not finish raises its reason where it is read."""

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, dict) and "failed" in value:
            raise _NotMeasured(value["failed"])
        return value


def table(big: dict[str, Any], small: dict[str, Any]) -> Report:
    """The figures side by side: big graph, compare graph, their ratio, the goal."""
    report = Report(
        f"a province on one machine: {big['subjects']:,} subjects beside {small['subjects']:,}",
        columns=(
            "figure",
            f"{big['subjects']:,} subjects",
            f"{small['subjects']:,} subjects",
            "ratio",
            "goal (issue 21)",
        ),
    )

    def row(name: str, get, fmt, goal: str = "") -> None:
        cells = []
        for f in (_Figures(big), _Figures(small)):
            try:
                cells.append(get(f))
            except _NotMeasured as why:  # the step did not finish: its reason instead
                cells.append(str(why))
            except KeyError:
                cells.append("—")
        a, b = cells
        number = isinstance(a, int | float) and isinstance(b, int | float)
        ratio = f"{a / b:.1f}×" if number and b else ""
        shown = [fmt(c) if isinstance(c, int | float) else str(c) for c in cells]
        report.add(name, *shown, ratio, goal)

    def sec(x: float) -> str:
        return f"{x:,.1f} s"

    def gib(x: float) -> str:
        return f"{x:.2f} GiB"

    def count(x: int) -> str:
        return f"{x:,}"

    def ms(x: float) -> str:
        return f"{x * 1000:.1f} ms"

    s = "scans"
    row("rows in the batch", lambda f: f["rows"], count)
    row("relationships the batch implies", lambda f: f["relationships"], count, "≥ 50M at 15M")
    row("synth: wall", lambda f: f["synth"]["wall"], sec)
    row("synth: peak memory", lambda f: f["synth"]["rss_gib"], gib)
    row("synth: batch on disk", lambda f: f["synth"]["disk"] / GIB, gib)
    row("ingest records (bulk): wall", lambda f: f["ingest"]["wall"], sec, "≤ 15 min at 15M")
    row("ingest: peak memory", lambda f: f["ingest"]["rss_gib"], gib, "≤ 12 GiB")
    row("ingest: database on disk", lambda f: f["ingest"]["disk"] / GIB, gib)
    row("ingest: rows/s", lambda f: f["ingest"]["rows"] / f["ingest"]["wall"], lambda x: f"{x:,.0f}")
    row("page cache before the walks and scans", lambda f: f[s]["page_cache"], str)
    row("start-up warm-up (database file read)", lambda f: f[s]["warm_up"]["seconds"], sec)
    row("  bytes read", lambda f: f[s]["warm_up"]["bytes"] / GIB, gib)
    for depth, goal in ((2, ("≤ 5 ms", "≤ 50 ms")), (3, ("≤ 30 ms", "≤ 300 ms"))):
        key = f"related{depth}"
        n = big[s][key]["n"]
        row(
            f"related parties depth {depth}: p50 ({n} subjects)", lambda f, k=key: f[s][k]["p50"], ms, goal[0]
        )
        row(f"related parties depth {depth}: p95", lambda f, k=key: f[s][k]["p95"], ms, goal[1])
        row(f"related parties depth {depth}: median nodes", lambda f, k=key: f[s][k]["nodes"], count)
    row(
        "reappearance scan, first run",
        lambda f: f[s]["reappearances"]["seconds"],
        sec,
    )
    row("barred-role scan, first run", lambda f: f[s]["barred_roles"]["seconds"], sec)
    row(
        "reappearance + barred-role scans",
        lambda f: f[s]["reappearances"]["seconds"] + f[s]["barred_roles"]["seconds"],
        sec,
        "≤ 10 s at 15M",
    )
    row(
        "  hits: reappearances / barred roles",
        lambda f: f"{f[s]['reappearances']['hits']:,} / {f[s]['barred_roles']['hits']:,}",
        str,
    )
    d = "scans_disk"
    for depth in (2, 3):
        row(
            f"from disk, no warm-up: depth {depth} p50 / p95",
            lambda f, k=f"related{depth}": f"{f[d][k]['p50'] * 1000:.1f} / {f[d][k]['p95'] * 1000:.1f} ms",
            str,
        )
    row(
        "from disk, no warm-up: reappearance + barred-role scans",
        lambda f: f[d]["reappearances"]["seconds"] + f[d]["barred_roles"]["seconds"],
        sec,
    )
    row(
        "shared-identifier rings, end to end",
        lambda f: f["rings"]["seconds"],
        sec,
        "≤ 1 s at 1M, ≤ 20 s at 15M",
    )
    row("  rings found", lambda f: f["rings"]["found"], count)
    row("  rings: peak memory of its process", lambda f: f["rings"]["rss_gib"], gib)
    row("propagation end to end", lambda f: f["propagation"]["seconds"], sec, "≤ 4 s at 1M, ≤ 2 min at 15M")
    row("  propagation: peak memory of its process", lambda f: f["propagation"]["rss_gib"], gib)
    row("walks and scans: peak memory of their process", lambda f: f[s]["rss_gib"], gib)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subjects", type=int, default=15_000_000)
    parser.add_argument("--compare", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--samples", type=int, default=200, help="subjects walked per depth")
    parser.add_argument("--keep", type=Path, help="keep each size's batch, database and figures in DIR/<N>")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: a size measured already is not built again"
    )
    parser.add_argument("--max-rss-gib", type=float, default=13.0, help="a step using more memory is ended")
    parser.add_argument(
        "--table", action="store_true", help="with --keep: print the table of the saved figures"
    )
    parser.add_argument("--need-gib", type=float, default=6.0, help="memory available before a step starts")
    args = parser.parse_args()
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    root = args.keep or Path(tempfile.mkdtemp(prefix="creditgraph-province-"))
    figures = []
    for n in (args.compare, args.subjects):  # the small graph first: a broken step fails early
        if args.table:
            figures.append(json.loads((root / str(n) / "figures.json").read_text()))
            continue
        try:
            figures.append(measure(n, root / str(n), args))
        except StepFailed as exc:  # synth or ingest: no graph to measure
            raise SystemExit(f"{n:,} subjects: {exc}") from None
    small, big = figures
    table(big, small).print()
    for name, f in (("big", big), ("compare", small)):
        steps = ", ".join(
            f"{k} {v.get('at', f['at'])}" for k, v in f.items() if isinstance(v, dict) and "failed" not in v
        )
        print(f"{name} graph ({f['subjects']:,} subjects): first step {f['at']}; measured: {steps}")
    if args.keep:
        print(f"kept in {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
