#!/usr/bin/env bash
# Starts code-server (a real VS Code 1.100.3: workbench + Node extension host)
# on 127.0.0.1 with a fresh profile and extensions folder, installs the given
# .vsix files, and waits until it answers. It runs in its own process group
# (setsid) whose id goes to $STATE_DIR/code-server.pid, its log to
# $STATE_DIR/code-server.log; stop-code-server.sh STATE_DIR stops the group
# (server, extension hosts, file watchers). The extension host inherits this
# script's environment.
#
# usage: scripts/e2e/start-code-server.sh STATE_DIR [VSIX ...]
# env:   CODE_SERVER (default .e2e/code-server/node_modules/.bin/code-server), PORT (default 8765),
#        WORKSPACE_TRUST=1 (keep VS Code's workspace trust on: folders open in restricted mode)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
STATE_DIR=$(mkdir -p "$1" && cd "$1" && pwd); shift
CODE_SERVER=${CODE_SERVER:-$root/.e2e/code-server/node_modules/.bin/code-server}
PORT=${PORT:-8765}
[ -x "$CODE_SERVER" ] || { echo "code-server not found at $CODE_SERVER (run scripts/setup-e2e.sh)" >&2; exit 1; }
# No extension gallery: nothing to query offline (a .vsix still installs).
export EXTENSIONS_GALLERY=${EXTENSIONS_GALLERY:-'{}'}

rm -rf "$STATE_DIR/user-data" "$STATE_DIR/extensions"
mkdir -p "$STATE_DIR/user-data/User" "$STATE_DIR/extensions"
cat > "$STATE_DIR/user-data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "workbench.startupEditor": "none",
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "workbench.colorTheme": "Default Dark Modern",
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false,
  "editor.minimap.enabled": false,
  "files.autoSave": "off",
  "git.openRepositoryInParentFolders": "never"
}
JSON
trust_flags=(--disable-workspace-trust)
if [ "${WORKSPACE_TRUST:-0}" = 1 ]; then
  trust_flags=()
  sed -i 's/"security.workspace.trust.enabled": false/"security.workspace.trust.enabled": true/' "$STATE_DIR/user-data/User/settings.json"
fi
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$STATE_DIR/config.yaml"

common=(--config "$STATE_DIR/config.yaml" --user-data-dir "$STATE_DIR/user-data"
        --extensions-dir "$STATE_DIR/extensions")
for vsix in "$@"; do
  "$CODE_SERVER" "${common[@]}" --install-extension "$vsix" >/dev/null
done

start=$(date +%s%3N)
setsid "$CODE_SERVER" "${common[@]}" --disable-telemetry --disable-update-check \
  ${trust_flags[@]+"${trust_flags[@]}"} --disable-getting-started-override --ignore-last-opened \
  > "$STATE_DIR/code-server.log" 2>&1 &
echo $! > "$STATE_DIR/code-server.pid"

for _ in $(seq 1 600); do
  if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
    echo "code-server ready on http://127.0.0.1:$PORT in $(( $(date +%s%3N) - start )) ms (process group $(cat "$STATE_DIR/code-server.pid"))"
    exit 0
  fi
  kill -0 "$(cat "$STATE_DIR/code-server.pid")" 2>/dev/null || break
  sleep 0.1
done
echo "code-server did not start; its log:" >&2
cat "$STATE_DIR/code-server.log" >&2
exit 1
