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
