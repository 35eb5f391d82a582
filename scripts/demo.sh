#!/usr/bin/env bash
# Roomcast's demo command: installs what is missing, builds, starts a node with the live
# demo feeds (a chat bot in `general`, host metrics in `metrics`, join alerts in `alerts`) and,
# when there is a display, the desktop dashboard connected to it with a freshly minted token.
# Closing the dashboard stops the node. Without a display the node runs alone (Ctrl-C stops it).
# Usage: scripts/demo.sh [--port P]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
build=${ROOMCAST_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROOMCAST_BUILD_TESTS=OFF
cmake --build "$build" --parallel "$(nproc)" --target roomcast-server roomcast

port=8765
if [ "${1:-}" = "--port" ] && [ -n "${2:-}" ]; then port=$2; fi
data=${ROOMCAST_DEMO_DIR:-$PWD/$build/demo-data}
mkdir -p "$data"
server="$build/server/roomcast-server"
app="$build/app/roomcast"
token=$("$server" token --data-dir "$data" --user you --name "You" --ttl 86400)
url="ws://127.0.0.1:$port/ws"

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  cat <<TXT
demo: no display found (\$DISPLAY and \$WAYLAND_DISPLAY are empty): running the server alone.
demo: starting roomcast-server --demo on port $port (data in $data)
demo: a token for user 'you', valid 24 h:
  $token
demo: on a machine with a display, the dashboard connects with:
  $app --url $url --token <token> --room general --room metrics --room alerts
demo: stop with Ctrl-C (the server drains gracefully).
TXT
  exec "$server" --demo --port "$port" --data-dir "$data"
fi

echo "demo: starting roomcast-server --demo on port $port (data in $data)"
listening=$(mktemp)
"$server" --demo --port "$port" --data-dir "$data" >"$listening" &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$listening"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# Wait for the listening line (the node prints it once it accepts connections).
for _ in $(seq 100); do
  if grep -q "listening on" "$listening"; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "demo: roomcast-server did not start (is port $port in use? try --port P)" >&2
    exit 1
  fi
  sleep 0.1
done
cat "$listening"
echo "demo: opening the dashboard as 'you'; close its window to stop the demo."
status=0
"$app" --url "$url" --token "$token" --room general --room metrics --room alerts || status=$?
echo "demo: the dashboard exited; stopping the server."
exit "$status"
