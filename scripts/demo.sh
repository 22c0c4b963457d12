#!/usr/bin/env bash
# `make demo`: build the demo graph in the embedded store (once), then serve the API on it.
#   demo graph = the shipped policy extraction + a synthetic jurisdiction + risk propagation.
# Re-running serves the graph already built; `make clean` (or deleting data/) starts over.
set -euo pipefail
DB="${1:-data/creditgraph.lbug}"; HOST="${2:-127.0.0.1}"; PORT="${3:-8000}"
SUBJECTS="${DEMO_SUBJECTS:-20000}"
CG=.venv/bin/creditgraph
export CREDITGRAPH_DB="$DB"
export CREDITGRAPH_API_KEYS_FILE="${CREDITGRAPH_API_KEYS_FILE:-$(dirname "$DB")/api_keys.json}"

if [ ! -e "$DB" ]; then
  echo "== building the demo graph in $DB"
  "$CG" init
  "$CG" ingest policies                       # the extraction shipped with creditgraph
  "$CG" synth "$(dirname "$DB")/demo-batch" --subjects "$SUBJECTS" --seed 1
  "$CG" ingest records "$(dirname "$DB")/demo-batch"
  if "$CG" risk --help >/dev/null 2>&1; then "$CG" risk propagate; fi
else
  echo "== serving the graph already in $DB (delete it to rebuild)"
fi
"$CG" status
echo
.venv/bin/python -m creditgraph.demo --samples "$DB"

KEYS_NOTE="$(dirname "$DB")/demo-api-keys.txt"
if [ ! -s "$KEYS_NOTE" ]; then
  (
    umask 077  # plaintext keys: readable by their owner only
    for role in investigator regulator analyst public; do
      printf '%s\t%s\n' "$role" "$("$CG" apikey create --role "$role" --name "demo-$role" | tail -n 1)"
    done > "$KEYS_NOTE"
  )
fi
chmod 600 "$KEYS_NOTE"  # also a file an earlier demo wrote world-readable
echo
echo "API keys for the demo (header X-API-Key), one per role:"
cat "$KEYS_NOTE"
echo
echo "Interactive docs: http://$HOST:$PORT/docs   (works offline)"
exec "$CG" serve --host "$HOST" --port "$PORT"
