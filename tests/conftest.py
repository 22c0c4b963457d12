"""Shared fixtures: a real embedded store on disk in a temporary folder."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import Query

from creditgraph.api.config import ApiSettings
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.graph_model.stores.neo4j import Neo4jStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLICIES = SHARED / "policies"
CLI = [sys.executable, "-m", "creditgraph.api"]


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


def _schema_signature(store: Neo4jStore) -> list[tuple]:
    """Every constraint and index (lookup indexes aside) with what it covers, in a fixed order."""
    constraints = store.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties")
    indexes = store.run(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options WHERE type <> 'LOOKUP'"
    )
    rows = [("constraint", r["name"], r["type"], r["labelsOrTypes"], r["properties"]) for r in constraints]
    rows += [
        ("index", r["name"], r["type"], r["labelsOrTypes"], r["properties"], repr(r["options"]))
        for r in indexes
    ]
    return sorted(rows, key=repr)


#: The server's schema right after ``create_schema`` on an empty database (kept at the first reset).
_DECLARED: list[list[tuple]] = []


def _delete_all(store: Neo4jStore) -> None:
    if store.run("MATCH (n) RETURN count(n) AS c")[0]["c"]:
        with store.driver.session(database=store.database) as session:  # IN TRANSACTIONS: auto-commit
            # with a time limit: a lock another process holds fails the test instead of hanging it
            query = Query("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", timeout=120)
            session.run(query).consume()
        store.generation += 1


def _drop_schema(store: Neo4jStore) -> None:
    for row in store.run("SHOW CONSTRAINTS YIELD name"):
        store.run(f"DROP CONSTRAINT `{row['name']}` IF EXISTS", write=True)
    for row in store.run(
        "SHOW INDEXES YIELD name, type, owningConstraint WHERE type <> 'LOOKUP' AND owningConstraint IS NULL"
    ):
        store.run(f"DROP INDEX `{row['name']}` IF EXISTS", write=True)


def clear_neo4j(store: Neo4jStore) -> None:
    """An empty graph and no schema: the community edition has one user database, shared by every test."""
    _delete_all(store)
    _drop_schema(store)


def reset_neo4j(store: Neo4jStore) -> None:
    """An empty graph with exactly the product's declared schema, quickly: the data is deleted, and the
    constraints and indexes are kept when they are exactly what ``create_schema`` declared on an empty
    database (else all are dropped and declared again). Waits for the indexes to be online."""
    _delete_all(store)
    if _DECLARED and _schema_signature(store) == _DECLARED[0]:
        return
    _drop_schema(store)
    store.create_schema()
    store.run("CALL db.awaitIndexes(60)")
    if not _DECLARED:
        _DECLARED.append(_schema_signature(store))


def live_store(server: dict[str, str]) -> Neo4jStore:
    return Neo4jStore(
        server["uri"], user=server["user"], password=server["password"], query_timeout_ms=60_000
    )


def empty_neo4j_store(server: dict[str, str]) -> Neo4jStore:
    """A Neo4jStore on the live test server, from an empty graph with the product's schema declared
    (for fixtures of any scope; the caller closes it)."""
    s = live_store(server)
    reset_neo4j(s)
    return s


@pytest.fixture
def neo4j_store(neo4j_server):
    """A Neo4jStore on the live test server, from an empty graph with the product's schema declared."""
    s = empty_neo4j_store(neo4j_server)
    yield s
    s.close()


@pytest.fixture
def embedded_store(tmp_path: Path):
    """The embedded store, for what only it has (COPY, its write paths, the file on disk)."""
    s = EmbeddedStore(tmp_path / "db.lbug", query_timeout_ms=20_000)
    s.create_schema()
    yield s
    s.close()


STORES = ["embedded", pytest.param("neo4j", marks=NEO4J_GROUP)]


@pytest.fixture(params=STORES)
def store(request):
    """Each store-level test runs on both stores, each time from an empty graph with the schema declared."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(params=STORES)
def fresh_store(request, tmp_path: Path):
    """A factory of empty stores with the schema declared. On Neo4j (one user database) a new one
    empties the previous one, so a test holds one at a time: compare dumps, not live stores."""
    opened: list = []

    def make(name: str = "db"):
        if request.param == "embedded":
            s = EmbeddedStore(tmp_path / f"{name}.lbug", query_timeout_ms=20_000)
            s.create_schema()
        else:
            s = live_store(request.getfixturevalue("neo4j_server"))
            reset_neo4j(s)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env["CREDITGRAPH_DB"] = str(tmp_path / "cli.lbug")
    env["CREDITGRAPH_AUDIT_LOG"] = str(tmp_path / "audit.jsonl")  # a CLI screening is audited
    return env


FIXTURE_BATCH = Path(__file__).resolve().parent / "fixtures" / "records" / "batch"


@pytest.fixture
def fixture_cli(cli_env, tmp_path, request):
    """The CLI's environment with the fixture batch loaded (as of 2026-06-30) into its embedded store
    on disk; a test module changes the batch first by defining ``edit_batch(folder)``."""
    store = EmbeddedStore(cli_env["CREDITGRAPH_DB"])
    store.create_schema()
    _load_fixture_batch(store, tmp_path / "cli-batch", request)
    store.close()
    return cli_env


@pytest.fixture
def fixture_graph(store, tmp_path, request):
    """The fixture batch loaded (as of 2026-06-30) into ``store``, on each store: ``(store, the load's
    summary)``; a test module changes the batch first by defining ``edit_batch(folder)``."""
    return store, _load_fixture_batch(store, tmp_path / "batch", request)


def _load_fixture_batch(store, batch: Path, request):
    """Copy the fixture batch to ``batch``, let the test module edit it, load it; the load's summary."""
    import shutil
    from datetime import date

    from creditgraph.ingest.records.loader import load_records

    shutil.copytree(FIXTURE_BATCH, batch)
    edit = getattr(request.module, "edit_batch", None)
    if edit is not None:
        edit(batch)
    return load_records(store, batch, as_of=date(2026, 6, 30), progress=False)


