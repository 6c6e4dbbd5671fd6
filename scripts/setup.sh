#!/usr/bin/env bash
# One-time set-up of a fresh machine: npm packages, then the Debian packages and
# the pinned code-server the end-to-end tests need. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
if [ -f scripts/setup-e2e.sh ] && [ "${SKIP_E2E:-0}" != 1 ]; then bash scripts/setup-e2e.sh; fi
