"""`creditgraph ingest records` as a user runs it: JSON summary, rejects file, killed and re-run."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.synth import synth

from conftest import CLI
from graph_fingerprint import fingerprint


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "batch"
    synth(folder, subjects=4000, seed=21, bad_rows=0.01)
    return folder


def _env(cli_env: dict[str, str], db: Path) -> dict[str, str]:
    return {**cli_env, "CREDITGRAPH_DB": str(db), "CREDITGRAPH_ID_SECRET": "same-secret-for-both-runs"}


def _ingest(env, batch: Path, *extra: str, mode: str = "bulk") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, "ingest", "records", str(batch), "--as-of", "2026-06-30", "--json", "--mode", mode, *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_json_summary_names_the_rejects_file_and_counts(cli_env, big_batch, tmp_path):
    rejects = tmp_path / "my-rejects.csv"
    res = _ingest(_env(cli_env, tmp_path / "a.lbug"), big_batch, "--rejects", str(rejects))
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["rejects_file"] == str(rejects) and rejects.exists()
    truth = json.loads((big_batch / "truth.json").read_text(encoding="utf-8"))
    assert summary["rejected"] == len({(b["file"], b["line"]) for b in truth["bad_rows"]})
    assert {f["file"] for f in summary["files"]} == set(truth["counts"])
    assert summary["mode"] == "bulk"


def test_a_killed_ingest_rerun_ends_in_the_same_graph(cli_env, big_batch, tmp_path):
    clean_db = tmp_path / "clean.lbug"
    started = time.monotonic()
    assert _ingest(_env(cli_env, clean_db), big_batch).returncode == 0
    duration = time.monotonic() - started

    killed_db = tmp_path / "killed.lbug"
    env = _env(cli_env, killed_db)
    proc = subprocess.Popen(
        [*CLI, "ingest", "records", str(big_batch), "--as-of", "2026-06-30", "--json", "--mode", "bulk"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(duration * 0.7)  # well into the writes: validation comes first
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rerun = _ingest(env, big_batch, mode="auto")  # the same command a user re-runs: MERGE what is missing
    assert rerun.returncode == 0, rerun.stderr

    stores = [EmbeddedStore(clean_db, read_only=True), EmbeddedStore(killed_db, read_only=True)]
    try:
        assert fingerprint(stores[0]) == fingerprint(stores[1])
    finally:
        for s in stores:
            s.close()


def test_bad_arguments_are_one_line(cli_env, tmp_path):
    env = _env(cli_env, tmp_path / "x.lbug")
    res = subprocess.run(
        [*CLI, "ingest", "records", str(tmp_path / "missing")], env=env, capture_output=True, text=True
    )
    assert res.returncode == 2 and "not a folder" in res.stderr and "Traceback" not in res.stderr
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "companies.csv").write_text("uscc,name\n", encoding="utf-8")
    res = subprocess.run(
        [*CLI, "ingest", "records", str(tmp_path / "b"), "--as-of", "2026-13-01"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and "--as-of" in res.stderr


def test_forcing_bulk_into_a_non_empty_store_is_refused(cli_env, big_batch, tmp_path):
    env = _env(cli_env, tmp_path / "twice.lbug")
    assert _ingest(env, big_batch).returncode == 0
    res = _ingest(env, big_batch)
    assert res.returncode == 2 and "empty" in res.stderr


def test_an_incremental_load_waits_in_the_wal_until_a_checkpoint(cli_env, big_batch, tmp_path):
    """Incremental loads close without Ladybug's checkpoint: the batch is committed in the WAL,
    every open sees it, and `creditgraph checkpoint` folds it into the database file."""
    db = tmp_path / "inc.lbug"
    env = _env(cli_env, db)
    assert _ingest(env, big_batch, mode="incremental").returncode == 0
    wal = Path(f"{db}.wal")
    assert wal.is_file() and wal.stat().st_size > 0
    store = EmbeddedStore(db, read_only=True)
    try:
        pending = fingerprint(store)
    finally:
        store.close()
    assert wal.is_file(), "a read-only open replays the WAL and leaves it"
    res = subprocess.run([*CLI, "checkpoint"], env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert not wal.exists() or wal.stat().st_size == 0
    store = EmbeddedStore(db, read_only=True)
    try:
        assert fingerprint(store) == pending
    finally:
        store.close()
