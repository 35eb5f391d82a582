#!/usr/bin/env bash
# edge-bench.sh: roomcast-server measured against a Node `ws` 8 peer (peers/ws-peer.mjs) in
# the same invocation, on the same workloads, with the same load generator (loadgen/,
# roomcast-loadgen). Each server is pinned to CPU 0, the load generator to CPU 1; every
# workload gets a fresh server (and a fresh data directory); the peers take turns going
# first. Prints a markdown table: workload | roomcast | ws | ratio (x ws). Builds nothing:
#   cmake --build build --target roomcast-loadgen roomcast-server
# See README.md, "Edge benchmark against Node ws".
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/edge-bench.sh [BUILD_DIR] [options]     (BUILD_DIR default: build)
  --quick            smoke sizes: 100 subscribers, 20 x 5 rooms at 200/s, 500 idle connections,
                     1 s fixed phases, 1 round
  --subscribers N    W1 / W1-fixed subscribers (1000)
  --publishes N      W1 measured publishes (1000), after --warmup N (200)
  --window N         W1 publishes in flight (8)
  --rate N           W1-fixed publishes per second (50), for --seconds S (4; W2 too)
  --rooms N          W2 rooms (200), 5 subscribers and 1 publisher each, --total-rate N (2000)
  --connections N    W3 idle connections (9000), over 100 rooms
  --rounds N         run everything N times, the table shows medians (3)
  --threads N        roomcast-server --threads (1: the node's own thread only)
  --server-cpus L    CPUs the servers are pinned to, a taskset list (0); the load generator
                     stays on CPU 1
  --workloads L      which of fanout,rooms,idle to run (all)
  --keep             keep the work directory (server logs, raw loadgen output)
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=build SUBS=1000 PUBLISHES=1000 WARMUP=200 WINDOW=8 RATE=50 FIXED_S=4 IDLE=9000 ROUNDS=3 KEEP=0
W2_ROOMS=200 W2_RATE=2000 THREADS=1 SERVER_CPUS=0 WORKLOADS="fanout rooms idle"
while (($#)); do
  case $1 in
    --quick) SUBS=100 PUBLISHES=200 WARMUP=20 IDLE=500 FIXED_S=1 ROUNDS=1 W2_ROOMS=20 W2_RATE=200 ;;
    --subscribers) SUBS=$2; shift ;;
    --publishes) PUBLISHES=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --window) WINDOW=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --seconds) FIXED_S=$2; shift ;;
    --connections) IDLE=$2; shift ;;
    --rooms) W2_ROOMS=$2; shift ;;
    --total-rate) W2_RATE=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --server-cpus) SERVER_CPUS=$2; shift ;;
    --workloads) WORKLOADS=${2//,/ }; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "edge-bench: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) BUILD=$1 ;;
  esac
  shift
done
[[ $BUILD = /* ]] || BUILD=$ROOT/$BUILD
SERVER=$BUILD/server/roomcast-server
LOADGEN=$BUILD/bench/roomcast-loadgen
PEERS=$ROOT/bench/peers
for f in "$SERVER" "$LOADGEN"; do
  [[ -x $f ]] || { echo "edge-bench: $f missing; build it first:" \
    "cmake --build ${BUILD#"$ROOT"/} --target roomcast-loadgen roomcast-server" >&2; exit 2; }
done
command -v node >/dev/null || { echo "edge-bench: node not found" >&2; exit 2; }
command -v taskset >/dev/null || { echo "edge-bench: taskset (util-linux) not found" >&2; exit 2; }
if [[ ! -d $PEERS/node_modules/ws ]]; then
  echo "edge-bench: installing the ws peer's npm dependencies" >&2
  (cd "$PEERS" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# W3 holds IDLE sockets in the server and as many in the load generator.
NEED_FDS=$((IDLE + 1024))
if (($(ulimit -n) < NEED_FDS)); then
  ulimit -n "$NEED_FDS" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  (($(ulimit -n) >= NEED_FDS)) || {
    echo "edge-bench: ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)), $NEED_FDS needed" \
      "for $IDLE connections" >&2; exit 2; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/edge-bench.XXXXXX")
PEER_PID=
cleanup() {
  [[ -n $PEER_PID ]] && kill -KILL "$PEER_PID" 2>/dev/null || true
  if ((KEEP)); then echo "edge-bench: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# start_peer ws|roomcast DIR: sets PEER_PID, PEER_URL, PEER_TOKEN.
start_peer() {
  local name=$1 dir=$2
  mkdir -p "$dir/data"
  : >"$dir/out" # the background child opens it later; read an empty file meanwhile
  if [[ $name == ws ]]; then
    taskset -c "$SERVER_CPUS" node "$PEERS/ws-peer.mjs" >"$dir/out" 2>"$dir/err" &
  else
    taskset -c "$SERVER_CPUS" "$SERVER" --port 0 --data-dir "$dir/data" --publish-rate 100000 \
      --publish-burst 100000 --max-rooms 1000 --threads "$THREADS" >"$dir/out" 2>"$dir/err" &
  fi
  PEER_PID=$!
  PEER_URL=
  for _ in $(seq 150); do
    PEER_URL=$(sed -n '1s#^roomcast-server listening on \(ws://[0-9.]*:[0-9]*/ws\) node=.*#\1#p' \
      "$dir/out" || true)
    [[ -n $PEER_URL ]] && break
    kill -0 "$PEER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $PEER_URL ]]; then
    echo "edge-bench: $name did not start; its output:" >&2
    cat "$dir/out" "$dir/err" >&2
    exit 1
  fi
  # The ws peer does not check tokens; it gets one of the same shape and size.
  PEER_TOKEN=$("$SERVER" token --data-dir "$dir/data" --user u1 --ttl 3600)
}

