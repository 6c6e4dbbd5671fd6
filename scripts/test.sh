#!/usr/bin/env bash
# Everything CI runs: type-check, lint, format check, bundle, unit/integration tests (mocha), and the
# end-to-end tests in real clients (scripts/e2e.sh). Ends with one line
# "tests: N passed, N failed". SKIP_E2E=1 skips the real-client stage locally.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0 failed=0

step() { echo "== $*"; }

step "set-up"
bash scripts/setup.sh || { echo "set-up failed"; exit 1; }

step "type-check"
if ! npx tsc -p . --noEmit; then echo "type-check failed"; failed=$((failed + 1)); fi

step "lint"
if ! npx eslint . --max-warnings 0; then echo "lint failed"; failed=$((failed + 1)); fi

step "format"
if ! npx prettier --check --log-level warn "**/*.{ts,mjs,cjs,js}"; then echo "format check failed (npm run format)"; failed=$((failed + 1)); fi

step "bundle"
if ! node scripts/build.mjs; then echo "bundle failed"; failed=$((failed + 1)); fi

step "mocha"
npx mocha --reporter spec 2>&1 | tee "$log"
p=$(grep -Eo '^ *[0-9]+ passing' "$log" | grep -Eo '[0-9]+' | tail -1)
f=$(grep -Eo '^ *[0-9]+ failing' "$log" | grep -Eo '[0-9]+' | tail -1)
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
[ -n "$p" ] || { echo "mocha did not run"; failed=$((failed + 1)); }

if [ "${SKIP_E2E:-0}" != 1 ] && [ -f scripts/e2e.sh ]; then
  step "end-to-end (real VS Code, Chromium, Neovim)"
  bash scripts/e2e.sh 2>&1 | tee "$log"
  p=$(grep -Eo '^e2e: [0-9]+ passed' "$log" | grep -Eo '[0-9]+' | tail -1)
  f=$(grep -Eo '^e2e: [0-9]+ passed, [0-9]+ failed' "$log" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  [ -n "$p" ] || { echo "e2e did not report"; failed=$((failed + 1)); }
fi

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
