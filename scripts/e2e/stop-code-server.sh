#!/usr/bin/env bash
# Stops the code-server that start-code-server.sh STATE_DIR started: its whole
# process group (server, extension hosts, language servers, file watchers), by
# the recorded group id; TERM first, KILL after 5 s.
set -uo pipefail
pidfile="$1/code-server.pid"
[ -f "$pidfile" ] || exit 0
pgid=$(cat "$pidfile")
kill -TERM -- "-$pgid" 2>/dev/null || true
for _ in $(seq 1 50); do
  kill -0 -- "-$pgid" 2>/dev/null || { rm -f "$pidfile"; exit 0; }
  sleep 0.1
done
kill -KILL -- "-$pgid" 2>/dev/null || true
rm -f "$pidfile"
