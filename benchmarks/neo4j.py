"""Neo4j beside the embedded store, on one synthetic batch, in one run.

Prints one table, each Neo4j figure with its ratio to the embedded store's:
- loads: the embedded store's ``ingest records`` (bulk COPY), Neo4j's ``ingest records`` through the
  product's batched ``UNWIND`` statements, and ``export neo4j-import`` + ``neo4j-admin database import
  full`` into the stopped database (then the constraints and indexes ``creditgraph init`` declares);
- related parties at depth 2 and 3, p50/p95 over the same >= 200 subjects on both stores;
- the full reappearance scan (first run, and the median of three warm ones);
- risk propagation end to end (read the inputs, score, write back).

The benchmark starts and stops its own Neo4j server (scripts/neo4j.sh: its own home under the work
folder, free loopback ports, a 2 GiB heap; ``--heap``/``--pagecache`` to change them).

Usage: ``python benchmarks/neo4j.py [--subjects 1000000] [--samples 200] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# run as a script, this file's folder comes first on the path, and this file would shadow the driver
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import Report, percentiles, walk_times  # noqa: E402

AS_OF = date(2026, 6, 30)
PASSWORD = "creditgraph-bench"
SECRET = "be" * 32  # both stores key persons alike, so the same subjects are asked on both


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A Neo4j server of the benchmark's own, driven by scripts/neo4j.sh."""

    home: Path
    heap: str
    pagecache: str
    bolt: int = field(default_factory=free_port)
    http: int = field(default_factory=free_port)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt}"

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "NEO4J_HOME_DIR": str(self.home),
            "NEO4J_BOLT_PORT": str(self.bolt),
            "NEO4J_HTTP_PORT": str(self.http),
            "NEO4J_PASSWORD": PASSWORD,
            "NEO4J_HEAP": self.heap,
            "NEO4J_PAGECACHE": self.pagecache,
            "NEO4J_READY_S": "120",
        }

    def script(self, *args: str) -> None:
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "neo4j.sh"), *args], env=self.env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"neo4j.sh {' '.join(args)} failed: {done.stderr.strip()}")

    def store(self):
        from creditgraph.graph_model.stores.neo4j import Neo4jStore

        return Neo4jStore(self.uri, password=PASSWORD, query_timeout_ms=0)


def ms(samples: list[float]) -> tuple[float, float]:
    p = percentiles(samples)
    return p[50] * 1000, p[95] * 1000


def ratio(neo4j: float, embedded: float) -> str:
    return f"{neo4j / embedded:.2f}×" if embedded else ""


# -- loads ------------------------------------------------------------------------------------------
def load_embedded(batch: Path, db: Path) -> tuple[float, int, dict]:
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.ingest.records.loader import load_records

    started = time.perf_counter()
    store = EmbeddedStore(db, query_timeout_ms=0)
    store.create_schema()
    store.set_meta("id_secret", SECRET)
    summary = load_records(store, batch, as_of=AS_OF, progress=False)
    store.close()
    seconds = time.perf_counter() - started
    read = sum(f.read for f in summary.files)
    with EmbeddedStore(db, read_only=True) as store:
        counts = store.counts()
    return seconds, read, counts


@dataclass
class Unwind:
    seconds: float
    entities: int  # nodes (without Meta) + relationships written when it ended or was stopped
    finished: bool
    read: int = 0
    mode: str = ""
    counts: dict = field(default_factory=dict)


def _written(store) -> int:
    nodes = store.run("MATCH (n) RETURN count(n) AS c")[0]["c"]
    rels = store.run("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return int(nodes) - 1 + int(rels)  # less the Meta node holding the secret


def load_neo4j_unwind(server: Server, batch: Path, budget_s: float) -> Unwind:
    """``creditgraph ingest records`` (batched UNWIND) into a fresh, empty database, in its own
    process; what it has written is counted every 15 s, and past ``budget_s`` (0: none) it is
    stopped and the rate so far is the figure."""
    import json

    server.script("stop")
    shutil.rmtree(server.home / "data", ignore_errors=True)
    server.script("start")
    with server.store() as store:
        store.create_schema()  # the uniqueness constraints MERGE looks keys up by
        store.run("CALL db.awaitIndexes(300)")
        store.set_meta("id_secret", SECRET)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env.update(NEO4J_URI=server.uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=PASSWORD)
    cmd = [
        sys.executable,
        "-m",
        "api",
        "ingest",
        "records",
        str(batch),
        "--as-of",
        AS_OF.isoformat(),
        "--json",
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with server.store() as store:
        while proc.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)
            elapsed = time.perf_counter() - started
            written = _written(store)
            print(f"    {elapsed:6.0f} s: {written:,} written ({written / elapsed:,.0f}/s)", flush=True)
            if budget_s and elapsed > budget_s and proc.poll() is None:
                proc.terminate()
                proc.wait()
                return Unwind(elapsed, written, finished=False)
        seconds = time.perf_counter() - started
        out, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"ingest records into Neo4j failed: {err.strip()[-2000:]}")
        summary = json.loads(out)
        read = sum(f["read"] for f in summary["files"])
        return Unwind(seconds, _written(store), True, read, summary["mode"], store.counts())


