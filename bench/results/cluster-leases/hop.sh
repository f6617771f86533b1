#!/usr/bin/env bash
# What the forwarding hop costs: two cluster nodes on one database (Pub/Sub runs on one of them, its owner), S2 of N
# 1 KiB messages (publish the backlog, then consume and ack it) with every call sent to the owner, then with every
# call sent to the other node, which forwards it. Reports msg/s and the CPU of each node and of PostgreSQL, so the
# forwarding node's CPU per message is the hop's cost. Release builds must exist; PostgreSQL on loopback.
# Usage: [DLL=…] [BENCH=…] [N=100000] [WARM=100000] hop.sh OUT PAIRS
set -uo pipefail
OUT=$1; PAIRS=${2:-3}; N=${N:-100000}; WARM=${WARM:-100000}; mkdir -p "$OUT"
repo=$(cd "$(dirname "$0")/../../.." && pwd)
bench=${BENCH:-$repo/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench}; dll=${DLL:-$repo/src/Tidings/bin/Release/net10.0/Tidings.dll}
export PGPASSWORD=tidings; ticks=$(getconf CLK_TCK)
cpu_of() { local total=0 t; for pid in "$@"; do t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0); total=$((total + t)); done; echo "$total"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
db="tidings_hop_$$"; psql -h 127.0.0.1 -U tidings -d postgres -qc "CREATE DATABASE $db"
pids=(); ports=()
for i in 1 2; do
  port=$(free_port); ports+=("$port")
  dotnet "$dll" --host 127.0.0.1 --port "$port" --store postgres --postgres "Host=127.0.0.1;Username=tidings;Password=tidings;Database=$db" \
    --advertise-url "http://127.0.0.1:$port" --node-id "node$i" > "$OUT/node$i.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done; done
sleep 5 # past the join window, so the units are spread
curl -fs "http://127.0.0.1:${ports[0]}/clusterz" > "$OUT/clusterz.json"
owner_url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["units"]["pubsub"]["owner"]["url"])' "$OUT/clusterz.json")
if [ "$owner_url" = "http://127.0.0.1:${ports[0]}" ]; then owner=0; other=1; else owner=1; other=0; fi
echo "Pub/Sub's owner: node$((owner + 1)) ($owner_url)"
for route in owner other; do # warm-up of both paths, not counted
  idx=$([ $route = owner ] && echo $owner || echo $other)
  "$bench" run --endpoint "http://127.0.0.1:${ports[$idx]}" --project "warm-$route" --scenarios S2 --sizes 1024 -n "$WARM" --runs 1 --warmup 0 --label warm --out-dir "$OUT/warm" > /dev/null 2>&1
done
for pair in $(seq 1 "$PAIRS"); do
  for route in owner other; do
    idx=$([ $route = owner ] && echo $owner || echo $other); tag="p$pair-$route"
    o0=$(cpu_of "${pids[$owner]}"); f0=$(cpu_of "${pids[$other]}"); p0=$(cpu_of $(pgrep -x postgres)); t0=$(date +%s.%N)
    "$bench" run --endpoint "http://127.0.0.1:${ports[$idx]}" --project "$tag" --scenarios S2 --sizes 1024 -n "$N" --runs 1 --warmup 0 \
      --label "$tag" --out-dir "$OUT" > "$OUT/$tag.out" 2>&1
    o1=$(cpu_of "${pids[$owner]}"); f1=$(cpu_of "${pids[$other]}"); p1=$(cpu_of $(pgrep -x postgres)); t1=$(date +%s.%N)
    python3 - "$OUT/$tag.jsonl" "$tag" "$N" "$((o1 - o0))" "$((f1 - f0))" "$((p1 - p0))" "$ticks" "$t0" "$t1" <<'PY' | tee -a "$OUT/hop.jsonl"
import json, sys
path, tag, n, owner, other, pg, ticks, t0, t1 = sys.argv[1:]
n, ticks = int(n), int(ticks)
rate = [json.loads(l) for l in open(path) if '"scenario"' in l][-1]["msgs_per_s"]
us = lambda t: round(int(t) / ticks * 1e6 / n, 1)
print(json.dumps({"run": tag, "n": n, "s2_msgs_per_s": round(rate), "owner_us_per_msg": us(owner), "forwarder_us_per_msg": us(other),
                  "postgres_us_per_msg": us(pg), "wall_s": round(float(t1) - float(t0), 1)}))
PY
  done
done
kill -TERM "${pids[@]}"; wait "${pids[@]}" 2>/dev/null
psql -h 127.0.0.1 -U tidings -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
