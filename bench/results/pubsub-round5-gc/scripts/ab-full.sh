#!/usr/bin/env bash
# one durable server per run; env for the server in SRVENV; scenarios in SC
set -uo pipefail
OUT=$1; DLL=$2
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"
env ${SRVENV:-} "$BENCH" run --server-dll "$DLL" ${MODEFLAG:---durable} --scenarios ${SC:-S1,S2,S4} --sizes 1024 -n ${N:-400000} --warmup ${WARMUP:-500000} --runs ${RUNS:-2} --rate ${RATE:-2000} --seconds ${SEC:-10} --label x --out-dir "$OUT" > "$OUT/bench.out" 2>&1
grep -E '^\[bench\] x (S|fan)' "$OUT/bench.out" | sed 's/(.*MiB\/s);//'
