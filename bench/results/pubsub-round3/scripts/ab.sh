#!/usr/bin/env bash
# A/B of two Tidings builds, interleaved: base, new, base, new... One server start per (build, scenario, round).
# Usage: ab.sh OUTDIR ROUNDS SCENARIO(S3|S1) BUILD=DLL...
set -uo pipefail
OUT=$1; ROUNDS=$2; SCEN=$3; shift 3
BENCH=/work/wt/pubsubperf3/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
mkdir -p "$OUT"
ctx() { # voluntary switches (a thread went to sleep: one per wake-up) over all threads
  local s=0; for f in /proc/$1/task/*/status; do s=$((s + $(awk '/^voluntary_ctxt_switches/ {t+=$2} END {print t+0}' "$f" 2>/dev/null || echo 0))); done; echo $s; }
threads() { for t in /proc/$1/task/*; do printf '%s\t%s\n' "$(cat $t/comm)" "$(awk '/^voluntary_ctxt_switches/ {print $2}' $t/status)"; done | sort; }
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
for round in $(seq 1 "$ROUNDS"); do
  for pair in "$@"; do
    name=${pair%%=*}; dll=${pair#*=}
    data=$(mktemp -d /tmp/pspf3-XXXX)
    port=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768-)
    ${NICE:+nice -n $NICE} dotnet "$dll" --host 127.0.0.1 --port $port --data-dir "$data/d" > "$data/server.log" 2>&1 &
    pid=$!
    for i in $(seq 1 100); do grep -q "Now listening\|listening" "$data/server.log" 2>/dev/null && break; sleep 0.2; done
    sleep 1
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    c0=$(cpu $pid); x0=$(ctx $pid); threads $pid > "$OUT/$name-$SCEN-r$round.threads0"
    perf stat -e context-switches,raw_syscalls:sys_enter,syscalls:sys_enter_futex,syscalls:sys_enter_fdatasync,syscalls:sys_enter_sched_yield -x, -o "$OUT/$name-$SCEN-r$round.perf" -p $pid &
    perfpid=$!
    case $SCEN in
      S3) args=(--scenarios S3 --rate ${RATE:-2000} --seconds 10 --warmup 2000); msgs=$(( ${RATE:-2000} * 10 + 2000 )) ;;
      S1) args=(--scenarios S1 --sizes 1024 -n 50000 --warmup 5000); msgs=55000 ;;
    esac
    timeout 300 ${NICE:+nice -n $NICE} "$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid "${args[@]}" --runs 1 --label "$name-$SCEN" --out-dir "$OUT" > "$OUT/$name-$SCEN-r$round.out" 2>&1
    kill -INT $perfpid; wait $perfpid 2>/dev/null
    c1=$(cpu $pid); x1=$(ctx $pid); threads $pid > "$OUT/$name-$SCEN-r$round.threads1"
    tick=$(getconf CLK_TCK)
    echo "{\"build\":\"$name\",\"scenario\":\"$SCEN\",\"round\":$round,\"load\":\"$load\",\"cpu_ms\":$(( (c1-c0)*1000/tick )),\"vol_ctx\":$((x1-x0)),\"msgs\":$msgs,\"cpu_us_per_msg\":$(echo "scale=1; ($c1-$c0)*1000000/$tick/$msgs" | bc | sed "s|^\.|0.|"),\"vol_ctx_per_msg\":$(echo "scale=3; ($x1-$x0)/$msgs" | bc | sed "s|^\.|0.|")}" | tee -a "$OUT/proc.jsonl"
    curl -s http://127.0.0.1:$port/metrics | grep -E "sync_completion|fsync_duration_seconds_(sum|count)|group_commit_size_bytes_(sum|count)" > "$OUT/$name-$SCEN-r$round.metrics"
    kill -TERM $pid; wait $pid 2>/dev/null
    cp "$data/server.log" "$OUT/$name-$SCEN-r$round.server.log"; rm -rf "$data"
  done
done
