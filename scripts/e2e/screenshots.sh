#!/usr/bin/env bash
# `npm run screenshots`: packages the extension, starts code-server with it on a
# throw-away copy of examples/, and takes the README's screenshots into
# docs/images/ (scripts/e2e/screenshots.js). Stops code-server when done.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
bash scripts/setup-e2e.sh >/dev/null
npm run -s package >/dev/null
RUN=$(mktemp -d "$ROOT/.e2e/runs/shots-XXXXXX")
# A short, stable path for the copy: the certificate prompt shows it in the picture.
DEMO=${TMPDIR:-/tmp}/emqx-cluster-security-demo
trap 'bash scripts/e2e/stop-code-server.sh "$RUN/state"; rm -rf "$RUN" "$DEMO"' EXIT
rm -rf "$DEMO"; mkdir -p "$DEMO"; cp -R examples "$DEMO/examples"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
PORT=$PORT bash scripts/e2e/start-code-server.sh "$RUN/state" "$ROOT/emqx-cluster-security.vsix"
CS_URL=http://127.0.0.1:$PORT WORKSPACE=$DEMO/examples OUT_DIR=${OUT_DIR:-$ROOT/docs/images} node scripts/e2e/screenshots.js
