#!/usr/bin/env bash
# Set-up of a fresh machine, safe to run again: the npm packages (skipped when
# node_modules already matches package-lock.json), Erlang for the differential
# test against EMQX's HOCON parser, then the Debian packages and
# the pinned code-server that the end-to-end tests and `npm start` need.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# Erlang (Debian's packages) builds and runs EMQX's own HOCON parser, the oracle of the
# differential test (test/differential/); `apt-get update` runs only when it is missing.
if ! command -v erl >/dev/null 2>&1 || ! command -v erlc >/dev/null 2>&1; then
  echo "setup: installing Erlang (erlang-base erlang-parsetools erlang-dev)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends erlang-base erlang-parsetools erlang-dev >/dev/null
fi
if [ -f scripts/setup-e2e.sh ] && [ "${SKIP_E2E:-0}" != 1 ]; then bash scripts/setup-e2e.sh; fi
