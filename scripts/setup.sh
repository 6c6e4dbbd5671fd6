#!/usr/bin/env bash
# Set-up of a fresh machine, safe to run again: the npm packages (skipped when
# node_modules already matches package-lock.json), then the Debian packages and
# the pinned code-server that the end-to-end tests and `npm start` need.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ -f scripts/setup-e2e.sh ] && [ "${SKIP_E2E:-0}" != 1 ]; then bash scripts/setup-e2e.sh; fi
