"""scripts/with-test-neo4j.sh beside a test server a bare pytest left running in the same home.

conftest starts a test server for a bare ``pytest`` and leaves it up; the next ``make test`` (or a
run with other ports) must still get its own server instead of failing "already running", and stop it
at the end as always.
"""

from __future__ import annotations

import subprocess
from urllib.parse import urlparse

from neo4j_homes import SideServer

from conftest import NEO4J_GROUP, ROOT

pytestmark = NEO4J_GROUP


def test_a_leftover_test_server_is_stopped_before_the_suites_own_starts(neo4j_server):
    left = SideServer(neo4j_server, "neo4j-leftover", 6)  # what a bare pytest left, on its ports
    left.script("stop")
    left.script("start")
    try:
        bolt = urlparse(left.uri).port + 1  # the suite's run asks for other ports in the same home
        http = urlparse(neo4j_server["http"]).port + 7
        env = {
            **left.env,
            "TEST_NEO4J_HOME": str(left.home),
            "TEST_NEO4J_BOLT_PORT": str(bolt),
            "TEST_NEO4J_HTTP_PORT": str(http),
            "TEST_NEO4J_PASSWORD": left.password,
        }
        # the command run beside the server: does it answer on the ports the run asked for?
        check = f"curl -fsS -m 5 http://127.0.0.1:{http}/ | grep -q {bolt}"
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "with-test-neo4j.sh"), "bash", "-c", check],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr.strip() or done.stdout.strip()
        ran = {**left.env, "NEO4J_BOLT_PORT": str(bolt), "NEO4J_HTTP_PORT": str(http)}
        status = subprocess.run(
            ["bash", str(ROOT / "scripts" / "neo4j.sh"), "status"], env=ran, capture_output=True, text=True
        )
        assert status.returncode == 3, f"the run's trap stops the server it started: {status.stdout}"
    finally:
        left.script("stop")
