"""Issue 18: the README's and docs' examples run, on a small demo graph (doctest-style).

Every fenced ```python block of README.md and docs/*.md is executed in order with ``CREDITGRAPH_DB``
pointing at a demo graph built here (400 subjects, seed 1). Every ```bash block runs too, command by
command, as a user would type it (the installed ``creditgraph``, in a folder of its own): optional
``[parts]`` included, a positional ``a|b|c`` once per choice, placeholders (``DIR``, ``OUT_DIR``,
``DATE`` …) filled in, ``--subjects`` made small and ``--port`` free; a command that serves is
started, asked for one page and stopped; the block that sets ``NEO4J_URI`` runs against the test
Neo4j server. The commands that cannot run here are listed in ``NOT_RUN``, each with its reason.

The examples name subjects of the `make demo` graph (20,000 subjects, seed 1); the test swaps each
for a subject of the same shape drawn from its smaller graph, and fails on any company code or
citizen ID it does not know, so an example cannot name a subject that exists nowhere.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import creditgraph
from creditgraph.demo import build_demo

from conftest import NEO4J_GROUP

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
# the subjects the examples name, in the `make demo` graph
DEMO_COMPANY = "91320413504986847Q"
DEMO_PERSON = "510104197606272573"  # DEMO_COMPANY's legal representative
CODES = re.compile(r"\b(?:9\d{7}[0-9A-Z]{10}|\d{17}[0-9X])\b")


def python_blocks() -> list[tuple[str, str]]:
    return [
        (f"{doc.name}#{i}", code) for doc in DOCS for i, code in enumerate(BLOCK.findall(doc.read_text()))
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A small demo graph and the subjects standing in for the examples' ones."""
    db = tmp_path_factory.mktemp("docs") / "demo.lbug"
    build_demo(db, subjects=400, seed=1, progress=False, batch_dir=db.parent / "batch")
    with creditgraph.connect(db, unmasked=True) as cg:
        row = cg.cypher(
            "MATCH (p:Person)-[:LEGAL_REP_OF]->(c:Company)-[:HAS_PHONE]->(:Phone) "
            "RETURN c.key AS company, p.id_number AS person ORDER BY company LIMIT 1"
        ).iloc[0]
    return db, {DEMO_COMPANY: row["company"], DEMO_PERSON: row["person"]}


def test_the_docs_have_python_examples():
    from creditgraph.api.examples import (
        DEMO_COMPANY as CHECKED,  # test_api_contract checks it is in the demo batch
    )

    assert DEMO_COMPANY == CHECKED
    names = [name for name, _ in python_blocks()]
    assert any(n.startswith("README.md") for n in names) and any(
        n.startswith("neo4j-browser.md") for n in names
    )


@pytest.mark.parametrize(("name", "code"), python_blocks(), ids=[n for n, _ in python_blocks()])
def test_python_example_runs_on_the_demo_graph(name, code, demo, monkeypatch):
    db, stand_ins = demo
    unknown = set(CODES.findall(code)) - set(stand_ins)
    assert not unknown, f"{name} names subjects the test does not know: {sorted(unknown)}"
    for example, real in stand_ins.items():
        code = code.replace(f'"{example}"', repr(real))
    monkeypatch.setenv("CREDITGRAPH_DB", str(db))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    scope: dict = {"__name__": f"docs_example_{name}"}
    exec(compile(code, name, "exec"), scope)
    graphs = [v for v in scope.values() if type(v).__name__ == "MultiDiGraph"]
    assert graphs and all(g.number_of_nodes() >= 2 for g in graphs), name


# -- the ```bash blocks ------------------------------------------------------------------------

BASH = re.compile(r"^```bash\n(.*?)^```", re.S | re.M)
VENV_BIN = ROOT / ".venv" / "bin"
POLICIES = ROOT.parent / "shared" / "policies"
SMALL = "300"  # subjects for a `synth` example (the README names the demo's 20000)