def served_settings(db: Path, tmp_path: Path, api_keys: str = "r:regulator:reg") -> ApiSettings:
    """An API's settings over the embedded database ``db``: ``api_keys`` as ``KEY:ROLE:NAME`` pairs,
    the keys file and the audit log in ``tmp_path``, nothing read from the environment."""
    return ApiSettings(
        _env_file=None,
        db=db,
        neo4j_uri=None,
        api_keys=api_keys,
        api_keys_file=tmp_path / "keys.json",
        audit_log=tmp_path / "audit.jsonl",
    )


@pytest.fixture(scope="session")
def synth_batch(tmp_path_factory):
    """A factory of synthetic batches (folder and truth), one per (seed, subjects), written once per session."""
    import json

    from creditgraph.ingest.synth import synth

    built: dict[tuple[int, int], tuple[Path, dict]] = {}

    def get(seed: int = 3, subjects: int = 1200) -> tuple[Path, dict]:
        if (seed, subjects) not in built:
            folder = tmp_path_factory.mktemp(f"synth{seed}_{subjects}") / "batch"
            synth(folder, subjects=subjects, seed=seed)
            built[(seed, subjects)] = folder, json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        return built[(seed, subjects)]

    return get


def _load(store, folder: Path, truth: dict) -> None:
    from datetime import date

    from creditgraph.ingest.records.loader import load_records

    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)


@pytest.fixture(scope="session")
def _embedded_graphs(tmp_path_factory):
    """Loaded embedded graphs by name, each built once per session: ``get(name, build)`` -> (store, built)."""
    built: dict[str, tuple[EmbeddedStore, object]] = {}

    def get(name: str, build):
        if name not in built:
            store = EmbeddedStore(tmp_path_factory.mktemp("graph") / "db.lbug")
            store.create_schema()
            built[name] = store, build(store)
        return built[name]

    yield get
    for store, _ in built.values():
        store.close()


#: The Meta key naming the loaded graph the live server holds (a reset deletes it with the graph).
LOADED_MARK = "test_loaded_graph"


@pytest.fixture(scope="session")
def _neo4j_graphs(neo4j_server):
    """The live server holds one graph at a time: a named one is built when another (or nothing) is
    there, and kept for the next test that asks for the same one (tests that only read it)."""
    store = live_store(neo4j_server)
    results: dict[str, object] = {}

    def get(name: str, build):
        if store.get_meta(LOADED_MARK) != name or name not in results:
            reset_neo4j(store)
            results[name] = build(store)
            store.set_meta(LOADED_MARK, name)
        return store, results[name]

    yield get
    store.close()


@pytest.fixture(params=STORES)
def loaded_graph(request):
    """Named graphs loaded once on each store and only read by the tests: ``loaded_graph(name, build)``
    -> (store, what ``build(store)`` returned)."""
    return request.getfixturevalue(f"_{request.param}_graphs")


@pytest.fixture
def synth_graph(loaded_graph, synth_batch):
    """A factory of loaded synthetic graphs on each store: ``synth_graph(seed, subjects)`` -> (store, truth)."""

    def get(seed: int = 3, subjects: int = 1200):
        folder, truth = synth_batch(seed, subjects)
        store, _ = loaded_graph(f"synth:{seed}:{subjects}", lambda s: _load(s, folder, truth))
        return store, truth

    return get


@pytest.fixture
def query_calls(monkeypatch):
    """``query_calls(module, …)`` counts, by name, the library queries those modules run from then
    on (each module's own ``query``, as it calls it): how a test sees which reads a walk made."""
    from collections import Counter

    calls: Counter = Counter()

    def watch(*modules) -> Counter:
        for module in modules:
            real = module.query

            def counting(on, name, /, *a, _real=real, **k):
                calls[name] += 1
                return _real(on, name, *a, **k)

            monkeypatch.setattr(module, "query", counting)
        return calls

    return watch
