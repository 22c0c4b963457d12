"""Issue 18, crashes and silent loss: records before policies, broken rows, duplicate keys,
a summary that accounts for every row, reads that never create a database."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from graph_model.stores.embedded import EmbeddedStore
from ingest.records.loader import load_records
from ingest.synth import synth

from conftest import CLI

BATCH = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "batch"
AS_OF = date(2026, 6, 30)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def records_only(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A synthetic batch (with reappearances planted) in the CLI's database, and no policy data."""
    synth(tmp_path / "batch", subjects=300, seed=5)
    store = EmbeddedStore(cli_env["CREDITGRAPH_DB"])
    store.create_schema()
    load_records(store, tmp_path / "batch", as_of=AS_OF, progress=False)
    store.close()
    return cli_env


def _one_line_error(res: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in res.stderr, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    return lines[0]


def test_reappearances_before_policies_answer_without_agencies(records_only):
    res = _cli(records_only, "alerts", "reappearances", "--as-of", "2026-06-30", "--json")
    assert res.returncode == 0, res.stderr
    items = json.loads(res.stdout)
    assert items, "the synthetic batch plants reappearances"
    assert all(item["responsible"] == [] for item in items if "responsible" in item)


def test_responsible_before_policies_says_what_to_run(records_only):
    res = _cli(records_only, "responsible", "恶意刷单", "--jurisdiction", "320400")
    assert res.returncode != 0
    assert "creditgraph ingest policies" in _one_line_error(res)
