"""`make demo` as a newcomer runs it (scripts/demo.sh on a small synthetic jurisdiction): the
keys note is private to its owner, the keys work, and the demo names real subjects to try."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Demo:
    db: Path
    url: str
    output: Path

    @property
    def keys_note(self) -> Path:
        return self.db.parent / "demo-api-keys.txt"

    def keys(self) -> dict[str, str]:
        rows = (line.split("\t") for line in self.keys_note.read_text(encoding="utf-8").splitlines())
        return {role: key for role, key in rows}


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Iterator[Demo]:
    """scripts/demo.sh with 200 subjects, serving on a free port until the session ends."""
    work = tmp_path_factory.mktemp("demo")
    db = work / "data" / "creditgraph.lbug"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env |= {"DEMO_SUBJECTS": "200", "CREDITGRAPH_AUDIT_LOG": str(work / "audit.jsonl"), "COLUMNS": "200"}
    output = work / "demo.log"
    with output.open("wb") as fh:
        proc = subprocess.Popen(
            ["bash", "scripts/demo.sh", str(db), "127.0.0.1", str(port)],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the demo did not come up:\n{output.read_text()[-3000:]}")
            time.sleep(1)
        yield Demo(db, url, output)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)


def test_the_demo_keys_note_is_readable_by_its_owner_only(demo):
    assert stat.S_IMODE(demo.keys_note.stat().st_mode) == 0o600
    keys = demo.keys()
    assert set(keys) == {"investigator", "regulator", "analyst", "public"}
    assert httpx.get(demo.url + "/status", headers={"X-API-Key": keys["regulator"]}).status_code == 200
    assert httpx.get(demo.url + "/status", headers={"X-API-Key": keys["public"]}).status_code == 403


def test_the_demo_names_real_subjects_to_try_and_their_commands_run(demo):
    """Issue 18: the demo prints a few subjects of the graph it built, each with a command that
    answers about it (run here beside the serving demo), and no raw citizen ID."""
    from creditgraph.queries.subjects import is_citizen_id

    output = demo.output.read_text(encoding="utf-8")
    assert "Subjects of this graph to try:" in output
    commands = [line.strip() for line in output.splitlines() if line.startswith("  creditgraph ")]
    assert {c.split()[1] for c in commands} >= {"risk", "responsible"}
    assert any(" person " in c for c in commands) and any(" company " in c for c in commands)
    assert not [w for w in output.split() if is_citizen_id(w)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env["CREDITGRAPH_DB"] = str(demo.db)
    for command in commands:
        argv = [str(ROOT / ".venv" / "bin" / "creditgraph"), *command.split()[1:]]
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
        answer = json.loads(done.stdout)
        assert answer, command