def load_neo4j_admin(server: Server, batch: Path, out: Path) -> tuple[float, float, float, dict]:
    """Export, then neo4j-admin into the stopped database, then the schema: (export s, import s,
    schema s, counts)."""
    from creditgraph.api.cli_export import export_neo4j_import, run_admin_import

    started = time.perf_counter()
    files = export_neo4j_import(batch, out, secret=SECRET, as_of=AS_OF)
    exported = time.perf_counter() - started
    server.script("stop")
    admin = ["bash", str(ROOT / "scripts" / "neo4j.sh"), "admin"]
    imported = run_admin_import(files, admin, overwrite=True, env=server.env)
    server.script("start")
    with server.store() as store:
        started = time.perf_counter()
        store.create_schema()
        store.run("CALL db.awaitIndexes(1800)")
        schema = time.perf_counter() - started
        counts = store.counts()
    return exported, imported.seconds, schema, counts


# -- queries ----------------------------------------------------------------------------------------
def sample_subjects(store, n: int, seed: int = 1) -> list:
    """The same subjects for both stores: keys sorted before sampling (stores list them in any order)."""
    from creditgraph.queries.subjects import SubjectRef

    rng = random.Random(seed)
    refs = []
    for label in ("Person", "Company"):
        keys = sorted(
            r["k"] for r in store.run(f"MATCH (s:{label}) WHERE s.placeholder = false RETURN s.key AS k")
        )
        refs += [SubjectRef(label, k) for k in rng.sample(keys, min(n // 2, len(keys)))]
    rng.shuffle(refs)
    return refs


def related(store, refs: list, depth: int) -> tuple[list[float], list[int]]:
    from creditgraph.queries.related import related_parties

    for ref in refs[:10]:  # warm the caches and the query plans
        related_parties(store, ref, depth=depth, as_of=AS_OF)
    return walk_times(store, refs, depth, AS_OF)


def reappearance_scan(store) -> tuple[float, float, int]:
    from creditgraph.queries.alerts import reappearances

    t = time.perf_counter()
    hits = reappearances(store, AS_OF)
    first = time.perf_counter() - t
    warm = []
    for _ in range(3):
        t = time.perf_counter()
        reappearances(store, AS_OF)
        warm.append(time.perf_counter() - t)
    return first, statistics.median(warm), len(hits)


def propagation(store) -> tuple[float, float, float, int]:
    """(read inputs s, score s, write back s, subjects written)."""
    from creditgraph.queries.risk import fetch_inputs, own_risk, propagate_risk, write_back

    t0 = time.perf_counter()
    inputs = fetch_inputs(store)
    t1 = time.perf_counter()
    own = own_risk(inputs.violations, inputs.listings, as_of=AS_OF)
    result = propagate_risk(inputs.indexed, own, as_of=AS_OF, subjects=inputs.subjects[["label", "key"]])
    t2 = time.perf_counter()
    written = write_back(store, result, stored=inputs.subjects)
    return t1 - t0, t2 - t1, time.perf_counter() - t2, written


@dataclass
class Figures:
    warm_up: tuple[float, int, tuple[str, ...]] = (0.0, 0, ())  # seconds, statements, failed
    related: dict[int, tuple[list[float], list[int]]] = field(default_factory=dict)
    scan: tuple[float, float, int] = (0.0, 0.0, 0)
    propagation: tuple[float, float, float, int] = (0.0, 0.0, 0.0, 0)


def measure(store, refs: list, label: str) -> Figures:
    """Every query figure on one store, each printed as soon as it is measured (a long run that is
    stopped still shows what it got)."""
    from creditgraph.queries.library import warm_up

    out = Figures()
    # an untimed pass first, as the API makes when it starts: every library read once, so what is
    # timed below is a server with its plans and pages warm (the cold cost is this row's figure)
    done = warm_up(store)
    out.warm_up = (done.seconds, done.ran, done.failed)
    print(
        f"  {label}: warm-up, {done.ran} library reads: {done.seconds:.2f} s {done.failed or ''}", flush=True
    )
    for depth in (2, 3):
        out.related[depth] = related(store, refs, depth)
        p50, p95 = ms(out.related[depth][0])
        print(f"  {label}: related parties depth {depth}: p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)
    out.scan = reappearance_scan(store)
    print(f"  {label}: reappearance scan: first {out.scan[0]:.2f} s, warm {out.scan[1]:.2f} s", flush=True)
    out.propagation = propagation(store)
    print(
        f"  {label}: propagation: read, solve, write back "
        + ", ".join(f"{x:.2f} s" for x in out.propagation[:3]),
        flush=True,
    )
    return out


class LiveReport(Report):
    """A report whose rows are also printed as they are added."""

    def add(self, *cells) -> None:
        super().add(*cells)
        print("  " + " | ".join(str(c) for c in cells if c not in ("", None)), flush=True)


# -- the table --------------------------------------------------------------------------------------
def report_loads(report: Report, emb: tuple, admin: tuple) -> None:
    emb_s, read, emb_counts = emb
    export_s, import_s, schema_s, admin_counts = admin
    entities = sum(emb_counts["nodes"].values()) + sum(emb_counts["relationships"].values())
    report.add(
        f"embedded: ingest records ({read:,} rows → {entities:,} nodes + relationships)",
        f"{emb_s:.1f} s, {read / emb_s:,.0f} rows/s",
        "",
        "",
        "",
    )
    report.add("Neo4j: export neo4j-import (validate, map, write CSV)", f"{export_s:.1f} s", "", "", "")
    report.add(
        "Neo4j: neo4j-admin database import full",
        f"{import_s:.1f} s ({entities / import_s:,.0f} entities/s)",
        f"{emb_s:.1f} s",
        ratio(import_s, emb_s),
        "≤ 60 s",
    )
    report.add(
        f"Neo4j: export + import + schema ({schema_s:.1f} s for constraints and indexes to come online)",
        f"{export_s + import_s + schema_s:.1f} s",
        f"{emb_s:.1f} s",
        ratio(export_s + import_s + schema_s, emb_s),
        "",
    )
    report.add(
        "same counts per label and type: neo4j-admin, embedded",
        "yes" if admin_counts == emb_counts else "NO",
        "",
        "",
        "",
    )


def report_unwind(report: Report, emb: tuple, unwind: Unwind) -> None:
    emb_s, read, emb_counts = emb
    entities = sum(emb_counts["nodes"].values()) + sum(emb_counts["relationships"].values())
    rate = unwind.entities / unwind.seconds
    if unwind.finished:
        figure = f"Neo4j: ingest records, batched UNWIND ({unwind.mode})"
        value = f"{unwind.seconds:.1f} s, {unwind.read / unwind.seconds:,.0f} rows/s ({rate:,.0f} entities/s)"
        base, rel = f"{emb_s:.1f} s", ratio(unwind.seconds, emb_s)
    else:  # stopped at the budget: the rate so far, in rows by the batch's rows per entity
        figure = (
            f"Neo4j: ingest records, batched UNWIND, stopped after {unwind.seconds:.0f} s at "
            f"{unwind.entities:,} of {entities:,} entities"
        )
        value = f"≈ {rate * read / entities:,.0f} rows/s ({rate:,.0f} entities/s)"
        base, rel = f"{read / emb_s:,.0f} rows/s", ratio(read / emb_s, rate * read / entities) + " slower"
    report.add(figure, value, base, rel, "≥ 50,000 rows/s")
    if unwind.finished:
        same = unwind.counts == emb_counts
        report.add("same counts per label and type: UNWIND, embedded", "yes" if same else "NO", "", "", "")


def report_queries(report: Report, neo: Figures, emb: Figures, n_refs: int) -> None:
    goals = {2: "p50 ≤ 5 ms", 3: ""}
    report.add(
        f"warm-up: every library read once ({neo.warm_up[1]} statements), untimed before the rest",
        f"{neo.warm_up[0]:.2f} s",
        f"{emb.warm_up[0]:.2f} s",
        ratio(neo.warm_up[0], emb.warm_up[0]),
        "",
    )
    for depth in (2, 3):
        n_samples, n_sizes = neo.related[depth]
        e_samples, _ = emb.related[depth]
        n50, n95 = ms(n_samples)
        e50, e95 = ms(e_samples)
        report.add(
            f"related parties depth {depth}, {n_refs} subjects (median {statistics.median(n_sizes):.0f} nodes)",
            f"Neo4j p50 {n50:.1f} / p95 {n95:.1f} ms",
            f"embedded p50 {e50:.1f} / p95 {e95:.1f} ms",
            f"{ratio(n50, e50)} / {ratio(n95, e95)}",
            goals[depth],
        )
    (nf, nw, nh), (ef, ew, eh) = neo.scan, emb.scan
    report.add(
        f"reappearance scan, first run after the warm-up ({nh} hits on Neo4j, {eh} embedded)",
        f"{nf:.2f} s",
        f"{ef:.2f} s",
        ratio(nf, ef),
        "≤ 2 s",
    )
    report.add("reappearance scan, warm (median of 3)", f"{nw:.2f} s", f"{ew:.2f} s", ratio(nw, ew), "≤ 2 s")
    names = ("read inputs", "own risk + solve", "write-back")
    for i, name in enumerate(names):
        report.add(
            f"propagation: {name}",
            f"{neo.propagation[i]:.2f} s",
            f"{emb.propagation[i]:.2f} s",
            ratio(neo.propagation[i], emb.propagation[i]),
            "",
        )
    n_total, e_total = sum(neo.propagation[:3]), sum(emb.propagation[:3])
    report.add(
        f"propagation end to end ({neo.propagation[3]:,} / {emb.propagation[3]:,} subjects written)",
        f"{n_total:.2f} s",
        f"{e_total:.2f} s",
        ratio(n_total, e_total),
        "",
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200, help="subjects for the related-party walks")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one, removed)")
    parser.add_argument("--heap", default="2g", help="the Neo4j server's heap (at most 2g)")
    parser.add_argument("--pagecache", default="1g", help="the Neo4j server's page cache")
    parser.add_argument(
        "--unwind-budget",
        type=float,
        default=0,
        help="stop the UNWIND load after this many seconds and report its rate so far (0: let it finish)",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="creditgraph-neo4j-"))
    work.mkdir(parents=True, exist_ok=True)
    server = Server(work / "neo4j", args.heap, args.pagecache)
    began = time.perf_counter()
    try:
        run(args, work, server)
    finally:
        server.script("stop")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"whole run {time.perf_counter() - began:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


def run(args: argparse.Namespace, work: Path, server: Server) -> None:
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.ingest.synth import synth

    batch = work / "batch"
    if not (batch / "truth.json").exists():
        print(f"synthetic batch of {args.subjects:,} subjects …", flush=True)
        synth(batch, subjects=args.subjects, seed=7)
    shutil.rmtree(server.home / "data", ignore_errors=True)
    for old in (work / "embedded.lbug", work / "embedded.lbug.wal"):
        old.unlink(missing_ok=True)
    print("embedded: ingest records …", flush=True)
    emb_load = load_embedded(batch, work / "embedded.lbug")
    print(f"  {emb_load[0]:.1f} s", flush=True)
    print("Neo4j: export + neo4j-admin import …", flush=True)
    admin = load_neo4j_admin(server, batch, work / "import")
    report = LiveReport(
        f"Neo4j 5.26 (heap {args.heap}, page cache {args.pagecache}) against the embedded store, "
        f"{args.subjects:,}-subject batch",
        columns=("figure", "Neo4j", "embedded (baseline)", "ratio Neo4j / embedded", "goal (Neo4j)"),
    )
    report_loads(report, emb_load, admin)
    embedded = EmbeddedStore(work / "embedded.lbug", query_timeout_ms=0)
    neo = server.store()
    try:
        refs = sample_subjects(embedded, args.samples)
        print(f"queries on the same {len(refs)} subjects …", flush=True)
        emb_fig = measure(embedded, refs, "embedded")
        neo_fig = measure(neo, refs, "Neo4j (imported by neo4j-admin)")
        subjects = sum(admin[3]["nodes"][x] for x in embedded.schema.subjects)
    finally:
        embedded.close()
        neo.close()
    report.title += f" ({subjects:,} subjects in the graph)"
    report_queries(report, neo_fig, emb_fig, len(refs))
    # last, as the slowest: a long run cut short by its caller still has every figure above
    print("Neo4j: ingest records (UNWIND) into an empty database …", flush=True)
    report_unwind(report, emb_load, load_neo4j_unwind(server, batch, args.unwind_budget))
    report.print()


if __name__ == "__main__":
    main()
