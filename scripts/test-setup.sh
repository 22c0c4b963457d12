#!/usr/bin/env bash
# System packages the test suite needs beyond Python (idempotent; quiet when already present).
# - chromium: the headless browser test of the offline /docs page (tests/api/test_docs_offline.py).
#   Installed only when missing; CI runs as root. Without it that test skips with a reason.
set -euo pipefail
have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
if ! have_chromium; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "test-setup: chromium missing and cannot apt-get install it (not root); the browser test will skip" >&2
  fi
fi
exit 0
