#!/usr/bin/env bash
# Packages the extension and installs the .vsix into your own VS Code with the
# `code` command-line tool (VS Code: "Shell Command: Install 'code' command in PATH").
# Use `npm start` instead to try it in a browser without touching your VS Code.
#
# env: CODE (default: code; e.g. CODE=code-insiders or CODE=codium)
set -euo pipefail
cd "$(dirname "$0")/.."
CODE=${CODE:-code}
if ! command -v "$CODE" >/dev/null; then
  echo "'$CODE' is not on the PATH. In VS Code run \"Shell Command: Install 'code' command in PATH\"," >&2
  echo "or set CODE=/path/to/code. To try the extension without installing it, run: npm start" >&2
  exit 1
fi
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run -s package
"$CODE" --install-extension "$PWD/emqx-cluster-security.vsix" --force
echo "Installed. Reload VS Code's window, then open an emqx.conf."
