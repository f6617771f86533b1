#!/usr/bin/env bash
# S1 server profile: one durable server warmed with WARMUP, S1 1 KiB RUNS runs; perf record over REC seconds in the middle.
set -uo pipefail
OUT=$1; DLL=${2:-/work/main/src/Tidings/bin/Release/net10.0/Tidings.dll}
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"; data=$(mktemp -d /tmp/prof-XXXX); port=$((20000 + RANDOM % 12000))
env ${SRVENV:-} DOTNET_PerfMapEnabled=1 dotnet "$DLL" --host 127.0.0.1 --port $port --data-dir "$data/d" > "$OUT/server.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.log" 2>/dev/null && break; sleep 0.2; done
sleep 1
( [ -n "${NOREC:-}" ] || { sleep ${RECDELAY:-25}; perf record -F 999 -g -p $pid -o "$OUT/perf.data" -- sleep ${REC:-6} > /dev/null 2>&1; } ) &
recpid=$!
[ -n "${COUNTERS:-}" ] && { /work/tmp/tools/dotnet-counters collect -p $pid --counters System.Runtime --format csv -o "$OUT/counters.csv" --refresh-interval 1 > /dev/null 2>&1 & cntpid=$!; }
"$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid --scenarios S1 --sizes 1024 -n ${N:-400000} --warmup ${WARMUP:-500000} --runs ${RUNS:-3} --label prof --out-dir "$OUT" > "$OUT/bench.out" 2>&1
wait $recpid
curl -s http://127.0.0.1:$port/metrics | grep -E "fsync_duration_seconds_(sum|count)|group_commit_size_bytes_(sum|count)" > "$OUT/metrics"; [ -n "${cntpid:-}" ] && kill -INT $cntpid; sleep 1; kill -TERM $pid; wait $pid 2>/dev/null
[ -f "$OUT/perf.data" ] && perf report -i "$OUT/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^$' | head -200 > "$OUT/perf-report.txt"
[ -f "$OUT/perf.data" ] && perf report -i "$OUT/perf.data" --no-children --sort comm --stdio 2>/dev/null | head -40 > "$OUT/perf-comm.txt"
rm -rf "$data"
