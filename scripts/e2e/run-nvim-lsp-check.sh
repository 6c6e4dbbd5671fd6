#!/usr/bin/env bash
# Checks the bare language server through Neovim's built-in LSP client, headless.
# Prints one JSON line; exit 0 when diagnostics, hover and the code action work.
#
# usage: scripts/e2e/run-nvim-lsp-check.sh FILE SERVER_COMMAND...
#   e.g. scripts/e2e/run-nvim-lsp-check.sh test/suite/fixtures/workspace/insecure/emqx.conf node dist/server.js --stdio
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
file=$(realpath "$1"); shift
command -v nvim >/dev/null || { echo "nvim is not installed (run scripts/setup-e2e.sh)" >&2; exit 1; }
# The check edits the buffer (never saved); work on a copy all the same.
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$file" "$work/"
LSP_CMD="$*" LSP_FILE="$work/$(basename "$file")" \
  timeout 120 nvim --headless --clean -n -c "luafile $here/nvim-lsp-check.lua"
