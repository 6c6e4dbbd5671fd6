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
# Erlang (Debian's packages): it builds and runs EMQX's own HOCON parser, the oracle of the
# differential test (test/unit/differential/), and the unit tests start real nodes with TLS
# distribution (test/unit/certs/erlangCluster.test.ts). `apt-get update` runs only when one is missing.
erlang_missing=()
for p in erlang-base erlang-parsetools erlang-dev erlang-ssl; do
  dpkg -s "$p" >/dev/null 2>&1 || erlang_missing+=("$p")
done
if [ ${#erlang_missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${erlang_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${erlang_missing[@]}" >/dev/null
fi
if [ -f scripts/setup-e2e.sh ] && [ "${SKIP_E2E:-0}" != 1 ]; then bash scripts/setup-e2e.sh; fi
