#!/usr/bin/env bash
# End-to-end tests in real clients, offline (npm registry + Debian packages only):
#   0. package the .vsix (production bundles) and check its contents and size;
#   1. the bare language server through Neovim's LSP client (diagnostics, hover, code action);
#   2. the extension's mocha integration suite (test/suite) inside code-server's
#      Node extension host: a real VS Code 1.100.3, the real vscode-languageclient;
#   3. a UI smoke test of the packaged .vsix in code-server, driven with
#      Playwright + Debian's Chromium (Problems panel, hover, Ctrl+. fix, commands);
#   4. the suite's untrusted part in a second code-server with workspace trust on.
# Every process started here runs in a process group stopped by the EXIT trap.
# Ends with "e2e: N passed, N failed" (scripts/test.sh reads it); exit 1 on failure.
# Screenshots of failures: .e2e/shots/ (paths printed).
#
# env: E2E_ONLY=nvim|suite|ui (run one part), EMQX_SUITE_GREP (mocha grep for the suite),
#      E2E_KEEP=1 (keep the run folder with code-server's log)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E=$ROOT/.e2e
T0=$SECONDS
passed=0 failed=0
mkdir -p "$E2E/runs" "$E2E/shots"
# Run folders of failed runs are kept for their logs; drop the ones older than a day.
find "$E2E/runs" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true

summary() { echo "e2e: $passed passed, $failed failed ($((SECONDS - T0)) s)"; }
check() { # name, command... : one passed/failed unit
  local name=$1; shift
  local t0=$SECONDS
  echo "-- $name"
  if "$@"; then passed=$((passed + 1)); echo "PASS $name ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); echo "FAIL $name ($((SECONDS - t0)) s)"; fi
}
want() { [ -z "${E2E_ONLY:-}" ] || [ "$E2E_ONLY" = "$1" ]; }

# Set-up is idempotent and takes about a second once done.
if ! bash scripts/setup-e2e.sh; then
  echo "set-up of the e2e tools failed"; failed=$((failed + 1)); summary; exit 1
fi

echo "-- package the .vsix"
if ! npm run -s package >"$E2E/package.log" 2>&1; then
  cat "$E2E/package.log"; echo "packaging failed"; failed=$((failed + 1)); summary; exit 1
fi
VSIX=$ROOT/emqx-cluster-security.vsix
check "packaged .vsix: contents and size" node scripts/e2e/check-vsix.js "$VSIX"

RUN=$(mktemp -d "$E2E/runs/run-XXXXXX")
fresh_workspace() { # a throw-away copy of the fixture workspace
  local ws; ws=$(mktemp -d "$RUN/ws-XXXX"); cp -R test/suite/fixtures/workspace/. "$ws/"; echo "$ws"
}
cleanup() {
  bash scripts/e2e/stop-code-server.sh "$RUN/state"
  if [ "${E2E_KEEP:-0}" = 1 ] || [ "$failed" -gt 0 ]; then echo "e2e run folder (code-server log): $RUN"
  else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if want nvim; then
  check "language server in Neovim's LSP client" \
    bash scripts/e2e/run-nvim-lsp-check.sh test/suite/fixtures/workspace/insecure/emqx.conf node "$ROOT/dist/server.js" --stdio
fi

if want suite || want ui; then
  PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  export CS_URL=http://127.0.0.1:$PORT
  if ! PORT=$PORT bash scripts/e2e/start-code-server.sh "$RUN/state" "$VSIX"; then
    failed=$((failed + 1)); summary; exit 1
  fi
fi

run_suite() { # label, workspace: the suite's own tests count one by one; no report counts as one failure
  local label=$1 ws=$2 t0=$SECONDS log="$RUN/suite-$1.log" rc line p f
  echo "-- integration suite in code-server's extension host ($label)"
  node scripts/e2e/run-ext-tests.js "$ROOT" "$ROOT/out/test/suite/index.js" "$ws" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(grep -Eo 'integration suite: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+'); f=$(echo "$line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
    passed=$((passed + p)); failed=$((failed + f))
    [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || failed=$((failed + 1))
  else
    failed=$((failed + 1))
  fi
  echo "$( [ "$rc" -eq 0 ] && echo PASS || echo FAIL ) integration suite, $label (exit $rc, $((SECONDS - t0)) s)"
}

if want suite; then
  run_suite trusted "$(fresh_workspace)"
fi

if want ui; then
  check "UI smoke test of the .vsix (Playwright + Chromium)" \
    env WORKSPACE="$(fresh_workspace)" SHOTS_DIR="$E2E/shots" node scripts/e2e/ui-smoke.js
fi

if want suite; then
  # Restricted mode: a second code-server with workspace trust on; the suite then runs
  # its untrusted part (test/suite/untrusted.test.ts) only.
  bash scripts/e2e/stop-code-server.sh "$RUN/state"
  if WORKSPACE_TRUST=1 PORT=$PORT bash scripts/e2e/start-code-server.sh "$RUN/state" "$VSIX"; then
    run_suite untrusted "$(fresh_workspace)"
  else
    failed=$((failed + 1))
  fi
fi

summary
[ "$failed" -eq 0 ]
