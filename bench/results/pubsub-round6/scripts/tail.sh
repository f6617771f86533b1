#!/usr/bin/env bash
# S3 tail: fresh durable server, S3 at RATE for SEC, then /metrics fsync histogram and GC pause counters
set -uo pipefail
OUT=$1; DLL=${2:-/work/tmp/ab/new/Tidings.dll}
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"; data=$(mktemp -d /tmp/prof-XXXX); port=$((20000 + RANDOM % 12000))
env ${SRVENV:-} dotnet "$DLL" --host 127.0.0.1 --port $port --data-dir "$data/d" ${MODE:-} > "$OUT/server.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.log" 2>/dev/null && break; sleep 0.2; done
/work/tmp/tools/dotnet-counters collect -p $pid --counters System.Runtime --format csv -o "$OUT/counters.csv" --refresh-interval 1 > /dev/null 2>&1 & cntpid=$!
"$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid --scenarios S3 --sizes 1024 --rate ${RATE:-2000} --seconds ${SEC:-20} --runs ${RUNS:-3} --warmup ${WARMUP:-20000} --label tail --out-dir "$OUT" > "$OUT/bench.out" 2>&1
curl -s http://127.0.0.1:$port/metrics > "$OUT/metrics"
kill -INT $cntpid; sleep 1; kill -TERM $pid; wait $pid 2>/dev/null
rm -rf "$data"
grep -E 'run [0-9]:' $OUT/bench.out | sed 's/.*\(run [0-9]\): e2e/\1/' | cut -c1-70
grep -E "fsync_duration_seconds_bucket" $OUT/metrics | awk '{print $1, $2}' | sed 's/.*le="\([^"]*\)".*} */le=\1 /' | tr '\n' ' '; echo
