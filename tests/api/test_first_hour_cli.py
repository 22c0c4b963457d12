"""Issue 18, a newcomer's path through the CLI: reads never create a database, reads work beside
a running server, and a real write conflict says what to do."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from creditgraph.graph_model.stores.embedded import EmbeddedStore

from conftest import CLI

READS = [
    ("status",),
    ("risk", "top"),
    ("risk", "explain", "company", "91320412MA1MX00014"),
    ("alerts", "reappearances"),
    ("alerts", "courier-bans"),
    ("alerts", "shared-identifiers"),
    ("tasks",),
    ("responsible", "V01", "--jurisdiction", "320400"),
]
WRITES_INTO_A_GRAPH = [("risk", "propagate"), ("checkpoint",)]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


def _one_line(res: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in res.stderr, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    return lines[0]


@pytest.mark.parametrize("args", READS + WRITES_INTO_A_GRAPH, ids=" ".join)
def test_a_command_on_a_path_with_no_database_creates_nothing(cli_env, tmp_path, args):
    missing = tmp_path / "no" / "such" / "x.lbug"
    res = _cli(cli_env, "--db", str(missing), *args)
    assert res.returncode != 0
    assert _one_line(res) == f"error: no database at {missing}: run `creditgraph init`"
    assert not missing.exists() and not missing.parent.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serving(cli_env, tmp_path):
    """A real `creditgraph serve` holding the database open (read-write), as `make demo` leaves it."""
    store = EmbeddedStore(cli_env["CREDITGRAPH_DB"])
    store.create_schema()
    store.upsert_nodes("Company", [{"key": "91320412MA1MX00014", "name": "常州市湖塘纺织有限公司"}])
    store.close()
    port = _free_port()
    env = {
        **cli_env,
        "CREDITGRAPH_API_KEYS_FILE": str(tmp_path / "keys.json"),
        "CREDITGRAPH_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
    }
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not come up: {server.stderr.read()}") from None
                time.sleep(0.5)
        yield cli_env
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_reads_work_beside_a_running_server(serving):
    for args in (("status", "--json"), ("risk", "top", "--json"), ("tasks", "--json")):
        res = _cli(serving, *args)
        assert "in use by another process" not in res.stderr, (args, res.stderr)
        assert "Traceback" not in res.stderr, res.stderr
    status = _cli(serving, "status", "--json")
    assert status.returncode == 0, status.stderr
    assert '"Company": 1' in status.stdout


def test_a_write_beside_a_running_server_says_what_to_do(serving):
    res = _cli(serving, "risk", "propagate")
    assert res.returncode != 0
    line = _one_line(res)
    assert "in use by another process" in line and "stop that process" in line


@pytest.mark.parametrize("where", ["before", "after", "after="])
def test_db_is_taken_before_or_after_the_subcommand(cli_env, tmp_path, where):
    db = tmp_path / "given.lbug"
    env = {**cli_env, "CREDITGRAPH_DB": str(tmp_path / "default.lbug")}
    init = {
        "before": ["--db", str(db), "init"],
        "after": ["init", "--db", str(db)],
        "after=": ["init", f"--db={db}"],
    }
    res = _cli(env, *init[where])
    assert res.returncode == 0, res.stderr
    assert db.exists() and not (tmp_path / "default.lbug").exists()
    status = {"before": ["--db", str(db), "status", "--json"], "after": ["status", "--json", "--db", str(db)]}
    res = _cli(env, *status.get(where, status["after"]))
    assert res.returncode == 0, res.stderr
    assert '"Company": 0' in res.stdout
    script = Path(sys.executable).with_name("creditgraph")  # the installed console script
    res = subprocess.run([str(script), "status", "--db", str(db)], env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


@pytest.fixture
def risk_graph(cli_env) -> dict[str, str]:
    """The fixture batch and the shipped policy data, risk propagated through the CLI."""
    from creditgraph.ingest.records.loader import load_records

    batch = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "batch"
    store = EmbeddedStore(cli_env["CREDITGRAPH_DB"])
    store.create_schema()
    load_records(
        store, batch, rejects_path=Path(cli_env["CREDITGRAPH_DB"]).with_suffix(".rej"), progress=False
    )
    store.close()
    assert _cli(cli_env, "risk", "propagate", "--as-of", "2026-06-30").returncode == 0
    return cli_env


def test_risk_explain_names_persons_by_name_and_masked_id(risk_graph):
    res = _cli(risk_graph, "risk", "explain", "person", "320402199001010754", "--as-of", "2026-06-30")
    assert res.returncode == 0, res.stderr
    assert "王伟 320402********0754" in res.stdout
    assert not re.search(r"[0-9a-f]{64}", res.stdout)
    assert "320402199001010754" not in res.stdout


# 913204000000000849: an all-digit USCC whose last digit is also a right citizen-ID check character
@pytest.mark.parametrize("code", ["91320412MA1MX00014", "913204000000000849"])
def test_a_company_code_where_a_person_is_named_is_said_so_not_masked(risk_graph, code):
    from creditgraph.graph_model.types import uscc_check_char

    assert uscc_check_char(code[:17]) == code[17]
    res = _cli(risk_graph, "risk", "explain", "person", code)
    assert res.returncode == 2
    line = _one_line(res)
    assert code in line and "citizen ID" in line


def test_risk_propagate_prints_its_summary_and_no_blank_lines(risk_graph):
    res = _cli(risk_graph, "risk", "propagate", "--as-of", "2026-06-30")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines and all(line.strip() for line in lines), res.stdout
    assert lines[0].startswith("scored ")
