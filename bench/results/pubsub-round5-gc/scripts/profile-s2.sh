#!/usr/bin/env bash
set -uo pipefail
OUT=$1; DLL=${2:-/work/main/src/Tidings/bin/Release/net10.0/Tidings.dll}
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"; data=$(mktemp -d /tmp/prof-XXXX); port=$((20000 + RANDOM % 12000))
env ${SRVENV:-} DOTNET_PerfMapEnabled=1 dotnet "$DLL" --host 127.0.0.1 --port $port --data-dir "$data/d" > "$OUT/server.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.log" 2>/dev/null && break; sleep 0.2; done
sleep 1
( [ -n "${NOREC:-}" ] || { sleep ${RECDELAY:-25}; perf record -F 999 -g -p $pid -o "$OUT/perf.data" -- sleep ${REC:-4} > /dev/null 2>&1; } ) &
recpid=$!
perf stat -e syscalls:sys_enter_pread64,raw_syscalls:sys_enter,context-switches -x, -o "$OUT/perf-stat.csv" -p $pid & statpid=$!
"$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid --scenarios S2 --sizes 1024 -n ${N:-1000000} --warmup ${WARMUP:-500000} --runs ${RUNS:-2} --label prof --out-dir "$OUT" > "$OUT/bench.out" 2>&1
wait $recpid; kill -INT $statpid; wait $statpid 2>/dev/null
kill -TERM $pid; wait $pid 2>/dev/null
rm -rf "$data"
