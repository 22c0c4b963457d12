#!/usr/bin/env bash
# `make demo`: build the demo graph in the embedded store, then serve the API on it.
set -euo pipefail
DB="${1:-data/creditgraph.lbug}"; HOST="${2:-127.0.0.1}"; PORT="${3:-8000}"
BIN=.venv/bin
export CREDITGRAPH_DB="$DB"
"$BIN/creditgraph" init
"$BIN/creditgraph" status
