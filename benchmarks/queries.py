"""Related-party queries, the reappearance scan and propagation on a million-subject graph.

Prints one table:
- related parties at depth 2 and 3: p50/p95 over >= 200 random subjects (persons and companies);
- the full reappearance scan (every basis) and the other two alert lists;
- propagation end to end (export, solve, write-back), and the solve beside a bare scipy power
  iteration on the very same matrix and ``networkx.pagerank`` (tol scaled by N so it really
  converges), in the same run.

Usage: ``python benchmarks/queries.py --db PATH`` on a graph built by ``benchmarks/ingest.py
--keep DIR`` (``DIR/ingest.lbug``), or ``--subjects N`` to build one first.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import Report, percentiles, walk_times
from benchmarks.propagation import bare_scipy, run_networkx

AS_OF = date(2026, 6, 30)


def build(subjects: int, work: Path) -> Path:
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.ingest.records.loader import load_records
    from creditgraph.ingest.synth import synth

    synth(work / "batch", subjects=subjects, seed=7)
    db = work / "graph.lbug"
    store = EmbeddedStore(db)
    store.create_schema()
    load_records(store, work / "batch", as_of=AS_OF, progress=True)
    store.close()
    return db


def sample_subjects(store, n: int, seed: int = 1) -> list:
    from creditgraph.queries.subjects import SubjectRef

    rng = random.Random(seed)
    refs = []
    for label in ("Person", "Company"):
        keys = [r["k"] for r in store.run(f"MATCH (s:{label}) RETURN s.key AS k LIMIT 200000")]
        refs += [SubjectRef(label, k) for k in rng.sample(keys, n // 2)]
    rng.shuffle(refs)
    return refs


def ms(samples: list[float]) -> str:
    p = percentiles(samples)
    return f"p50 {p[50] * 1000:.1f} ms / p95 {p[95] * 1000:.1f} ms"


def propagation(store, report, args) -> None:
    """Propagation end to end (export, compute, write-back) and the solve against its baselines."""
    import numpy as np

    from creditgraph.queries.risk import fetch_inputs, own_risk, propagate_risk, write_back
    from creditgraph.queries.risk.propagation import _conjugate_gradient, _power_iteration

    t0 = time.perf_counter()
    inputs = fetch_inputs(store)
    t1 = time.perf_counter()
    own = own_risk(inputs.violations, inputs.listings, as_of=AS_OF)
    result = propagate_risk(
        inputs.indexed, own, as_of=AS_OF, subjects=inputs.subjects[["label", "key"]], progress=True
    )
    t2 = time.perf_counter()
    written = write_back(store, result, stored=inputs.subjects, progress=True)
    t3 = time.perf_counter()

    graph = result.graph
    p = result.own_by_node / result.own_by_node.sum()
    # the solve alone, on the matrix already built, through the same code path (best of 3)
    solves, powers, bares = [], [], []
    for _ in range(3):
        t = time.perf_counter()
        _, ours_it, ours_res = _conjugate_gradient(graph, p, result.alpha, result.tol, 1000)
        solves.append(time.perf_counter() - t)
        t = time.perf_counter()
        _power_iteration(graph.transition, p, result.alpha, result.tol, 1000)
        powers.append(time.perf_counter() - t)
        t = time.perf_counter()
        _, it = bare_scipy(graph.transition, p, result.alpha, result.tol, 1000)
        bares.append(time.perf_counter() - t)
    ours_solve, power, bare = min(solves), min(powers), min(bares)
    nodes = None
    if args.networkx_nodes and args.networkx_nodes < graph.n:
        nodes = np.sort(np.random.default_rng(1).choice(graph.n, args.networkx_nodes, replace=False))
    nx_time, _, nx_n, _ = run_networkx(graph, p, nodes)
    nx_note = "" if nodes is None else f" (subgraph of {nx_n:,} nodes, scaled ×{graph.n / nx_n:.1f})"
    nx_wall = nx_time.wall * (graph.n / nx_n)

    report.add(
        f"propagation: export from the store ({inputs.indexed.num_rows:,} edges)",
        f"{t1 - t0:.2f} s",
        "",
        "",
        "",
    )
    report.add(
        f"propagation: own risk + matrix + solve ({result.iterations} it., residual {result.residual:.1e})",
        f"{t2 - t1:.2f} s",
        "",
        "",
        "",
    )
    report.add(f"propagation: write-back ({written:,} subjects written)", f"{t3 - t2:.2f} s", "", "", "")
    report.add("propagation end to end", f"{t3 - t0:.2f} s", "", "", "≤ 4 s on 1M (issue 21)")
    report.add(
        f"solve on the built matrix (CG, {ours_it} it., residual {ours_res:.1e}; best of 3)",
        f"{ours_solve:.2f} s",
        f"bare scipy {bare:.2f} s ({it} it.); our power it. {power:.2f} s",
        f"{ours_solve / bare:.2f}×",
        "≤ 2×",
    )
    report.add(
        f"networkx.pagerank{nx_note}",
        f"{nx_wall:.1f} s",
        f"our solve {ours_solve:.2f} s",
        f"{nx_wall / ours_solve:.1f}× faster",
        "≥ 15×",
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path)
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument(
        "--networkx-nodes", type=int, default=0, help="networkx on a subgraph of this size (0 = whole)"
    )
    parser.add_argument(
        "--only",
        choices=["propagation", "rings", "screening", "reports", "entity"],
        help="run one section (propagation: export, solve, write-back; rings: shared-identifier rings; "
        "screening: 100,000 identifiers screened)",
    )
    parser.add_argument("--screen-ids", type=int, default=100_000, help="identifiers in the screening figure")
    args = parser.parse_args()
    db = args.db or build(args.subjects, Path(tempfile.mkdtemp(prefix="creditgraph-q-")))

    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.queries.alerts import courier_bans, reappearances
    from creditgraph.queries.related import related_parties

    store = EmbeddedStore(db, query_timeout_ms=120_000)
    n_subjects = sum(store.counts()["nodes"][x] for x in store.schema.subjects)
    report = Report(f"queries on {n_subjects:,} subjects ({db})")
    if args.only:
        {
            "propagation": lambda: propagation(store, report, args),
            "rings": lambda: rings(store, report),
            "screening": lambda: screening(store, report, args.screen_ids),
            "reports": lambda: reports(store, report, sample_subjects(store, 50)),
            "entity": lambda: entity_files(store, report, sample_subjects(store, args.samples)),
        }[args.only]()
        report.print()
        store.close()
        return
    refs = sample_subjects(store, args.samples)
    for ref in refs[:10]:  # warm the buffer pool
        related_parties(store, ref, depth=2, as_of=AS_OF)
    for depth, goal in ((2, "p50 ≤ 5 ms, p95 ≤ 50 ms"), (3, "p50 ≤ 30 ms, p95 ≤ 300 ms")):
        samples, sizes = walk_times(store, refs, depth, AS_OF)
        report.add(
            f"related parties, depth {depth} ({len(refs)} subjects, median {statistics.median(sizes):.0f} nodes)",
            ms(samples),
            "",
            "",
            goal,
        )

    t = time.perf_counter()
    hits = reappearances(store, AS_OF)
    first = time.perf_counter() - t
    # the first run compiles every query and fills the buffer pool; the figure is that cold run,
    # the warm median beside it shows what a repeated scan costs
    warm = []
    for _ in range(3):
        t = time.perf_counter()
        reappearances(store, AS_OF)
        warm.append(time.perf_counter() - t)
    report.add(
        f"reappearance scan, every basis ({len(hits)} hits; first run)",
        f"{first:.2f} s",
        f"warm: median of 3 {statistics.median(warm):.2f} s",
        "",
        "≤ 1 s",
    )
    t = time.perf_counter()
    bans = courier_bans(store, AS_OF)
    report.add(f"courier bans ({len(bans)} hits)", f"{time.perf_counter() - t:.2f} s", "", "", "")
    rings(store, report)
    entity_files(store, report, refs)
    screening(store, report, args.screen_ids)
    reports(store, report, refs[:50])
    propagation(store, report, args)
    report.print()
    store.close()


def rings(store, report: Report, runs: int = 3) -> None:
    """Shared-identifier rings end to end (median of ``runs``), beside the bare read of the links
    they start from (``SHARED_LINKS``: the links of every identifier with two links or more, one
    query per identifier label) in the same run: the ratio is what the component search, the
    flags and the output cost on top of the store's own read."""
    from creditgraph.queries.library import query_table
    from creditgraph.queries.rings import SHARED_LINKS, shared_identifier_rings

    def bare_read() -> int:
        return sum(query_table(store, name).num_rows for name in SHARED_LINKS.values())

    timed: dict[str, list[float]] = {"read": [], "rings": []}
    for _ in range(runs):
        t = time.perf_counter()
        links = bare_read()
        timed["read"].append(time.perf_counter() - t)
        t = time.perf_counter()
        found = shared_identifier_rings(store, AS_OF)
        timed["rings"].append(time.perf_counter() - t)
    read, whole = statistics.median(timed["read"]), statistics.median(timed["rings"])
    report.add(
        f"shared-identifier rings ({len(found)}), median of {runs} "
        f"(runs {', '.join(f'{x:.2f}' for x in timed['rings'])} s)",
        f"{whole:.2f} s",
        f"bare read of the {links:,} links: {read:.2f} s",
        f"{whole / read:.2f}x",
        "≤ 1 s on 1M",
    )


