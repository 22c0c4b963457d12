"""Faults: the Neo4j server stops mid-run. Every API request that needs the store answers 503 naming
Neo4j (no trace, no store text), every CLI command says so in one line, and the running service
recovers by itself once the server is back: stop, request, start, request.

The server here has its own home (build/neo4j-faults) and ports (the test ports + 2), so stopping
it never disturbs the shared test server; uvicorn is real (`creditgraph serve` with NEO4J_URI set).
It still runs in the live server's xdist group: two Neo4j servers starting at once on a 2-core machine
each take several times longer to be ready.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from api_data import KEYS
from neo4j_homes import SideServer, plain_env

from creditgraph.graph_model.stores.neo4j import Neo4jStore

from conftest import NEO4J_GROUP

pytest_plugins = ("api_fixtures",)
pytestmark = NEO4J_GROUP

AS_OF = "2026-06-30"
#: what answers without the store: liveness, and the objection rules (data shipped with the code)
STORE_FREE = {"/health", "/objections/rules"}


class FaultHome(SideServer):
    """A Neo4j server of its own (build/neo4j-faults, the test ports + 2), to stop and start."""

    def __init__(self, neo4j_server: dict[str, str]) -> None:
        super().__init__(neo4j_server, "neo4j-faults", 2)

    def cli(self, args: list[str], **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "creditgraph.api", *args],
            env=plain_env(**self.client_env, **env),
            capture_output=True,
            text=True,
            timeout=900,  # a busy shared machine
        )


@pytest.fixture(scope="module")
def fault_home(neo4j_server, tmp_path_factory):
    """The server, up, holding a small synthetic batch and the shipped policy data; stopped at the end."""
    from creditgraph.ingest.synth import synth

    home = FaultHome(neo4j_server)
    home.script("stop")
    shutil.rmtree(home.home / "data", ignore_errors=True)
    try:  # stopped however the set-up ends
        home.script("start")
        work = tmp_path_factory.mktemp("faults")
        synth(work / "batch", subjects=200, seed=2)
        home.batch = work / "batch"  # type: ignore[attr-defined]
        for args in (
            ["init"],
            ["ingest", "records", str(work / "batch"), "--as-of", AS_OF, "--json"],
            ["ingest", "policies", "--json"],
        ):
            done = home.cli(args)
            assert done.returncode == 0, done.stderr
        yield home
    finally:
        home.script("stop")


def _some(store: Neo4jStore, label: str) -> str:
    return store.run(f"MATCH (n:{label}) WHERE n.placeholder = false RETURN n.key AS k ORDER BY k LIMIT 1")[
        0
    ]["k"]


@pytest.fixture(scope="module")
def requests(fault_home) -> list[str]:
    """One GET of every route of the API (POST/PATCH validate their body before the store)."""
    store = Neo4jStore(fault_home.uri, password=fault_home.password)
    try:
        company, person = _some(store, "Company"), _some(store, "Person")
        other = store.run(
            "MATCH (c:Company) WHERE c.placeholder = false AND c.key > $k RETURN c.key AS k ORDER BY k LIMIT 1",
            {"k": company},
        )[0]["k"]
        product, agency = _some(store, "Product"), _some(store, "Agency")
        document = store.run("MATCH (d:PolicyDocument) RETURN d.key AS k ORDER BY k LIMIT 1")[0]["k"]
        jurisdiction = store.run("MATCH (c:Company {key: $k}) RETURN c.jurisdiction AS j", {"k": company})[0][
            "j"
        ]
    finally:
        store.close()
    subject = f"/subjects/company/{company}"
    return [
        "/health",
        "/ready",
        "/status",
        "/jurisdictions",
        f"/companies/{company}",
        f"/persons/{person}",
        "/lists",
        "/objections",
        "/objections/rules",
        "/objections/OBJ-20260101-00000000",
        f"{subject}/risk",
        "/risk/top",
        f"{subject}/related",
        subject,
        f"/paths?from_kind=company&from={company}&to_kind=company&to={other}",
        "/alerts/reappearances",
        "/alerts/courier-bans",
        "/alerts/shared-identifiers",
        f"/products/{quote(product, safe='')}/trace",
        f"/responsible?violation_type={quote('虚假宣传')}&jurisdiction={jurisdiction}",
        "/agencies",
        f"/agencies/{quote(agency, safe='')}",
        "/documents",
        f"/documents/{quote(document, safe='')}/tasks",
        f"/search?q={quote('公司')}",
    ]


@pytest.fixture(scope="module")
def api_on_neo4j(fault_home, tmp_path_factory):
    from api_fixtures import ApiServer  # the plugin pytest_plugins loads, imported once it is

    server = ApiServer(tmp_path_factory.mktemp("faults_api"), **fault_home.client_env).start()
    yield server
    server.stop()


def _get_all(server, paths: list[str], workers: int) -> dict[str, tuple[int, dict, dict]]:
    """Every request, ``workers`` at a time (a down store makes each one wait out the driver's retries)."""

    def get(path: str) -> tuple[int, dict, dict]:
        with server.client("investigator") as c:
            r = c.get(path, timeout=120)
            return r.status_code, r.json(), dict(r.headers)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(get, paths), strict=True))