stop_peer() {
  kill -TERM "$PEER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$PEER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$PEER_PID" 2>/dev/null || true
  wait "$PEER_PID" 2>/dev/null || true
  PEER_PID=
}

# run_workload ws|roomcast fanout|idle ROUND: one fresh server, one loadgen run; appends
# every `name value` line to $WORK/results/PEER.NAME.
run_workload() {
  local name=$1 workload=$2 round=$3 dir=$WORK/$1-$2-$3
  start_peer "$name" "$dir"
  local args=(--workload "$workload" --url "$PEER_URL" --token "$PEER_TOKEN" --server-pid "$PEER_PID")
  if [[ $workload == fanout ]]; then
    args+=(--subscribers "$SUBS" --publishes "$PUBLISHES" --warmup "$WARMUP" --window "$WINDOW"
           --rate "$RATE" --seconds "$FIXED_S")
  elif [[ $workload == rooms ]]; then
    args+=(--rooms "$W2_ROOMS" --per-room 5 --total-rate "$W2_RATE" --seconds "$FIXED_S")
  else
    args+=(--connections "$IDLE" --rooms 100 --inflight 256)
  fi
  echo "edge-bench: round $round, $workload on $name" >&2
  if ! taskset -c 1 "$LOADGEN" "${args[@]}" >"$dir/loadgen.out" 2>"$dir/loadgen.err"; then
    echo "edge-bench: roomcast-loadgen failed on $name ($workload):" >&2
    cat "$dir/loadgen.err" >&2
    echo "--- $name's log:" >&2
    tail -20 "$dir/err" >&2
    stop_peer
    exit 1
  fi
  stop_peer
  while read -r key value; do echo "$value" >>"$WORK/results/$name.$key"; done <"$dir/loadgen.out"
}

mkdir -p "$WORK/results"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
  if ((round % 2)); then order=(ws roomcast); else order=(roomcast ws); fi
  # The disk's floor for W2: appends + fdatasync where the data directories live.
  "$LOADGEN" --workload fsync --dir "$WORK" >"$WORK/fsync-$round.out"
  while read -r key value; do echo "$value" >>"$WORK/results/disk.$key"; done <"$WORK/fsync-$round.out"
  # The kernel's floor for W1: no server, one sendmsg() of the window's frames per socket.
  if [[ " $WORKLOADS " == *" fanout "* ]]; then
    "$LOADGEN" --workload sendfloor --subscribers "$SUBS" --frames "$WINDOW" \
      --publishes "$PUBLISHES" --warmup "$WARMUP" --sender-cpu "${SERVER_CPUS%%[,-]*}" \
      --reader-cpu 1 >"$WORK/floor-$round.out"
    while read -r key value; do echo "$value" >>"$WORK/results/kernel.$key"; done \
      <"$WORK/floor-$round.out"
    # ... and for W1-fixed: one frame per socket per round, $RATE rounds per second.
    "$LOADGEN" --workload sendfloor --subscribers "$SUBS" --frames 1 --rate "$RATE" \
      --publishes "$(awk -v r="$RATE" -v s="$FIXED_S" 'BEGIN { printf "%d", r * s }')" --warmup 5 \
      --sender-cpu "${SERVER_CPUS%%[,-]*}" --reader-cpu 1 >"$WORK/floor-fixed-$round.out"
    while read -r key value; do echo "$value" >>"$WORK/results/kernel-fixed.$key"; done \
      <"$WORK/floor-fixed-$round.out"
  fi
  for workload in $WORKLOADS; do
    for name in "${order[@]}"; do run_workload "$name" "$workload" "$round"; done
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

