"""Shared fixtures: a real embedded store on disk in a temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from graph_model.stores.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLICIES = SHARED / "policies"
CLI = [sys.executable, "-m", "api"]


@pytest.fixture
def store(tmp_path: Path):
    s = EmbeddedStore(tmp_path / "db.lbug", query_timeout_ms=20_000)
    s.create_schema()
    yield s
    s.close()


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env["CREDITGRAPH_DB"] = str(tmp_path / "cli.lbug")
    return env


@pytest.fixture(scope="session")
def synth_graph(tmp_path_factory):
    """A factory of loaded synthetic graphs, one per (seed, subjects), built once per test session."""
    import json
    from datetime import date

    from ingest.records.loader import load_records
    from ingest.synth import synth

    built: dict[tuple[int, int], tuple[EmbeddedStore, dict]] = {}

    def get(seed: int = 3, subjects: int = 1200) -> tuple[EmbeddedStore, dict]:
        if (seed, subjects) not in built:
            root = tmp_path_factory.mktemp(f"synth{seed}")
            synth(root / "batch", subjects=subjects, seed=seed)
            truth = json.loads((root / "batch" / "truth.json").read_text(encoding="utf-8"))
            store = EmbeddedStore(root / "db.lbug")
            store.create_schema()
            load_records(store, root / "batch", as_of=date.fromisoformat(truth["as_of"]), progress=False)
            built[(seed, subjects)] = (store, truth)
        return built[(seed, subjects)]

    yield get
    for store, _ in built.values():
        store.close()