def test_api_answers_503_naming_neo4j_while_it_is_down_and_recovers_by_itself(
    fault_home, api_on_neo4j, requests
):
    assert KEYS["investigator"]
    fault_home.script("stop")
    down = _get_all(api_on_neo4j, requests, len(requests))
    for path, (status, body, headers) in down.items():
        if path.split("?")[0] in STORE_FREE:
            assert status == 200, path
            continue
        assert status == 503, (path, status, body)
        assert body == {
            "detail": "the Neo4j store is unavailable or refused the query; try again later",
            "errors": [],
        }, path
        assert headers.get("retry-after") == "5"

    fault_home.script("start")
    # the same service, never restarted: it answers again once the server does (its first queries
    # on a cold server may take a while on a busy machine, hence the wait before the full round)
    deadline = time.monotonic() + 120
    with api_on_neo4j.client("investigator") as c:
        while c.get("/ready", timeout=60).status_code != 200:
            assert time.monotonic() < deadline, "the service did not recover within 120 s"
            time.sleep(1)
    up = _get_all(api_on_neo4j, requests, 2)
    for path, (status, body, _) in up.items():
        assert status in (200, 404), (path, status, body)  # an objection that was never filed: 404
    assert up["/ready"][1] == {"status": "ready", "backend": "neo4j"}
    assert up["/status"][1]["nodes"]["Company"] > 0
    assert sum(status == 200 for status, _, _ in up.values()) >= len(requests) - 1
    log = api_on_neo4j.log.read_text(encoding="utf-8")
    assert "Traceback" not in log and "store error on GET" in log


def _cli_commands(batch: Path, out: Path) -> list[list[str]]:
    return [
        ["init"],
        ["status"],
        ["checkpoint"],
        ["ingest", "records", str(batch), "--as-of", AS_OF, "--json"],
        ["ingest", "policies", "--json"],
        ["responsible", "虚假宣传", "--jurisdiction", "320400"],
        ["tasks"],
        ["alerts", "reappearances", "--as-of", AS_OF],
        ["alerts", "courier-bans", "--as-of", AS_OF],
        ["alerts", "shared-identifiers", "--as-of", AS_OF],
        ["risk", "propagate", "--as-of", AS_OF, "--json"],
        ["risk", "top"],
        ["risk", "explain", "company", "91320400MA1X2Y3Z4K"],
        ["export", "neo4j-import", str(out), "--from", str(batch), "--secret-from-db", "--as-of", AS_OF],
    ]


def test_every_cli_command_says_neo4j_is_down_in_one_line(fault_home, tmp_path):
    fault_home.script("stop")
    commands = _cli_commands(fault_home.batch, tmp_path / "export")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(fault_home.cli, commands))
    for args, done in zip(commands, results, strict=True):
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert lines == ["error: Neo4j cannot be reached (check NEO4J_URI and that the server is up)"], (
            args,
            done.stderr,
        )
        assert "Traceback" not in done.stdout
    fault_home.script("start")
    done = fault_home.cli(["status", "--json"])
    assert done.returncode == 0 and '"Company"' in done.stdout, done.stderr
