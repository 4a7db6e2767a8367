#!/usr/bin/env bash
# The dashboard tested as a person would: ingest a small corpus into a temporary database, serve it on a free
# loopback port, drive it with Chromium (tests/browser/dashboard.test.mjs). Needs /usr/bin/chromium and
# `npm ci` done in tests/browser. Usage: tests/browser/run.sh [path/to/sitrep]
set -euo pipefail
cd "$(dirname "$0")/../.."
SITREP="${1:-target/release/sitrep}"
WORK="$(mktemp -d)"
export ARTIFACTS="${ARTIFACTS:-$WORK/artifacts}"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM
"$SITREP" --db "$WORK/t.db" ingest --published 2019-03-10 --source "sitrep browser test" tests/browser/corpus
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# A watched folder: the test drops a statement into it and waits for the dashboard to show it as new.
mkdir -p "$WORK/inbox"
"$SITREP" --db "$WORK/t.db" serve --addr "127.0.0.1:$PORT" --watch "$WORK/inbox" --interval 1 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "sitrep serve exited:"; cat "$WORK/server.log"; exit 1; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null || { echo "sitrep serve is not healthy"; cat "$WORK/server.log"; exit 1; }
SITREP_URL="http://127.0.0.1:$PORT" SITREP_WATCH_DIR="$WORK/inbox" timeout 180 node tests/browser/dashboard.test.mjs
echo "screenshots: $ARTIFACTS"
