#!/usr/bin/env bash
# two concurrent S1 publishers on two topics against one cluster node with K PG writer loops
set -uo pipefail
OUT=$1; K=$2; mkdir -p $OUT
repo=/work/main; bench=$repo/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench; dll=${DLL:-$repo/src/Tidings/bin/Release/net10.0/Tidings.dll}
export PGPASSWORD=tidings
port=$((20000 + RANDOM % 12000)); db="tidings_w_$RANDOM"
psql -h 127.0.0.1 -U tidings -d postgres -qc "CREATE DATABASE $db"
dotnet "$dll" --host 127.0.0.1 --port $port --store postgres --postgres "Host=127.0.0.1;Username=tidings;Password=tidings;Database=$db" --advertise-url http://127.0.0.1:$port --node-id n1 > $OUT/server-$K.log 2>&1 &
pid=$!
for i in $(seq 1 300); do curl -fs http://127.0.0.1:$port/readyz >/dev/null 2>&1 && break; sleep 0.1; done
for p in a b; do "$bench" run --endpoint http://127.0.0.1:$port --project $p --scenarios S1 --sizes 1024 -n 150000 --runs 1 --warmup 5000 --label warm --out-dir $OUT/warm > /dev/null 2>&1; done
pg0=$(for q in $(pgrep -x postgres); do awk '{print $14+$15}' /proc/$q/stat; done | awk '{s+=$1} END {print s}')
bp=()
for p in a b; do "$bench" run --endpoint http://127.0.0.1:$port --server-pid $pid --project $p --scenarios S1 --sizes 1024 -n 200000 --runs 1 --warmup 0 --label k$K-$p --out-dir $OUT > $OUT/k$K-$p.out 2>&1 & bp+=($!); done
wait "${bp[@]}"
pg1=$(for q in $(pgrep -x postgres); do awk '{print $14+$15}' /proc/$q/stat; done | awk '{s+=$1} END {print s}')
kill -TERM $pid; wait $pid 2>/dev/null
psql -h 127.0.0.1 -U tidings -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
a=$(grep -o '"msgs_per_s":[0-9.]*' $OUT/k$K-a.jsonl | tail -1 | cut -d: -f2); b=$(grep -o '"msgs_per_s":[0-9.]*' $OUT/k$K-b.jsonl | tail -1 | cut -d: -f2)
echo "K=$K a=${a%.*} b=${b%.*} sum=$(python3 -c "print(round($a+$b))") pg_cpu_s=$(( (pg1-pg0)/100 ))"
