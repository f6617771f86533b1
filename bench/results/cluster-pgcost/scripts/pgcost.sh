#!/usr/bin/env bash
# CPU per message of one cluster node and of PostgreSQL, S1 (1 KiB, batches of 1,000, one in flight; SCEN=S2 for S2),
# against the embedded engine: where a second Pub/Sub owner on the same database would hit its ceiling.
# Usage: [DLL=…] [BUILDS="tag=dll …"] [MODES="embedded cluster"] [SCEN=S1|S2] [WARM=300000] [EXTRA="--flag value", for cluster nodes] pgcost.sh OUT [N] [RUNS]; Release builds of Tidings and Tidings.Bench must exist; PostgreSQL on loopback.
set -euo pipefail
OUT=$1; N=${2:-200000}; RUNS=${3:-3}
repo=/work/main; bench=$repo/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench; dll=${DLL:-$repo/src/Tidings/bin/Release/net10.0/Tidings.dll}
POSTGRES="Host=127.0.0.1;Port=5432;Username=tidings;Password=tidings"; export PGPASSWORD=tidings
mkdir -p "$OUT"; ticks=$(getconf CLK_TCK)
cpu_of() { local total=0 t; for pid in "$@"; do t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0); total=$((total + t)); done; echo "$total"; }
pg() { cpu_of $(pgrep -x postgres || true); }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ready() { for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
one() { # label args...
  local label=$1; shift; local port; port=$(free_port); local data; data=$(mktemp -d)
  local db=""
  if [[ "$label" == cluster* ]]; then db="tidings_pgcost_$$_$RANDOM"; psql -h 127.0.0.1 -U tidings -d postgres -qc "CREATE DATABASE $db";
    dotnet "$dll" --host 127.0.0.1 --port "$port" --store postgres --postgres "$POSTGRES;Database=$db" --advertise-url "http://127.0.0.1:$port" --node-id n1 ${EXTRA:-} > "$OUT/$label.log" 2>&1 &
  else dotnet "$dll" --host 127.0.0.1 --port "$port" --data-dir "$data/d" > "$OUT/$label.log" 2>&1 & fi
  local pid=$!; ready "$port"
  # warm-up run (not counted), then the measured one
  "$bench" run --endpoint "http://127.0.0.1:$port" --server-pid $pid --scenarios S1 --sizes 1024 -n ${WARM:-300000} --runs 1 --warmup 5000 --label warm --out-dir "$OUT/warm" > /dev/null 2>&1
  local n0 p0 t0; n0=$(cpu_of $pid); p0=$(pg); t0=$(date +%s.%N)
  "$bench" run --endpoint "http://127.0.0.1:$port" --server-pid $pid --scenarios ${SCEN:-S1} --sizes 1024 -n "$N" --runs 1 --warmup 0 --label "$label" --out-dir "$OUT" > "$OUT/$label-bench.out" 2>&1
  local n1 p1 t1; n1=$(cpu_of $pid); p1=$(pg); t1=$(date +%s.%N)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  [ -n "$db" ] && psql -h 127.0.0.1 -U tidings -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  rm -rf "$data"
  local rate; rate=$(grep -o '"msgs_per_s":[0-9.]*' "$OUT/$label.jsonl" | tail -1 | cut -d: -f2)
  python3 - "$label" "$N" "$rate" "$((n1-n0))" "$((p1-p0))" "$ticks" "$t0" "$t1" <<'PY' | tee -a "$OUT/pgcost.jsonl"
import json,sys
label,n,rate,node,pg,ticks,t0,t1=sys.argv[1:]
n=int(n); node=int(node)/int(ticks); pg=int(pg)/int(ticks)
print(json.dumps({"label":label,"n":n,"msgs_per_s":round(float(rate)),"node_cpu_s":node,"postgres_cpu_s":pg,
  "node_us_per_msg":round(node*1e6/n,1),"postgres_us_per_msg":round(pg*1e6/n,1),"wall_s":round(float(t1)-float(t0),2)}))
PY
}
for r in $(seq 1 "$RUNS"); do
  if [ -n "${BUILDS:-}" ]; then # alternate builds, cluster mode: BUILDS="base=/path/Tidings.dll new=/path/Tidings.dll"
    for b in $BUILDS; do dll=${b#*=}; one "cluster-${b%%=*}"; done
  else for m in ${MODES:-embedded cluster}; do one "$m"; done; fi
done