def screen_ids(store, n: int, seed: int = 2) -> list[str]:
    """``n`` identifiers as an approval system would send them: citizen IDs, USCCs and shop ids of
    the graph (listed ones among them), and one in twenty that the graph does not hold."""
    rng = random.Random(seed)
    pools = {
        "Person": [
            r["k"] for r in store.run("MATCH (p:Person) RETURN p.id_number AS k LIMIT 2000000") if r["k"]
        ],
        "Company": [r["k"] for r in store.run("MATCH (c:Company) RETURN c.key AS k LIMIT 2000000")],
        "Shop": [r["k"] for r in store.run("MATCH (s:Shop) RETURN s.key AS k LIMIT 2000000")],
    }
    listed = [r["k"] for r in store.run("MATCH (c:Company)-[:LISTED_IN]->(:ListEntry) RETURN c.key AS k")]
    ids = []
    for i in range(n):
        if i % 20 == 0:
            ids.append(f"PF99/ABSENT{i}")
        elif i % 10 == 1 and listed:
            ids.append(rng.choice(listed))
        else:
            label = rng.choices(("Person", "Company", "Shop"), weights=(45, 45, 10))[0]
            ids.append(rng.choice(pools[label]))
    return ids


def screening(store, report: Report, n: int, runs: int = 3) -> None:
    """Batch screening of ``n`` identifiers end to end (``service.screening.screen``: reading the
    ids, one read per kind, the purpose verdicts, the barred-role and reappearance hits, contacts),
    beside the bare store reads of the same subjects (``screen_subjects`` per kind) in the same run."""
    from creditgraph.queries.library import query
    from creditgraph.queries.screening import LABELS, read_ids
    from creditgraph.service.screening import screen

    ids = screen_ids(store, n)
    read = read_ids(store, ids)
    keys: dict[str, list[str]] = {}
    for r in read:
        if r.kind and r.key:
            keys.setdefault(r.kind, []).append(r.key)

    def bare() -> int:
        return sum(
            len(query(store, "screen_subjects", subject=LABELS[k], keys=v, as_of=AS_OF))
            for k, v in keys.items()
        )

    timed: dict[str, list[float]] = {"bare": [], "screen": []}
    for _ in range(runs):
        t = time.perf_counter()
        bare()
        timed["bare"].append(time.perf_counter() - t)
        t = time.perf_counter()
        answer = screen(store, ids, "招投标", AS_OF)
        timed["screen"].append(time.perf_counter() - t)
    b, w = statistics.median(timed["bare"]), statistics.median(timed["screen"])
    report.add(
        f"screening {n:,} ids ({answer['found']:,} found, {answer['listed']:,} listed), median of {runs} "
        f"(runs {', '.join(f'{x:.2f}' for x in timed['screen'])} s)",
        f"{w:.2f} s",
        f"bare screen_subjects reads: {b:.2f} s",
        f"{w / b:.2f}x",
        "≤ 10 s on 1M",
    )


