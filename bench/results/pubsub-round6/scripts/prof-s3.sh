#!/usr/bin/env bash
# S3 server profile: fresh server (MODE=--in-memory or empty), S3 at RATE for SEC, perf record + perf stat over the middle.
set -uo pipefail
OUT=$1; DLL=${2:-/work/main/src/Tidings/bin/Release/net10.0/Tidings.dll}
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"; data=$(mktemp -d /tmp/prof-XXXX); port=$((20000 + RANDOM % 12000))
env ${SRVENV:-} DOTNET_PerfMapEnabled=1 ${DOTNET_BIN:-dotnet} "$DLL" --host 127.0.0.1 --port $port --data-dir "$data/d" ${MODE:-} > "$OUT/server.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.log" 2>/dev/null && break; sleep 0.2; done
sleep 1
( sleep ${RECDELAY:-8}; /work/tmp/s3/ctx.sh $pid 5 > "$OUT/ctx.txt"; perf stat -e task-clock,context-switches,cpu-migrations -p $pid -o "$OUT/perf-stat.txt" -- sleep 5 >/dev/null 2>&1;
  [ -n "${NOREC:-}" ] || perf record -F 1999 -g -p $pid -o "$OUT/perf.data" -- sleep ${REC:-5} > /dev/null 2>&1; ) &
recpid=$!
"$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid --scenarios S3 --sizes 1024 --rate ${RATE:-2000} --seconds ${SEC:-20} --runs ${RUNS:-1} --warmup ${WARMUP:-20000} --label prof --out-dir "$OUT" > "$OUT/bench.out" 2>&1
wait $recpid
kill -TERM $pid; wait $pid 2>/dev/null
[ -f "$OUT/perf.data" ] && perf report -i "$OUT/perf.data" --no-children --sort comm,dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40 > "$OUT/perf-comm.txt"
[ -f "$OUT/perf.data" ] && perf report -i "$OUT/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80 > "$OUT/perf-sym.txt"
rm -rf "$data"
grep -E '^\[bench\]' "$OUT/bench.out" | tail -3
