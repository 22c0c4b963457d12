"""API test servers: real uvicorn processes (`creditgraph serve`) on free loopback ports, each on
its own temporary embedded database seeded with api_data.seed.

A pytest plugin that the API test modules load with ``pytest_plugins = ("api_fixtures",)``, not a
conftest.py: a second module named ``conftest`` would shadow tests/conftest.py for the test
modules that ``from conftest import ...``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_data import ENV_KEYS, KEYS, seed

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env.update(
        CREDITGRAPH_DB=str(workdir / "db.lbug"),
        CREDITGRAPH_API_KEYS=ENV_KEYS,
        CREDITGRAPH_API_KEYS_FILE=str(workdir / "api_keys.json"),
        CREDITGRAPH_AUDIT_LOG=str(workdir / "audit.jsonl"),
    )
    env.update(extra)
    return env


class ApiServer:
    """``python -m creditgraph.api serve`` in a subprocess; its output goes to ``log``."""

    def __init__(self, workdir: Path, **env: str) -> None:
        self.workdir = workdir
        self.env = base_env(workdir, **env)
        self.log = workdir / "server.log"
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> ApiServer:
        for _attempt in range(3):
            self.port = free_port()
            with open(self.log, "ab") as fh:
                self.proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "creditgraph.api",
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(self.port),
                    ],
                    env=self.env,
                    cwd=self.workdir,
                    stdout=fh,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                        return self
                except httpx.HTTPError:
                    time.sleep(0.1)
            self.stop()
        raise RuntimeError(f"the API server did not start; see {self.log}:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)

    def client(self, role: str | None = None, key: str | None = None) -> httpx.Client:
        headers = {}
        if key or role:
            headers["X-API-Key"] = key or KEYS[role]
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def _server(tmp_path_factory, name: str, extra_entries: int = 0, **env: str) -> Iterator[ApiServer]:
    workdir = tmp_path_factory.mktemp(name)
    seed(workdir / "db.lbug", extra_entries)
    server = ApiServer(workdir, **env).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def api(tmp_path_factory) -> Iterator[ApiServer]:
    """The main test server (default settings)."""
    yield from _server(tmp_path_factory, "api")


@pytest.fixture(scope="session")
def slow_api(tmp_path_factory) -> Iterator[ApiServer]:
    """A server whose store interrupts every query after 1 ms, on 5,000 list entries (enough that
    counting them takes longer than that)."""
    yield from _server(tmp_path_factory, "slow", extra_entries=5_000, CREDITGRAPH_QUERY_TIMEOUT_MS="1")


SYNTH_AS_OF = "2026-06-30"


def seed_synth(workdir: Path, subjects: int = 1200, seed: int = 3) -> dict:
    """A synthetic batch (kept in ``workdir/batch`` with its truth.json) loaded into
    ``workdir/db.lbug`` with the shipped policy data and risk scores written back; returns the truth."""
    import json
    from datetime import date

    from creditgraph.graph_model.identity import ensure_secret
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.ingest.policies import read_policy_data
    from creditgraph.ingest.policies.graph import load_policy_corpus
    from creditgraph.ingest.records.loader import load_records
    from creditgraph.ingest.synth import synth

    as_of = date.fromisoformat(SYNTH_AS_OF)
    synth(workdir / "batch", subjects=subjects, seed=seed)
    with EmbeddedStore(workdir / "db.lbug") as store:
        store.create_schema()
        ensure_secret(store)
        load_records(store, workdir / "batch", as_of=as_of, progress=False)
        load_policy_corpus(store, read_policy_data(), progress=False)
        try:
            from creditgraph.queries.risk import fetch_inputs, own_risk, propagate_risk, write_back
        except ImportError:  # pragma: no cover - risk propagation not there yet
            pass
        else:
            inputs = fetch_inputs(store)
            own = own_risk(inputs.violations, inputs.listings, as_of=as_of)
            write_back(store, propagate_risk(inputs.edges, own, subjects=inputs.subjects))
    return json.loads((workdir / "batch" / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def synth_api(tmp_path_factory) -> Iterator[ApiServer]:
    """A server on a synthetic batch (1,200 subjects, seed 3, as of 2026-06-30) plus the shipped
    policy data and risk scores; ``server.truth`` is the batch's truth.json."""
    workdir = tmp_path_factory.mktemp("synth_api")
    truth = seed_synth(workdir)
    server = ApiServer(workdir).start()
    server.truth = truth  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def clients(api):
    made = {role: api.client(role) for role in KEYS}
    yield made
    for c in made.values():
        c.close()


@pytest.fixture(scope="module")
def sx(synth_api):
    """One client per role on the synthetic batch's server, kept for a test module."""
    made = {role: synth_api.client(role) for role in KEYS}
    yield made
    for c in made.values():
        c.close()