# Commands of the docs that do not run in the suite, each with the reason (matched by prefix).
NOT_RUN = {
    "make demo": "serves forever; tests/test_demo.py runs scripts/demo.sh itself and calls the API it serves",
    "make test": "the whole suite: this test is part of it",
    "make neo4j ": "starts the development Neo4j server on the shared ports 7687/7474; the suite uses its own "
    "test server (scripts/with-test-neo4j.sh, tests/conftest.py)",
    "make neo4j-stop ": "stops the development Neo4j server, which the suite never starts",
    "neo4j-admin database import full": "needs neo4j-admin on PATH and a stopped server; "
    "tests/test_neo4j_admin_import.py runs the command the export prints",
    "creditgraph export neo4j-import build/import --from data/batch-2026-06 --run": "imports into the "
    "stopped development server; tests/test_neo4j_admin_import.py runs --run on the test server's home",
    "export TEST_NEO4J_BOLT_PORT": "the ports for the next line, a test run",
    ".venv/bin/python -m pytest tests/browser_kit": "a test run: the suite runs tests/browser_kit itself",
    ".venv/bin/pip install": "installs packages; tests/test_make_notebook.py checks the extras",
    ".venv/bin/jupyter lab": "serves forever; tests/notebooks runs every notebook on a demo graph",
    "creditgraph verify-report": "the code is the one a report prints on the `make demo` graph; "
    "tests/service/test_report.py and tests/api/test_api_reports.py check codes made on their graphs",
    ".venv/bin/python -m creditgraph.queries.browser  ": "rewrites the committed browser/ files; "
    "tests/queries/test_browser.py checks they equal what it writes",
}
# Commands that serve until stopped: started, asked once for the page named, then stopped.
SERVES = {
    "creditgraph serve": "/health",
    ".venv/bin/python -m creditgraph.queries.browser serve": "/guide.html",
}
# Option values spelt a|b|c take the first; a positional a|b|c runs each.
ALTERNATIVE = re.compile(r"(?<![-\w])(--[\w-]+ )?([\w-]+(?:\|[\w-]+)+)")


def _lines(block: str) -> list[str]:
    """A block's commands: continuation lines joined, comments dropped, `a && b` split."""
    joined = re.sub(r"\\\n\s*", " ", block)
    out = []
    for line in joined.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        out += [part.strip() for part in line.split(" && ") if part.strip()]
    return out


def bash_blocks() -> list[tuple[str, list[str]]]:
    return [
        (f"{doc.name}#{i}", _lines(block))
        for doc in DOCS
        for i, block in enumerate(BASH.findall(doc.read_text()))
    ]


ASSIGNMENTS = re.compile(r"^(?:\w+=\S+\s+)+")


def not_run_reason(command: str) -> str | None:
    padded = ASSIGNMENTS.sub("", command) + "  "
    return next((why for prefix, why in NOT_RUN.items() if padded.startswith(prefix)), None)


def expand(command: str) -> list[str]:
    """The commands an example stands for: ``[optional]`` parts included, ``a | b`` as two
    commands of the same program, a positional ``a|b|c`` as one command each."""
    command = re.sub(r"\[([^\[\]]*)\]", r"\1", command)
    program = command.split()[0]
    parts = [p.strip() for p in command.split(" | ")]
    commands = [parts[0], *(f"{program} {p}" for p in parts[1:])]
    out = []
    for cmd in commands:
        m = ALTERNATIVE.search(cmd)
        if m is None:
            out.append(cmd)
            continue
        option, choices = m.group(1), m.group(2).split("|")
        picks = choices[:1] if option else choices
        out += [cmd[: m.start()] + (option or "") + pick + cmd[m.end() :] for pick in picks]
    return out