def entity_files(store, report: Report, refs: list) -> None:
    """Entity files (一企一档 / 一人一档) of ``refs``, first read of each (nothing cached in the
    process), p50/p95, beside the bare read of the subject's own node in the same run."""
    from creditgraph.queries.entity import entity_file
    from creditgraph.queries.library import query

    bare, files = [], []
    for ref in refs:
        t = time.perf_counter()
        query(store, "subject", subject=ref.label, key=ref.key)
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        entity_file(store, ref, AS_OF)
        files.append(time.perf_counter() - t)
    report.add(
        f"entity file, first read ({len(refs)} subjects)",
        ms(files),
        f"subject node read: {ms(bare)}",
        f"{statistics.median(files) / statistics.median(bare):.1f}x (p50)",
        "p99 ≤ 100 ms over HTTP (issue 21)",
    )


def reports(store, report: Report, refs: list) -> None:
    """Credit reports of ``refs`` (``service.report.report``: entity file, measures, risk explained,
    the code), p50/p95, beside the entity file of the same subjects in the same run. The risk
    explanation needs one propagation run per day: the first report pays it (shown apart), the
    others reuse it as the API does (``api/routes/risk.py``)."""
    from creditgraph.queries.entity import entity_file
    from creditgraph.service import risk
    from creditgraph.service.report import report as credit_report

    run_cache: dict = {}

    def runs(day):
        if day not in run_cache:
            run_cache[day] = risk.run(store, day)
        return run_cache[day]

    t = time.perf_counter()
    credit_report(store, refs[0], AS_OF, runs=runs)
    first = time.perf_counter() - t
    made, files = [], []
    for ref in refs:
        t = time.perf_counter()
        entity_file(store, ref, AS_OF, history=False)
        files.append(time.perf_counter() - t)
        t = time.perf_counter()
        credit_report(store, ref, AS_OF, runs=runs)
        made.append(time.perf_counter() - t)
    p50, p50_file = statistics.median(made), statistics.median(files)
    report.add(
        f"credit report ({len(refs)} subjects; the first, with the day's propagation run: {first:.2f} s)",
        ms(made),
        f"entity file: {ms(files)}",
        f"{p50 / p50_file:.2f}x (p50)",
        "≤ 1 s per report on 1M",
    )


if __name__ == "__main__":
    main()
