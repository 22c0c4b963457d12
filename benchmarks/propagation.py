"""Benchmark risk propagation on a synthetic 1M-subject graph against bare scipy and networkx.

    .venv/bin/python benchmarks/propagation.py [--scale 1.0] [--nx-nodes N] [--seed 7]

The graph: 1M subjects (companies, people, shops, couriers, platforms), ~1.45M shared
identifiers each held by 2-3 subjects, a few hundred generic ones (dropped), ~4.1M edges, 5% of
them ended before the as-of date. Own risk on 2% of subjects. Prints one table.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from creditgraph.queries.risk.matrix import build_graph
from creditgraph.queries.risk.own import own_risk
from creditgraph.queries.risk.propagation import _conjugate_gradient, _power_iteration, propagate_risk

AS_OF = date(2025, 6, 30)
ALPHA, TOL, MAX_ITER = 0.85, 1e-6, 1000
PREFIX = {
    "Company": "91320",
    "Person": "pe",
    "Shop": "sh/",
    "Courier": "cr",
    "Platform": "pl",
    "Phone": "ph",
    "Address": "ad",
    "Account": "ac",
}


def _keys(prefix: str, ids: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(pa.array(ids), pa.string()), pa.scalar(""))


def synthetic(scale: float = 1.0, seed: int = 7) -> tuple[pa.Table, pd.DataFrame]:
    """A seeded edge table in ``Store.export_edges`` shape, and own risk for 2% of subjects."""
    rng = np.random.default_rng(seed)
    n = {k: max(int(v * scale), 1) for k, v in dict(
        Company=500_000, Person=400_000, Shop=90_000, Courier=9_950, Platform=50,
        Phone=700_000, Address=450_000, Account=300_000,
    ).items()}  # fmt: skip
    subjects = ["Company", "Person", "Shop", "Courier", "Platform"]
    parts: list[pa.Table] = []

    def add(kind: str, src_label: str, src: np.ndarray, dst_label: str, dst: np.ndarray) -> None:
        m = len(src)
        parts.append(
            pa.table(
                {
                    "type": pa.array(np.full(m, kind)).dictionary_encode().cast(pa.string()),
                    "src_label": pa.array(np.full(m, src_label)).dictionary_encode().cast(pa.string()),
                    "src": _keys(PREFIX[src_label], src),
                    "dst_label": pa.array(np.full(m, dst_label)).dictionary_encode().cast(pa.string()),
                    "dst": _keys(PREFIX[dst_label], dst),
                }
            )
        )

    def pick(label: str, m: int) -> np.ndarray:
        return rng.integers(0, n[label], m)

    c, p = n["Company"], n["Person"]
    add("LEGAL_REP_OF", "Person", pick("Person", int(0.8 * c)), "Company", rng.permutation(c)[: int(0.8 * c)])
    add("OFFICER_OF", "Person", pick("Person", int(0.6 * c)), "Company", pick("Company", int(0.6 * c)))
    add("SHAREHOLDER_OF", "Person", pick("Person", int(0.5 * c)), "Company", pick("Company", int(0.5 * c)))
    add("SHAREHOLDER_OF", "Company", pick("Company", int(0.1 * c)), "Company", pick("Company", int(0.1 * c)))
    shops = np.arange(n["Shop"])
    half = len(shops) // 2
    add("OPERATES", "Person", pick("Person", half), "Shop", shops[:half])
    add("OPERATES", "Company", pick("Company", len(shops) - half), "Shop", shops[half:])
    add("OPERATES", "Company", pick("Company", n["Courier"]), "Courier", np.arange(n["Courier"]))
    add("OPERATES", "Company", pick("Company", n["Platform"]), "Platform", np.arange(n["Platform"]))
    add("ON_PLATFORM", "Shop", shops, "Platform", pick("Platform", len(shops)))
    # identifiers: each held by two subjects, a tenth by a third, 0.1% generic (held by ~100)
    weights = np.array([c, p, n["Shop"], n["Courier"], n["Platform"]], dtype=float)
    for ident in ("Phone", "Address", "Account"):
        k = n[ident]
        holders = np.concatenate([np.arange(k), np.arange(k), rng.integers(0, k, k // 10)])
        generic = rng.integers(0, max(k // 1000, 1), 100 * max(k // 1000, 1))
        holders = np.concatenate([holders, generic])
        label_of = rng.choice(len(subjects), size=len(holders), p=weights / weights.sum())
        for li, label in enumerate(subjects):
            sel = label_of == li
            add(f"HAS_{ident.upper()}", label, pick(label, int(sel.sum())), ident, holders[sel])
    table = pa.concat_tables(parts)
    m = table.num_rows
    since = rng.integers(0, 3650, m)
    ended = rng.random(m) < 0.05
    until = np.where(ended, rng.integers(3650, 5200, m), -1)
    base = np.datetime64("2012-01-01")
    table = table.append_column("since", pa.array((base + since).astype("datetime64[D]")).cast(pa.date32()))
    table = table.append_column(
        "until",
        pa.array((base + until).astype("datetime64[D]"), mask=until < 0).cast(pa.date32()),
    )
    # own risk: 2% of subjects, exponential weights, 0.2% blacklisted (+10)
    risky = []
    for label in subjects:
        k = max(int(0.02 * n[label]), 1)
        ids = rng.choice(n[label], size=k, replace=False)
        risk = rng.exponential(3.0, k) + np.where(rng.random(k) < 0.1, 10.0, 0.0)
        risky.append(
            pd.DataFrame(
                {"label": label, "key": np.char.add(PREFIX[label], ids.astype(str)), "risk_own": risk}
            )
        )
    return table, pd.concat(risky, ignore_index=True)


def synthetic_violations(own: pd.DataFrame, seed: int, per_subject: int = 10) -> pd.DataFrame:
    """Violation records for the risky subjects (ten each), a tenth repaired, for timing own_risk."""
    rng = np.random.default_rng(seed)
    n = len(own) * per_subject
    decided = np.datetime64("2020-01-01") + rng.integers(0, 2000, n)
    repaired = np.where(rng.random(n) < 0.1, decided + 200, np.datetime64("NaT"))
    return pd.DataFrame(
        {
            "label": np.repeat(own["label"].to_numpy(), per_subject),
            "key": np.repeat(own["key"].to_numpy(), per_subject),
            "record": np.char.add("v", np.arange(n).astype(str)),
            "severity": rng.choice(["一般", "较重", "严重"], n),
            "decided_at": decided,
            "repaired_at": repaired,
        }
    )


def bare_scipy(
    matrix: sp.csr_array, p: np.ndarray, alpha: float, tol: float, max_iter: int
) -> tuple[np.ndarray, int]:
    """The baseline: the shortest honest power iteration on the same CSR matrix."""
    x = p
    for it in range(1, max_iter + 1):
        nxt = alpha * (matrix @ x) + (1 - alpha) * p
        err = np.abs(nxt - x).sum()
        x = nxt
        if err < tol:
            return x, it
    raise RuntimeError("baseline did not converge")


@dataclass
class Timing:
    wall: float  # median seconds on the clock
    cpu: float  # median seconds of this process's CPU (steadier on a shared machine)

    def __str__(self) -> str:
        return f"{self.wall:7.2f} s  (cpu {self.cpu:.2f} s)"


def timed(*fns: Callable[[], object], repeat: int = 1) -> tuple[list[Timing], list[object]]:
    """Run the functions in turn ``repeat`` times, interleaved so that load on a shared machine
    falls on all of them alike; medians of wall and CPU time."""
    walls: list[list[float]] = [[] for _ in fns]
    cpus: list[list[float]] = [[] for _ in fns]
    outs: list[object] = [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            gc.collect()
            w, c = time.perf_counter(), time.process_time()
            outs[i] = fn()
            walls[i].append(time.perf_counter() - w)
            cpus[i].append(time.process_time() - c)
    return [
        Timing(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)
    ], outs


def run_networkx(graph, p: np.ndarray, nodes: np.ndarray | None) -> tuple[Timing, np.ndarray, int, int]:
    """networkx.pagerank on the same weighted graph (or the subgraph on ``nodes``), tol scaled by N."""
    import networkx as nx

    a = graph.adjacency
    q = p
    if nodes is not None:
        a = a[nodes][:, nodes].tocsr()
        lonely = np.flatnonzero(np.asarray(a.sum(axis=1)).ravel() == 0)  # cut off by the sample
        a = (a + sp.csr_array((np.ones(len(lonely)), (lonely, lonely)), shape=a.shape)).tocsr()
        q = p[nodes] / p[nodes].sum() if p[nodes].sum() > 0 else np.full(len(nodes), 1 / len(nodes))
    g = nx.from_scipy_sparse_array(a, edge_attribute="weight")
    personalization = {int(i): float(q[i]) for i in np.flatnonzero(q)}
    n = g.number_of_nodes()
    w, c = time.perf_counter(), time.process_time()
    pr = nx.pagerank(
        g, alpha=ALPHA, personalization=personalization, tol=TOL / n, max_iter=MAX_ITER, weight="weight"
    )
    elapsed = Timing(time.perf_counter() - w, time.process_time() - c)
    x = np.array([pr[i] for i in range(n)])
    return elapsed, x, n, g.number_of_edges()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--nx-nodes", type=int, default=0, help="run networkx on a subgraph of this many nodes (0 = full)"
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    edges, own = synthetic(args.scale, args.seed)
    gen = time.perf_counter() - t0
    print(
        f"synthetic graph: {edges.num_rows:,} edges, {len(own):,} subjects with own risk ({gen:.1f} s to generate)"
    )

    (build,), (graph,) = timed(
        lambda: build_graph(edges, as_of=AS_OF, subjects=own[["label", "key"]]), repeat=3
    )
    # the personalisation exactly as propagate_risk lays it down
    r = np.bincount(graph.subject_nodes, weights=own["risk_own"].to_numpy(), minlength=graph.n)
    p = r / r.sum()
    m = graph.transition
    m32, p32 = m.astype(np.float32), p.astype(np.float32)

    (ours, power, bare, ours32, bare32), outs = timed(
        lambda: _conjugate_gradient(graph, p, ALPHA, TOL, MAX_ITER),
        lambda: _power_iteration(m, p, ALPHA, TOL, MAX_ITER),
        lambda: bare_scipy(m, p, ALPHA, TOL, MAX_ITER),
        lambda: _power_iteration(m32, p, ALPHA, TOL, MAX_ITER),
        lambda: bare_scipy(m32, p32, ALPHA, TOL, MAX_ITER),
        repeat=3,
    )
    (x, iters, residual), (_, iters_p, _), (_, iters_b), (x32, iters32, residual32), (_, iters32_b) = outs
    exact, _, _ = _power_iteration(m, p, ALPHA, 1e-10, MAX_ITER)
    (e2e, e2e32), (result, _) = timed(
        lambda: propagate_risk(edges, own, as_of=AS_OF),
        lambda: propagate_risk(edges, own, as_of=AS_OF, dtype=np.float32, method="power"),
    )
    quiet = result.scores[result.scores["risk_own"] == 0]
    top = quiet.sort_values("risk_rank").iloc[0]  # the highest-scoring subject with no own risk
    (explain,), (explanation,) = timed(lambda: result.explain(str(top["label"]), str(top["key"])))
    violations = synthetic_violations(own, args.seed)
    (own_t,), _ = timed(lambda: own_risk(violations, as_of=AS_OF))

    sample = None
    if args.nx_nodes and args.nx_nodes < graph.n:
        sample = np.sort(np.random.default_rng(args.seed).choice(graph.n, args.nx_nodes, replace=False))
    nx_t, xn, nx_n, nx_m = run_networkx(graph, p, sample)
    scale = 1.0 if sample is None else graph.transition.nnz / max(2 * nx_m, 1)
    nx_full, nx_cpu = nx_t.wall * scale, nx_t.cpu * scale
    if sample is None:
        nx_note = "full graph"
        agree = float(np.abs(xn - x).sum())
    else:
        nx_note = f"subgraph {nx_n:,} nodes/{nx_m:,} edges, ×{graph.transition.nnz / max(2 * nx_m, 1):.1f} scaled by nnz"
        agree = float("nan")

    st = graph.stats
    rows = [
        ("graph", f"{st['nodes']:,} nodes ({st['subjects']:,} subjects, {st['identifiers']:,} identifiers), "
                  f"{st['edges_used']:,} of {st['edges_in']:,} edges kept, nnz {st['nonzeros']:,}, "
                  f"{st['generic_identifiers']:,} generic identifiers dropped"),
        ("matrix build from the edge table (median of 3)", f"{build}"),
        ("our solve: conjugate gradients, float64 (median of 3)", f"{ours}  {iters} iterations, L1 residual {residual:.1e}"),
        ("our power iteration, float64 (median of 3)", f"{power}  {iters_p} iterations"),
        ("bare scipy power iteration, float64 (median of 3)", f"{bare}  {iters_b} iterations"),
        ("  ratio ours / bare, float64 (wall | cpu)", f"{ours.wall / bare.wall:7.2f} × | {ours.cpu / bare.cpu:.2f} ×  (goal ≤ 2)"),
        ("our power iteration, float32 (median of 3)", f"{ours32}  {iters32} iterations, L1 residual {residual32:.1e}"),
        ("bare scipy power iteration, float32 (median of 3)", f"{bare32}  {iters32_b} iterations"),
        ("  ratio our power it. / bare, float32 (wall | cpu)", f"{ours32.wall / bare32.wall:7.2f} × | {ours32.cpu / bare32.cpu:.2f} ×  (goal ≤ 2)"),
        ("  L1 |ours - converged to 1e-10|, float64 / float32",
         f"{np.abs(x - exact).sum():.1e} / {np.abs(x32 - exact).sum():.1e}"),
        ("propagate_risk end to end (build+solve+scores), float64", f"{e2e}  (goal ≤ 10 s)"),
        ("propagate_risk end to end, power iteration float32", f"{e2e32}"),
        (f"explain one subject ({explanation.extra['neighbourhood']:,}-node neighbourhood, 4 hops)",
         f"{explain}  coverage {explanation.coverage:.0%}"),
        (f"own_risk on {len(violations):,} violation records", f"{own_t}"),
        ("networkx.pagerank, tol=1e-6/N (graph already built)", f"{nx_t}  ({nx_note})"),
        ("  networkx, full graph", f"{nx_full:7.2f} s" + ("" if sample is None else "  (extrapolated)")),
        ("  ratio networkx / our solve, CG | power it. float32 (wall)",
         f"{nx_full / ours.wall:7.1f} × | {nx_full / ours32.wall:.1f} ×  (goal ≥ 15)"),
        ("  ratio networkx / our solve, CG | power it. float32 (cpu)",
         f"{nx_cpu / ours.cpu:7.1f} × | {nx_cpu / ours32.cpu:.1f} ×"),
        ("  ratio networkx / our end to end, float64 (wall | cpu)", f"{nx_full / e2e.wall:7.1f} × | {nx_cpu / e2e.cpu:.1f} ×"),
        ("  L1 |ours - networkx|", f"{agree:.1e}" if sample is None else "n/a (subgraph)"),
    ]  # fmt: skip
    width = max(len(a) for a, _ in rows)
    print()
    print(
        f"load average at the end: {', '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    for a, b in rows:
        print(f"{a:<{width}}  {b}")


if __name__ == "__main__":
    main()
