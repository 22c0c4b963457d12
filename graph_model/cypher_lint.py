"""Prove the Neo4j side of the Cypher library offline, with Neo4j's own parser.

``tools/cypher-lint/lint.mjs`` runs ``@neo4j-cypher/language-support`` (pinned, lockfile
committed) under Node: syntax, semantic analysis (undefined variables, removed and deprecated
syntax), unknown functions and procedures (a real server's built-ins), and labels, relationship
types, property keys and endpoint pairs checked against the schema built here from
``schema.yaml``. Every diagnostic is a failure, warnings (deprecations, undeclared names) included.

Usage::

    from creditgraph.graph_model.cypher_lint import lint
    problems = lint([("entity_file", text)])           # both CYPHER 5 and CYPHER 25
    problems = lint(queries, versions=("25",))

One Node process lints every query and version given (loading the library takes ~2 s): call
:func:`lint` once with all queries, not once per query.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from creditgraph.graph_model.schema import Schema, load_schema

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"
QUERY_ROOT = ROOT / "queries"
LINT_SCRIPT = "lint.mjs"
PACKAGE = "@neo4j-cypher/language-support"
VERSIONS = ("5", "25")


class CypherLintError(RuntimeError):
    """The lint itself could not run (Node or npm missing, install failed, the script crashed)."""


@dataclass(frozen=True)
class Diagnostic:
    query: str
    version: str
    severity: str  # error, warning, info, hint: all of them are failures
    message: str
    line: int  # 1-based, in the text as given
    col: int  # 1-based
    code: str | None = None  # the library gives none; ours: version-prefix, lint-crash
    deprecated: bool = False  # the library tagged it as a deprecation

    def __str__(self) -> str:
        return f"{self.query}:{self.line}:{self.col}: CYPHER {self.version} {self.severity}: {self.message}"


def db_schema(schema: Schema | None = None) -> dict:
    """The language-support ``DbSchema`` of our graph: labels, types, property keys, triples."""
    schema = schema or load_schema()
    return {
        "labels": sorted(schema.nodes),
        "relationshipTypes": sorted(schema.relationships),
        "propertyKeys": sorted(schema.property_keys),
        "graphSchema": [
            {"from": src, "relType": rel.name, "to": dst}
            for rel in sorted(schema.relationships.values(), key=lambda r: r.name)
            for src, dst in rel.pairs
        ],
    }


def neo4j_query_files(root: Path = QUERY_ROOT) -> list[Path]:
    """The ``.cypher`` files Neo4j runs: plain ``NAME.cypher`` and ``NAME.neo4j.cypher``, not
    ``NAME.ladybug.cypher`` (per-store variants live side by side)."""
    return sorted(p for p in root.rglob("*.cypher") if not p.name.endswith(".ladybug.cypher"))


def _pinned_version() -> str:
    lock = json.loads((LINT_DIR / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{PACKAGE}"]["version"]


def _installed_version() -> str | None:
    pkg = LINT_DIR / "node_modules" / PACKAGE / "package.json"
    if not pkg.is_file():
        return None
    return json.loads(pkg.read_text(encoding="utf-8")).get("version")


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise CypherLintError(
            f"{tool!r} not found on PATH: the Cypher lint needs Node.js (>= 20) and npm "
            f"to run {LINT_DIR / LINT_SCRIPT}"
        )
    return path


def ensure_installed() -> None:
    """Run ``npm ci`` in tools/cypher-lint once if the pinned library is not installed.

    A file lock in the temp folder keeps parallel test workers from installing at the same time.
    """
    pinned = _pinned_version()
    if _installed_version() == pinned:
        return
    npm = _require("npm")
    tag = hashlib.sha1(str(LINT_DIR).encode()).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"creditgraph-cypher-lint-{tag}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version() == pinned:  # another process installed it meanwhile
            return
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=LINT_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0 or _installed_version() != pinned:
            raise CypherLintError(
                f"npm ci in {LINT_DIR} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
            )


def lint(
    queries: Iterable[tuple[str, str]],
    versions: Sequence[str] = VERSIONS,
    schema: Schema | None = None,
    timeout: float = 600,
) -> list[Diagnostic]:
    """Lint ``(name, text)`` pairs for each Cypher version; return every diagnostic (none = pass)."""
    queries = list(queries)
    if not queries:
        return []
    node = _require("node")
    ensure_installed()
    request = {
        "schema": db_schema(schema),
        "queries": [{"name": name, "text": text} for name, text in queries],
        "versions": [str(v) for v in versions],
    }
    try:
        proc = subprocess.run(
            [node, LINT_SCRIPT],
            cwd=LINT_DIR,
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise CypherLintError(f"the Cypher lint took longer than {timeout} s") from exc
    if proc.returncode != 0:
        raise CypherLintError(f"{LINT_SCRIPT} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    try:
        answer = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise CypherLintError(f"{LINT_SCRIPT} wrote no JSON answer:\n{proc.stdout[:2000]}") from exc
    return [
        Diagnostic(
            query=result["name"],
            version=result["version"],
            severity=d["severity"],
            message=d["message"],
            line=d["line"],
            col=d["col"],
            code=d.get("code"),
            deprecated=bool(d.get("deprecated")),
        )
        for result in answer["results"]
        for d in result["diagnostics"]
    ]
