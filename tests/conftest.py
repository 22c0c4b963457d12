"""Shared fixtures: a real embedded store on disk in a temporary folder."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_model.stores.embedded import EmbeddedStore
from graph_model.stores.neo4j import Neo4jStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLICIES = SHARED / "policies"
CLI = [sys.executable, "-m", "api"]


def pytest_xdist_make_scheduler(config, log):
    """Tests run file by file across workers, except those of one xdist group (the live Neo4j server's
    tests: one database, so one worker at a time), which stay together whatever their file."""
    from xdist.scheduler import LoadScopeScheduling

    class FileOrGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):
                return "group:" + nodeid.rsplit("@", 1)[-1]
            return nodeid.split("::", 1)[0]

    return FileOrGroup(config, log)


NEO4J_GROUP = pytest.mark.xdist_group("neo4j")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a live-server test before it runs when it could share the server with another worker.

    The community edition has one database, so its tests must share one xdist worker. xdist moves them there
    by suffixing the test id with "@neo4j"; a pytest that ignores that suffix (9.2 does: it keeps the id in
    `_id`, xdist 3.8 writes `_nodeid`) or a test that reaches the server without the mark would let two
    workers empty the database under each other, and fail other tests at random."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    grouped = item.get_closest_marker("xdist_group") is not None
    if grouped and "@" not in item.nodeid.rsplit("]", 1)[-1]:
        pytest.fail(
            f"xdist did not tag {item.nodeid} with its group: this pytest/pytest-xdist pair cannot keep the "
            "live Neo4j tests on one worker (see the pin in pyproject.toml)",
            pytrace=False,
        )
    if "neo4j_server" in item.fixturenames and not grouped:
        pytest.fail(f"{item.nodeid} uses the live Neo4j server but is not marked NEO4J_GROUP", pytrace=False)


@pytest.fixture(scope="session")
def neo4j_server() -> dict[str, str]:
    """The live Neo4j test server. `make test` starts it (scripts/with-test-neo4j.sh) and stops it afterwards;
    a bare `pytest` starts the same server here, once, and leaves it running (`make neo4j-test-stop`)."""
    if not os.environ.get("TEST_NEO4J_URI"):
        home = Path(os.environ.get("TEST_NEO4J_HOME") or ROOT / "build" / "neo4j-test")
        env = {
            **os.environ,
            "NEO4J_HOME_DIR": str(home),
            "NEO4J_BOLT_PORT": os.environ.get("TEST_NEO4J_BOLT_PORT", "17687"),
            "NEO4J_HTTP_PORT": os.environ.get("TEST_NEO4J_HTTP_PORT", "17474"),
            "NEO4J_PASSWORD": os.environ.get("TEST_NEO4J_PASSWORD", "creditgraph-test"),
        }
        home.mkdir(parents=True, exist_ok=True)
        with open(home.parent / "neo4j-test.lock", "w") as lock:  # xdist workers start it once
            fcntl.flock(lock, fcntl.LOCK_EX)
            done = subprocess.run(
                ["bash", str(ROOT / "scripts" / "neo4j.sh"), "start"], env=env, capture_output=True, text=True
            )
        if done.returncode:
            pytest.fail(f"the Neo4j test server did not start: {done.stderr.strip()}", pytrace=False)
        os.environ["TEST_NEO4J_URI"] = f"bolt://127.0.0.1:{env['NEO4J_BOLT_PORT']}"
        os.environ["TEST_NEO4J_HTTP"] = f"http://127.0.0.1:{env['NEO4J_HTTP_PORT']}"
        os.environ["TEST_NEO4J_PASSWORD"] = env["NEO4J_PASSWORD"]
        os.environ["TEST_NEO4J_HOME"] = str(home)
    return {
        "uri": os.environ["TEST_NEO4J_URI"],
        "http": os.environ["TEST_NEO4J_HTTP"],
        "user": "neo4j",
        "password": os.environ["TEST_NEO4J_PASSWORD"],
        "home": os.environ["TEST_NEO4J_HOME"],
    }


def clear_neo4j(store: Neo4jStore) -> None:
    """An empty graph and no schema: the community edition has one user database, shared by every test."""
    with store.driver.session(database=store.database) as session:  # IN TRANSACTIONS needs an auto-commit one
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    for row in store.run("SHOW CONSTRAINTS YIELD name"):
        store.run(f"DROP CONSTRAINT `{row['name']}` IF EXISTS", write=True)
    for row in store.run(
        "SHOW INDEXES YIELD name, type, owningConstraint WHERE type <> 'LOOKUP' AND owningConstraint IS NULL"
    ):
        store.run(f"DROP INDEX `{row['name']}` IF EXISTS", write=True)


def empty_neo4j_store(server: dict[str, str]) -> Neo4jStore:
    """A Neo4jStore on the live test server, from an empty graph with the product's schema declared
    (for fixtures of any scope; the caller closes it)."""
    s = Neo4jStore(server["uri"], user=server["user"], password=server["password"], query_timeout_ms=60_000)
    clear_neo4j(s)
    s.create_schema()
    return s


@pytest.fixture
def neo4j_store(neo4j_server):
    """A Neo4jStore on the live test server, from an empty graph with the product's schema declared."""
    s = empty_neo4j_store(neo4j_server)
    yield s
    s.close()


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
