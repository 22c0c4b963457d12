"""A second Neo4j server beside the shared test server, for tests that must stop one or import into one
(the shared server's database can do neither while other tests read it)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from conftest import ROOT

NEO4J_SH = ROOT / "scripts" / "neo4j.sh"


def plain_env(**extra: str) -> dict[str, str]:
    """This process's environment without any store settings, plus ``extra``: a child then reaches
    only the store it is told of."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env.update(extra)
    return env


class SideServer:
    """A Neo4j home of its own (``build/<name>``) on the test server's ports plus ``offset``, driven by
    scripts/neo4j.sh, with the test server's password and a small heap."""

    def __init__(self, neo4j_server: dict[str, str], name: str, offset: int) -> None:
        bolt = urlparse(neo4j_server["uri"]).port + offset
        http = urlparse(neo4j_server["http"]).port + offset
        self.home: Path = ROOT / "build" / name
        self.uri = f"bolt://127.0.0.1:{bolt}"
        self.password = neo4j_server["password"]
        self.env = plain_env(
            NEO4J_HOME_DIR=str(self.home),
            NEO4J_BOLT_PORT=str(bolt),
            NEO4J_HTTP_PORT=str(http),
            NEO4J_PASSWORD=self.password,
            NEO4J_HEAP="512m",
            NEO4J_PAGECACHE="128m",
        )
        self.client_env = {"NEO4J_URI": self.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": self.password}

    def script(self, action: str) -> None:
        done = subprocess.run(["bash", str(NEO4J_SH), action], env=self.env, capture_output=True, text=True)
        assert done.returncode == 0, f"neo4j.sh {action}: {done.stderr.strip()}"
