#!/usr/bin/env bash
# Installs what the end-to-end tests in real clients need, offline-friendly and
# idempotent (a second run does nothing and takes about a second):
#   - Debian packages: chromium (Playwright drives it), neovim (a second LSP
#     client), and the build dependencies of code-server's native modules;
#   - code-server 4.100.3 from npm into the git-ignored .e2e/code-server. It is
#     a real VS Code 1.100.3 (workbench + Node extension host) and the last
#     release whose package runs on Node 20.
# Only the npm registry and Debian's package archive are needed: code-server's
# one download at install time (ripgrep) is served from Debian's rg instead.
#
# usage: scripts/setup-e2e.sh            env: E2E_DIR (default .e2e)
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_DIR=${E2E_DIR:-$PWD/.e2e}
CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11, whose postinstall downloads
# ripgrep v13.0.0-10; its download cache is seeded with Debian's rg instead.
RG_PKG_VERSION=1.15.11
RG_RELEASE=v13.0.0-10

# 1. Debian packages. `apt-get update` runs once, and only when something is missing.
need=()
for p in chromium neovim ripgrep libkrb5-dev python3 make g++ pkg-config curl unzip; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup-e2e: installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Neovim 0.7 (Debian 12) is the oldest the Lua check supports (vim.lsp.start_client, vim.diagnostic).
nvim --version | head -1

# 2. code-server, pinned. Skipped when that version is already installed.
CS_PREFIX=$E2E_DIR/code-server
CS_BIN=$CS_PREFIX/node_modules/.bin/code-server
if [ -x "$CS_BIN" ] && "$CS_BIN" --version 2>/dev/null | head -1 | grep -q "^$CODE_SERVER_VERSION "; then
  echo "setup-e2e: code-server $CODE_SERVER_VERSION already installed in $CS_PREFIX"
  exit 0
fi

case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) echo "setup-e2e: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
# The ripgrep postinstall looks for its cache under os.tmpdir(); keep that inside
# .e2e so nothing is left in /tmp and a second install reuses it.
export TMPDIR=$E2E_DIR/tmp
rg_cache=$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION
mkdir -p "$rg_cache"
tar czf "$rg_cache/ripgrep-$RG_RELEASE-$rg_target.tar.gz" -C "$(dirname "$(command -v rg)")" rg

mkdir -p "$CS_PREFIX"
[ -f "$CS_PREFIX/package.json" ] || echo '{ "private": true }' > "$CS_PREFIX/package.json"
echo "setup-e2e: installing code-server $CODE_SERVER_VERSION (about 1.5 min, builds native modules)"
# unsafe_perm: code-server's postinstall refuses to run as root without it (npm 11
# dropped the flag; the script reads the variable). yes: node-pty's postinstall
# runs `npx node-gyp`, which without a TTY would refuse to fetch node-gyp.
(cd "$CS_PREFIX" && npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")

test -x "$CS_PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
"$CS_BIN" --version | head -1
