#!/usr/bin/env bash
set -uo pipefail
OUT=$1; DLL=${2:-/work/tmp/ab/new/Tidings.dll}
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"; data=$(mktemp -d /tmp/prof-XXXX); port=$((20000 + RANDOM % 12000))
dotnet "$DLL" --host 127.0.0.1 --port $port --data-dir "$data/d" > "$OUT/server.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.log" 2>/dev/null && break; sleep 0.2; done
strace -f -p $pid -e trace=fsync,fdatasync,unlink,unlinkat,ftruncate,fallocate,rename,renameat,openat -y -T -tt -o "$OUT/strace.txt" --seccomp-bpf 2>/dev/null &
spid=$!
sleep 1
"$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid --scenarios S3 --sizes 1024 --rate ${RATE:-2000} --seconds ${SEC:-20} --runs ${RUNS:-3} --warmup ${WARMUP:-20000} --label tail --out-dir "$OUT" > "$OUT/bench.out" 2>&1
kill $spid; sleep 0.5
ls -la $data/d $data/d/* > "$OUT/datadir.txt" 2>&1
kill -TERM $pid; wait $pid 2>/dev/null
rm -rf "$data"
grep -E 'run [0-9]:' $OUT/bench.out | sed 's/.*\(run [0-9]\): e2e/\1/' | cut -c1-70
