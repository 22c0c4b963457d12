#!/usr/bin/env bash
# Run a command (the test suite) beside a throw-away Neo4j server, and always stop the server afterwards.
# The test server is not the development one: its own home (build/neo4j-test) and ports (17687 Bolt,
# 17474 HTTP, overridable), so `make test` never touches a graph `make neo4j` holds.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export NEO4J_HOME_DIR="${TEST_NEO4J_HOME:-$ROOT/build/neo4j-test}"
export NEO4J_BOLT_PORT="${TEST_NEO4J_BOLT_PORT:-17687}"
export NEO4J_HTTP_PORT="${TEST_NEO4J_HTTP_PORT:-17474}"
export NEO4J_PASSWORD="${TEST_NEO4J_PASSWORD:-creditgraph-test}"
# a busy machine (CI beside other jobs) can take longer than the interactive 30 s to open Bolt
export NEO4J_READY_S="${NEO4J_READY_S:-120}"
export TEST_NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT" TEST_NEO4J_HTTP="http://127.0.0.1:$NEO4J_HTTP_PORT"
export TEST_NEO4J_PASSWORD="$NEO4J_PASSWORD" TEST_NEO4J_HOME="$NEO4J_HOME_DIR"
trap 'bash "$ROOT/scripts/neo4j.sh" stop >/dev/null 2>&1 || true' EXIT
# A bare pytest may have left a test server running in this home (conftest starts one and keeps it),
# possibly on other ports or with another password: Neo4j then refused to start a second one
# ("already running"). Stop it first, so the suite gets a server with the settings above.
bash "$ROOT/scripts/neo4j.sh" stop >/dev/null
bash "$ROOT/scripts/neo4j.sh" start
"$@"