@dataclass
class Sandbox:
    """Where a block runs: its own folder and environment beside the demo graph."""

    root: Path
    env: dict[str, str]
    stand_ins: dict[str, str]
    batch: Path
    as_of: str

    def substitute(self, command: str) -> str:
        """The example's placeholders and demo subjects → this graph's and this folder's."""
        words = command.split()
        subs = {
            "OUT_DIR": str(self.root / "out"),
            "BATCH_DIR": str(self.batch),
            "FILE": str(self.root / ("policy_data.json" if "--out FILE" in command else "rejects.csv")),
            "DATE": self.as_of,
            "WHO": "docs-example",
            "DIR": str(POLICIES if "policies" in words else self.root / "out"),
        }
        words = [subs.get(w, w) for w in words]
        for i, w in enumerate(words[:-1]):
            if w == "--subjects":
                words[i + 1] = SMALL
            if w == "--port":
                words[i + 1] = str(_free_port())
        command = " ".join(words)
        command = command.replace("/var/lib/neo4j/import/creditgraph", str(self.root / "import"))
        command = command.replace("data/batch-2026-06", str(self.batch))
        command = command.replace(".venv/bin/", f"{VENV_BIN}/")
        for example, real in self.stand_ins.items():
            command = command.replace(example, real)
        return command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _served(argv: list[str], path: str, env: dict[str, str], cwd: Path) -> str:
    """Start a serving command, fetch ``path`` once it answers, stop it; its output on failure."""
    port = argv[argv.index("--port") + 1]
    log = cwd / f"serve-{port}.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2)
                assert answer.status_code == 200, f"{path} answered {answer.status_code}"
                return answer.text
            except httpx.TransportError:
                time.sleep(0.5)
        raise AssertionError(f"{shlex.join(argv)} did not serve {path}:\n{log.read_text()[-2000:]}")
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def run_command(command: str, box: Sandbox) -> None:
    """Run one example command as a user would; fail with its output if it fails."""
    if command.startswith("export "):
        for assignment in shlex.split(command)[1:]:
            name, _, value = assignment.partition("=")
            box.env[name] = value
        return
    argv = shlex.split(command)
    env = dict(box.env)
    while "=" in argv[0]:  # VAR=value before the command: for this command only
        name, _, value = argv.pop(0).partition("=")
        env[name] = value
    if argv[0] == "creditgraph":
        argv[0] = str(VENV_BIN / "creditgraph")
    served = next((path for prefix, path in SERVES.items() if box.substitute(prefix) in command), None)
    if served:
        assert _served(argv, served, env, box.root)
        return
    done = subprocess.run(argv, cwd=box.root, env=env, capture_output=True, text=True, timeout=600)
    said = f"$ {command}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
    assert done.returncode == 0, said
    assert "Traceback" not in done.stdout + done.stderr, said
    if "--json" in argv:
        json.loads(done.stdout)


@pytest.fixture
def sandbox(demo, tmp_path) -> Sandbox:
    db, stand_ins = demo
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env |= {
        "CREDITGRAPH_DB": str(db),
        "CREDITGRAPH_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
        "CREDITGRAPH_API_KEYS_FILE": str(tmp_path / "api_keys.json"),
        "COLUMNS": "200",
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    as_of = json.loads((db.parent / "batch" / "truth.json").read_text(encoding="utf-8"))["as_of"]
    ids = [
        "id",
        stand_ins[DEMO_COMPANY],
        stand_ins[DEMO_PERSON],
        "PF01/S00000001",
    ]  # `creditgraph screen ids.csv`
    (tmp_path / "ids.csv").write_text("\n".join(ids) + "\n", encoding="utf-8")
    return Sandbox(tmp_path, env, stand_ins, db.parent / "batch", as_of)


def test_every_bash_example_is_run_or_listed_with_a_reason():
    commands = [c for _, block in bash_blocks() for c in block]
    assert any(c.startswith("creditgraph risk explain") for c in commands)
    used = {p for c in commands for p in NOT_RUN if (ASSIGNMENTS.sub("", c) + "  ").startswith(p)}
    assert used == set(NOT_RUN), f"NOT_RUN names commands the docs no longer have: {set(NOT_RUN) - used}"
    for c in commands:
        if not_run_reason(c) is None:
            assert ASSIGNMENTS.sub("", c).split()[0] in ("creditgraph", "export", ".venv/bin/python"), c


RUNNABLE = [
    pytest.param(n, b, id=n, marks=[NEO4J_GROUP] if any(c.startswith("export NEO4J_URI") for c in b) else [])
    for n, b in bash_blocks()
    if any(not_run_reason(c) is None for c in b)
]


@pytest.mark.parametrize(("name", "block"), RUNNABLE)
def test_bash_example_runs_on_the_demo_graph(name, block, sandbox, request):
    """Every runnable command of the block, in order, answers without error (and valid JSON
    where it says --json); a block that talks to Neo4j runs against the test server."""
    if any(c.startswith("export NEO4J_URI") for c in block):
        server = request.getfixturevalue("neo4j_server")
        block = [
            c.replace("neo4j://127.0.0.1:7687", server["uri"]).replace(
                "NEO4J_PASSWORD=creditgraph", f"NEO4J_PASSWORD={server['password']}"
            )
            for c in block
        ]
    for line in block:
        if not_run_reason(line) is not None:
            continue
        unknown = set(CODES.findall(line)) - set(sandbox.stand_ins)
        assert not unknown, f"{name} names subjects the test does not know: {sorted(unknown)}"
        for command in expand(line):
            run_command(sandbox.substitute(command), sandbox)
