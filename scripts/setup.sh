#!/usr/bin/env bash
# Set-up of a fresh machine, safe to run again: the npm packages (skipped when
# node_modules already matches package-lock.json), then the Debian packages and
# the pinned code-server that the end-to-end tests and `npm start` need.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# Erlang with its ssl application: the unit tests start real nodes with TLS
# distribution (test/unit/certs/erlangCluster.test.ts).
for p in erlang-base erlang-ssl; do
  if ! dpkg -s "$p" >/dev/null 2>&1; then
    echo "setup: installing Debian packages: erlang-base erlang-ssl"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends erlang-base erlang-ssl >/dev/null
    break
  fi
done
if [ -f scripts/setup-e2e.sh ] && [ "${SKIP_E2E:-0}" != 1 ]; then bash scripts/setup-e2e.sh; fi
