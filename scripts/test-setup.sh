#!/usr/bin/env bash
# System packages the test suite needs beyond Python (idempotent; silent when already present):
# - chromium: the headless browser tests (the offline /docs page, the Neo4j Browser kit);
# - fonts-wqy-zenhei: a CJK font, so the browser tests' screenshots show Chinese, not boxes.
# Installed with apt-get only when missing (CI runs as root); the apt output goes to build/test-setup.log.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || missing+=(fonts-wqy-zenhei)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test-setup: ${missing[*]} missing and apt-get is not available as root; install them, the browser tests need them" >&2
  exit 1
fi
echo "test-setup: installing ${missing[*]} with apt-get (headless browser tests; CJK font for their screenshots)"
mkdir -p build
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >build/test-setup.log 2>&1 \
  || { echo "test-setup: apt-get failed (see build/test-setup.log)" >&2; exit 1; }
