#!/usr/bin/env bash
set -uo pipefail
OUT=$1; DLL=${2:-/work/main/src/Tidings/bin/Release/net10.0/Tidings.dll}
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"; data=$(mktemp -d /tmp/prof-XXXX); port=$((20000 + RANDOM % 12000))
env ${SRVENV:-} DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$DLL" --host 127.0.0.1 --port $port --data-dir "$data/d" ${MODE:-} > "$OUT/server.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.log" 2>/dev/null && break; sleep 0.2; done
sleep 1
( sleep 8; perf record -e sched:sched_wakeup -g -p $pid -o "$OUT/wake.data" -- sleep 2 > /dev/null 2>&1 ) &
recpid=$!
"$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid --scenarios S3 --sizes 1024 --rate 2000 --seconds 12 --runs 1 --warmup 20000 --label prof --out-dir "$OUT" > "$OUT/bench.out" 2>&1
wait $recpid
kill -TERM $pid; wait $pid 2>/dev/null
rm -rf "$data"
