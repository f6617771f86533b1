#!/usr/bin/env bash
# CPU per Cloud Tasks task (create, dispatch to a local receiver, delete) of one node and of PostgreSQL, against the
# embedded store: `Tidings.Bench tasks` (its own warm-up creates and dispatches N first), CPU from /proc around it all.
# Usage: [DLL=…] [BUILDS="tag=dll …"] tasks-cost.sh OUT [N] [RUNS]; Release builds of Tidings and Tidings.Bench; PostgreSQL on loopback.
set -euo pipefail
OUT=$1; N=${2:-20000}; RUNS=${3:-2}
repo=/work/main; bench=$repo/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench; dll=${DLL:-$repo/src/Tidings/bin/Release/net10.0/Tidings.dll}
export PGPASSWORD=tidings; mkdir -p "$OUT"; ticks=$(getconf CLK_TCK)
cpu_of() { local total=0 t; for pid in "$@"; do t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0); total=$((total + t)); done; echo "$total"; }
pg() { cpu_of $(pgrep -x postgres || true); }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ready() { for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
one() {
  local label=$1 port data db=""; port=$(free_port); data=$(mktemp -d)
  if [[ "$label" == cluster* ]]; then db="tidings_tcost_$$_$RANDOM"; psql -h 127.0.0.1 -U tidings -d postgres -qc "CREATE DATABASE $db"
    dotnet "$dll" --host 127.0.0.1 --port "$port" --store postgres --postgres "Host=127.0.0.1;Username=tidings;Password=tidings;Database=$db" --advertise-url "http://127.0.0.1:$port" --node-id n1 > "$OUT/$label.log" 2>&1 &
  else dotnet "$dll" --host 127.0.0.1 --port "$port" --data-dir "$data/d" > "$OUT/$label.log" 2>&1 & fi
  local pid=$!; ready "$port"
  local n0 p0; n0=$(cpu_of $pid); p0=$(pg)
  "$bench" tasks --endpoint "http://127.0.0.1:$port" --server-pid $pid --label "$label" --out-dir "$OUT" --n "$N" --queues 16 --concurrency 48 --channels 3 --rate 500 --seconds 2 > "$OUT/$label-bench.out" 2>&1
  local n1 p1; n1=$(cpu_of $pid); p1=$(pg)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  [ -n "$db" ] && psql -h 127.0.0.1 -U tidings -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  rm -rf "$data" "$OUT/warm"
  # tasks: N of warm-up and N measured, created and dispatched, plus the rate phase (500/s for 2 s)
  local created dispatched; created=$(grep -o '"t1_per_second":[0-9.]*' "$OUT/tasks-$label.jsonl" | tail -1 | cut -d: -f2); dispatched=$(grep -o '"t2_per_second":[0-9.]*' "$OUT/tasks-$label.jsonl" | tail -1 | cut -d: -f2)
  echo "{\"label\":\"$label\",\"n\":$N,\"created_per_s\":${created:-null},\"dispatched_per_s\":${dispatched:-null},\"node_cpu_s\":$(( (n1-n0) ))e-2,\"postgres_cpu_s\":$(( (p1-p0) ))e-2,\"tasks_incl_warmup_and_rate_phase\":$((2 * N + 1000))}" | tee -a "$OUT/tasks-cost.jsonl"
}
for r in $(seq 1 "$RUNS"); do
  if [ -n "${BUILDS:-}" ]; then # alternate builds, cluster mode: BUILDS="base=/path/Tidings.dll new=/path/Tidings.dll"
    for b in $BUILDS; do dll=${b#*=}; one "cluster-${b%%=*}"; done
  else one embedded; one cluster; fi
done
