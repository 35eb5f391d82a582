#!/usr/bin/env bash
# Roomcast's demo command: installs what is missing, builds, and starts a node with the live
# demo feeds (a chat bot in `general`, host metrics in `metrics`, join alerts in `alerts`).
# Usage: scripts/demo.sh [--port P]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
build=${ROOMCAST_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROOMCAST_BUILD_TESTS=OFF
cmake --build "$build" --parallel "$(nproc)" --target roomcast-server

port=8765
if [ "${1:-}" = "--port" ] && [ -n "${2:-}" ]; then port=$2; fi
data=${ROOMCAST_DEMO_DIR:-$PWD/$build/demo-data}
mkdir -p "$data"
server="$build/server/roomcast-server"
token=$("$server" token --data-dir "$data" --user you --name "You" --ttl 86400)

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: no display found: running the server alone (the desktop app needs a display)."
fi
cat <<TXT
demo: starting roomcast-server --demo on port $port (data in $data)
demo: a token for user 'you', valid 24 h:
  $token
demo: watch it from any WebSocket client, e.g. with Node's ws (npm i ws):
  node -e 'const W=require("ws");const w=new W("ws://127.0.0.1:$port/ws");w.on("open",()=>{w.send(JSON.stringify({type:"hello",protocol:1,token:process.argv[1]}));for(const r of ["general","metrics","alerts"])w.send(JSON.stringify({type:"subscribe",id:r,room:r}))});w.on("message",m=>console.log(String(m)))' "$token"
demo: stop with Ctrl-C (the server drains gracefully).
TXT
exec "$server" --demo --port "$port" --data-dir "$data"
