#!/usr/bin/env bash
# System packages the test suite needs beyond Python (idempotent; quiet when already present).
set -euo pipefail
exit 0
