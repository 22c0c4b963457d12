"""The benchmark's synthetic graph and baseline, at a tiny scale (the full run is benchmarks/propagation.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

from creditgraph.queries.risk import propagate_risk
from creditgraph.queries.risk.propagation import _power_iteration

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "propagation.py"


def load():
    spec = importlib.util.spec_from_file_location("bench_propagation", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_synthetic_graph_and_baseline_agree_with_ours():
    bench = load()
    edges, own = bench.synthetic(scale=0.002, seed=1)
    result = propagate_risk(edges, own, as_of=bench.AS_OF)
    assert result.graph.stats["generic_identifiers"] > 0 and result.residual < 1e-6
    p = result.own_by_node / result.own_by_node.sum()
    ours, iters, _ = _power_iteration(result.graph.transition, p, 0.85, 1e-6, 1000)
    bare, bare_iters = bench.bare_scipy(result.graph.transition, p, 0.85, 1e-6, 1000)
    assert iters == bare_iters and np.abs(ours - bare).sum() < 1e-9
