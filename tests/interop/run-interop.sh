#!/usr/bin/env bash
# Starts the real roomcast-server, mints a token and runs interop.mjs against it.
set -euo pipefail
server=$1; script=$2
data=$(mktemp -d); out=$(mktemp)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data" "$out"' EXIT
"$server" --port 0 --data-dir "$data" >"$out" &
pid=$!
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.1; done
url=$(grep -o 'ws://[^ ]*' "$out")
token=$("$server" token --data-dir "$data" --user interop)
node --experimental-websocket "$script" "$url" "$token"