median() { [[ -f $WORK/results/$1 ]] || { echo 0; return; }; sort -g "$WORK/results/$1" | awk '{ v[NR] = $1 } END {
  if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fmt() { awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; }
row() { # label key decimals
  local rc ws
  rc=$(median "roomcast.$2") ws=$(median "ws.$2")
  printf '| %s | %s | %s | %s |\n' "$1" "$(fmt "$rc" "$3")" "$(fmt "$ws" "$3")" \
    "$(awk -v a="$rc" -v b="$ws" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')"
}

qt_version() {
  local dir version
  dir=$(sed -n 's/^Qt6Core_DIR:PATH=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
  version=$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")/\1/p' "$dir/Qt6CoreConfigVersion.cmake" \
    2>/dev/null)
  [[ -n $version ]] || version=$(pkg-config --modversion Qt6Core 2>/dev/null) || version=unknown
  echo "$version"
}

echo
echo "## roomcast-server vs Node ws $(node -p "require('$PEERS/node_modules/ws/package.json').version")"
echo
echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "kernel $(uname -r), Qt $(qt_version), Node $(node --version)," \
  "data dir on $(df -T "$WORK" | awk 'NR == 2 { print $2 }'); load average $LOAD_BEFORE before," \
  "$LOAD_AFTER after. Servers on CPU $SERVER_CPUS (roomcast --threads $THREADS)," \
  "roomcast-loadgen on CPU 1; median of $ROUNDS round(s)."
echo
echo "| workload | roomcast | ws | ratio (x ws) |"
echo "| --- | ---: | ---: | ---: |"
row "W1 fan-out, $SUBS subscribers, $WINDOW in flight: deliveries/s (higher is better)" w1.deliveries_per_s 0
row "W1 µs per delivery (lower is better)" w1.us_per_delivery 3
row "W1 server CPU during the window (% of one core)" w1.server_cpu_pct 0
row "W1-fixed, $RATE publishes/s for ${FIXED_S} s: publish -> delivery p50 (ms)" w1fixed.p50_ms 2
row "W1-fixed publish -> delivery p99 (ms)" w1fixed.p99_ms 2
row "W1-fixed publish -> ack p50 (ms; roomcast acks once stored)" w1fixed.ack_p50_ms 2
row "W2 $W2_ROOMS rooms x 5, $W2_ROOMS publishers, $W2_RATE publishes/s (durable): p50 (ms)" w2.p50_ms 2
row "W2 publish -> delivery p99 (ms)" w2.p99_ms 2
row "W2 server CPU (% of one core)" w2.server_cpu_pct 0
row "W3 $IDLE idle connections, 100 rooms: connections/s (higher is better)" w3.connections_per_s 0
row "W3 server RSS per connection (KB, lower is better)" w3.kb_per_connection 2
row "W3 server RSS with every connection up (KB)" w3.rss_after_kb 0
FSYNC_P99=$(median disk.fsync.p99_ms)
W2_P99=$(median roomcast.w2.p99_ms)
echo
echo "This disk: 4 KiB append + fdatasync p50 $(fmt "$(median disk.fsync.p50_ms)" 3) ms," \
  "p99 $(fmt "$FSYNC_P99" 3) ms. roomcast W2 p99 = $(awk -v a="$W2_P99" -v b="$FSYNC_P99" \
  'BEGIN { if (a > 0 && b > 0) printf "%.1f", a / b; else print "-" }')x the fsync p99 (roomcast stores" \
  "every message before it fans it out; the ws peer stores nothing)."
if [[ " $WORKLOADS " == *" fanout "* ]]; then
  FLOOR=$(median kernel.floor.deliveries_per_s)
  echo
  echo "This machine's W1 floor, no server at all: one sendmsg() of $WINDOW W1-sized frames to" \
    "each of $SUBS loopback sockets per round, the next round once every frame was read:" \
    "$(fmt "$FLOOR" 0) deliveries/s ($(fmt "$(median kernel.floor.us_per_delivery)" 3) µs)" \
    "= $(awk -v a="$FLOOR" -v b="$(median ws.w1.deliveries_per_s)" \
    'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')x ws; roomcast reaches" \
    "$(awk -v a="$(median roomcast.w1.deliveries_per_s)" -v b="$FLOOR" \
    'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "-" }') % of it." \
    "W1-fixed's floor (one frame per socket, $RATE rounds/s): round start -> each frame read" \
    "p50 $(fmt "$(median kernel-fixed.floor.paced_p50_ms)" 2) / p99" \
    "$(fmt "$(median kernel-fixed.floor.paced_p99_ms)" 2) ms."
fi
rounds() { # the values of every round, on one line
  [[ -f $WORK/results/$1 ]] || { echo -; return; }
  awk '{ v = $1 >= 100 ? sprintf("%.0f", $1) : sprintf("%.3g", $1); printf "%s%s", sep, v; sep = " " }' \
    "$WORK/results/$1"
}
echo
echo "Raw numbers per round (roomcast / ws):"
echo
for key in w1.deliveries_per_s w1.us_per_delivery w1.server_cpu_pct w1.loadgen_cpu_pct \
           w1fixed.p50_ms w1fixed.p99_ms w1fixed.max_ms w1fixed.ack_p50_ms w1fixed.samples \
           w2.p50_ms w2.p99_ms w2.max_ms w2.ack_p50_ms w2.server_cpu_pct w2.samples \
           w3.connections_per_s w3.kb_per_connection w3.rss_before_kb w3.rss_after_kb \
           w3.server_cpu_pct w3.loadgen_cpu_pct check.deliveries_in_order \
           check.w2_deliveries_in_order; do
  printf -- '- %s: %s / %s\n' "$key" "$(rounds "roomcast.$key")" "$(rounds "ws.$key")"
done
printf -- '- floor.deliveries_per_s (no server): %s\n' "$(rounds kernel.floor.deliveries_per_s)"
printf -- '- floor.fixed_p99_ms (no server): %s\n' "$(rounds kernel-fixed.floor.paced_p99_ms)"
