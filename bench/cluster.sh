#!/usr/bin/env bash
# Cluster mode on one PostgreSQL, 1, 2 and 3 nodes, beside the embedded engine, in one sitting. For each node count a
# fresh database and fresh nodes (Release build); the bench's channels take the nodes in turn (--endpoint a,b,c), so
# with two or three nodes most clients talk to a follower that forwards to the leader. Pub/Sub S1 and S2 (1 KiB) and
# S3 (latency at RATE msg/s), then Cloud Tasks creation and dispatch. CPU seconds of the nodes and of PostgreSQL are
# sampled from /proc around each run and written beside the results.
#
#   bench/cluster.sh                     # about 10 min on the 2-vCPU machine
#
# Environment: NODES="1 2 3" RUNS=1 N=50000 RATE=2000 S3_SECONDS=10 TASKS_N=20000 OUT=bench/results/cluster
#   EMBEDDED=1 (also the embedded engine as the baseline)   POSTGRES="Host=127.0.0.1;Username=tidings;Password=tidings"
#   (the server every node shares; scripts/test-postgres.sh starts the local one)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
NODES=${NODES:-"1 2 3"}; RUNS=${RUNS:-1}; N=${N:-50000}; RATE=${RATE:-2000}; S3_SECONDS=${S3_SECONDS:-10}
TASKS_N=${TASKS_N:-20000}; EMBEDDED=${EMBEDDED:-1}
OUT=${OUT:-$here/results/cluster}
POSTGRES=${POSTGRES:-"Host=127.0.0.1;Port=5432;Username=tidings;Password=tidings"}
export PGPASSWORD=${PGPASSWORD:-tidings}

"$repo/scripts/test-postgres.sh"
dotnet build "$repo/src/Tidings" -c Release -nologo -v q 2>&1 | grep -E ' error |Build succeeded' | sort -u
dotnet build "$here/Tidings.Bench" -c Release -nologo -v q 2>&1 | grep -E ' error |Build succeeded' | sort -u
bench="$here/Tidings.Bench/bin/Release/net10.0/Tidings.Bench"
dll="$repo/src/Tidings/bin/Release/net10.0/Tidings.dll"
mkdir -p "$OUT"
pids=()
database=""

cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  if [ -n "$database" ]; then
    psql -h 127.0.0.1 -U tidings -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    database=""
  fi
}
trap cleanup EXIT

# CPU seconds (user + system) of the given processes, and of every PostgreSQL server process.
cpu_of() { local total=0 t; for pid in "$@"; do t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0); total=$((total + t)); done; echo "$total"; }
postgres_cpu() { cpu_of $(pgrep -x postgres || true); }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Runs the Pub/Sub and Tasks benches against the endpoints with LABEL, recording CPU of NODE_PIDS and PostgreSQL.
measure() { # label endpoints node_pids...
  local label=$1 endpoints=$2; shift 2
  local ticks; ticks=$(getconf CLK_TCK)
  local before_nodes before_pg; before_nodes=$(cpu_of "$@"); before_pg=$(postgres_cpu)
  local started=$SECONDS
  # --server-pid: the first node, which leads (it starts first), for the bench's own server CPU and RSS columns.
  timeout 1200 "$bench" run --endpoint "$endpoints" --server-pid "$1" --label "$label" --out-dir "$OUT" --scenarios S1,S2,S3 --sizes 1024 \
    --runs "$RUNS" -n "$N" --rate "$RATE" --seconds "$S3_SECONDS" --warmup 5000 --streams 3 || echo "!! $label: Pub/Sub bench failed" >&2
  timeout 900 "$bench" tasks --endpoint "$endpoints" --server-pid "$1" --label "$label" --out-dir "$OUT" --n "$TASKS_N" --queues 16 \
    --concurrency 48 --channels 3 --rate 500 --seconds 5 || echo "!! $label: Tasks bench failed" >&2
  local nodes_s pg_s wall=$((SECONDS - started))
  nodes_s=$(( ($(cpu_of "$@") - before_nodes) / ticks )); pg_s=$(( ($(postgres_cpu) - before_pg) / ticks ))
  echo "{\"label\":\"$label\",\"wall_s\":$wall,\"nodes_cpu_s\":$nodes_s,\"postgres_cpu_s\":$pg_s}" | tee -a "$OUT/cpu.jsonl"
}

wait_ready() { # port
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "node on port $1 never became ready" >&2; return 1
}

if [ "$EMBEDDED" = 1 ]; then
  data=$(mktemp -d); port=$(free_port)
  dotnet "$dll" --host 127.0.0.1 --port "$port" --data-dir "$data" >"$OUT/embedded.log" 2>&1 & pids=($!)
  wait_ready "$port"
  measure embedded "http://127.0.0.1:$port" "${pids[@]}"
  cleanup; rm -rf "$data"
fi

for count in $NODES; do
  database="tidings_bench_$$_$count"
  psql -h 127.0.0.1 -U tidings -d postgres -qc "CREATE DATABASE $database"
  endpoints=""; ports=()
  for i in $(seq 1 "$count"); do
    port=$(free_port); ports+=("$port")
    dotnet "$dll" --host 127.0.0.1 --port "$port" --store postgres --postgres "$POSTGRES;Database=$database" \
      --advertise-url "http://127.0.0.1:$port" --node-id "node$i" >"$OUT/nodes$count-node$i.log" 2>&1 &
    pids+=($!)
    wait_ready "$port" # the first node leads; the others follow it
    endpoints+="${endpoints:+,}http://127.0.0.1:$port"
  done
  measure "cluster-$count" "$endpoints" "${pids[@]}"
  cleanup
done
echo "results: $OUT (JSON lines per label; cpu.jsonl)"
