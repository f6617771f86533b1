#!/usr/bin/env bash
# Pub/Sub in cells (--pubsub-cells) against Pub/Sub as one engine, on a cluster of NODES nodes started together (so
# they share the units), one fresh database each. Four bench processes run at once, each on a topic of its own
# (projects cells0..cells3, whose topics hash to the four cells of four), S1 then S2 of N 1 KiB messages, their
# channels taking the nodes in turn. Reports each process's msg/s, their sum, and the CPU seconds of the nodes and of
# PostgreSQL over the whole run (each node's too). Release builds of Tidings and Tidings.Bench must exist; PostgreSQL on loopback.
# Usage: [NODES=2] [N=100000] cells.sh OUT CELLS...
set -uo pipefail
OUT=$1; shift; NODES=${NODES:-2}; N=${N:-100000}; mkdir -p "$OUT"
repo=$(cd "$(dirname "$0")/../../.." && pwd)
bench=$repo/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench; dll=$repo/src/Tidings/bin/Release/net10.0/Tidings.dll
export PGPASSWORD=tidings; ticks=$(getconf CLK_TCK)
cpu_of() { local total=0 t; for pid in "$@"; do t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0); total=$((total + t)); done; echo "$total"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
round=0
for cells in "$@"; do
  round=$((round + 1)); tag="r$round-cells$cells"
  db="tidings_cells_$$_$round"; psql -h 127.0.0.1 -U tidings -d postgres -qc "CREATE DATABASE $db"
  pids=(); ports=(); endpoints=""
  for i in $(seq 1 "$NODES"); do
    port=$(free_port); ports+=("$port"); endpoints+="${endpoints:+,}http://127.0.0.1:$port"
    dotnet "$dll" --host 127.0.0.1 --port "$port" --store postgres --postgres "Host=127.0.0.1;Username=tidings;Password=tidings;Database=$db" \
      --advertise-url "http://127.0.0.1:$port" --node-id "node$i" --pubsub-cells "$cells" > "$OUT/$tag-node$i.log" 2>&1 &
    pids+=($!)
  done
  for port in "${ports[@]}"; do for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done; done
  curl -fs "http://127.0.0.1:${ports[0]}/clusterz" > "$OUT/$tag-clusterz.json"
  for p in cells0 cells1 cells2 cells3; do # warm-up, not counted
    "$bench" run --endpoint "$endpoints" --project $p --scenarios S1 --sizes 1024 -n 50000 --runs 1 --warmup 5000 --label warm --out-dir "$OUT/warm" > /dev/null 2>&1
  done
  n0=$(cpu_of "${pids[@]}"); each0=(); for pid in "${pids[@]}"; do each0+=("$(cpu_of "$pid")"); done; p0=$(cpu_of $(pgrep -x postgres)); t0=$SECONDS; bp=()
  for p in cells0 cells1 cells2 cells3; do
    "$bench" run --endpoint "$endpoints" --project $p --scenarios S1,S2 --sizes 1024 -n "$N" --runs 1 --warmup 0 \
      --label "$tag-$p" --out-dir "$OUT" > "$OUT/$tag-$p.out" 2>&1 & bp+=($!)
  done
  wait "${bp[@]}"
  n1=$(cpu_of "${pids[@]}"); each=(); for i in "${!pids[@]}"; do each+=("$(( ($(cpu_of "${pids[$i]}") - each0[$i]) / ticks ))"); done; p1=$(cpu_of $(pgrep -x postgres)); wall=$((SECONDS - t0))
  kill -TERM "${pids[@]}"; wait "${pids[@]}" 2>/dev/null
  psql -h 127.0.0.1 -U tidings -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  python3 - "$OUT" "$tag" "$cells" "${each[*]}" "$(( (n1 - n0) / ticks ))" "$(( (p1 - p0) / ticks ))" "$wall" <<'PY' | tee -a "$OUT/cells.jsonl"
import json, sys
out, tag, cells, each, nodes_s, pg_s, wall = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(x) for x in sys.argv[4].split()], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
rates = {"S1": [], "S2": []}
for p in ["cells0", "cells1", "cells2", "cells3"]:
    for line in open(f"{out}/{tag}-{p}.jsonl"):
        row = json.loads(line)
        if row.get("scenario") in rates:
            rates[row["scenario"]].append(round(row["msgs_per_s"]))
print(json.dumps({"run": tag, "cells": cells, "node_cpu_s_each": each, "s1_each": rates["S1"], "s1_sum": sum(rates["S1"]), "s2_each": rates["S2"],
                  "s2_sum": sum(rates["S2"]), "nodes_cpu_s": nodes_s, "postgres_cpu_s": pg_s, "wall_s": wall}))
PY
done
