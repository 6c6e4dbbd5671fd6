#!/usr/bin/env bash
# `npm start`: builds and packages the extension, then opens it for a newcomer in
# a real VS Code (code-server 1.100.3 on 127.0.0.1, no password, nothing leaves
# the machine) with the extension installed and the examples/ folder open.
# Prints the URL and stays in the foreground; Ctrl+C stops everything it started.
# On a fresh machine it first installs what it needs (npm packages, then
# code-server and its Debian dependencies through scripts/setup-e2e.sh).
#
# env: PORT (default 8080), WORKSPACE (default examples/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${PORT:-8080}
WORKSPACE=$(cd "${WORKSPACE:-examples}" && pwd)
STATE=$ROOT/.e2e/start

bash scripts/setup.sh

if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" || \
   node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1))' "$PORT"; then
  echo "Port $PORT is already in use; run with another one, e.g. PORT=8081 npm start" >&2
  exit 1
fi

echo "Building and packaging the extension…"
npm run -s package
VSIX=$ROOT/emqx-cluster-security.vsix

stop() { bash scripts/e2e/stop-code-server.sh "$STATE"; }
trap stop EXIT
trap 'echo; echo "Stopping…"; exit 0' INT TERM

PORT=$PORT bash scripts/e2e/start-code-server.sh "$STATE" "$VSIX"
URL="http://127.0.0.1:$PORT/?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$WORKSPACE")"
cat <<MSG

  EMQX Cluster Security is running in VS Code (code-server) at:

      $URL

  Open it in a browser on this machine. The examples folder is open:
  insecure/etc/emqx.conf shows the findings (Problems panel: Ctrl+Shift+M),
  hover a node name for its ports, press Ctrl+. on a finding for its fixes.
  Logs: $STATE/code-server.log
  Press Ctrl+C to stop.

MSG
pgid=$(cat "$STATE/code-server.pid")
# Stay in the foreground while code-server runs; `sleep` in short steps so Ctrl+C is handled at once.
while kill -0 -- "-$pgid" 2>/dev/null; do sleep 1; done
echo "code-server stopped; its log: $STATE/code-server.log" >&2
exit 1
