#!/usr/bin/env bash
# Idle server CPU and wake-ups with STREAMS open StreamingPull streams: one server per build, interleaved.
# Usage: idle.sh OUTDIR ROUNDS BUILD=DLL...   (COMPAT_DIR: tests/compat with node_modules)
set -uo pipefail
OUT=$1; ROUNDS=$2; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
vol() { local s=0; for f in /proc/$1/task/*/status; do s=$((s + $(awk '/^voluntary_ctxt_switches/ {print $2}' "$f" 2>/dev/null || echo 0))); done; echo $s; }
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
threads() { for t in /proc/$1/task/*; do printf '%s\t%s\n' "$(cat $t/comm)" "$(awk '/^voluntary_ctxt_switches/ {print $2}' $t/status)"; done | sort; }
for round in $(seq 1 "$ROUNDS"); do
  for pair in "$@"; do
    name=${pair%%=*}; dll=${pair#*=}
    data=$(mktemp -d /tmp/pspf3-idle-XXXX); port=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768-)
    dotnet "$dll" --host 127.0.0.1 --port $port --data-dir "$data/d" > "$data/server.log" 2>&1 &
    pid=$!
    for i in $(seq 1 100); do grep -q "listening" "$data/server.log" 2>/dev/null && break; sleep 0.2; done
    node "$HERE/idle-client.cjs" $port 10 $(( ${SETTLE:-10} + 45 )) > "$data/client.log" 2>&1 &
    client=$!
    for i in $(seq 1 100); do grep -q "streams open" "$data/client.log" 2>/dev/null && break; sleep 0.2; done
    sleep ${SETTLE:-10} # start-up work and the client's first round trips settle
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    threads $pid > "$OUT/$name-r$round.threads0"
    c0=$(cpu $pid); v0=$(vol $pid)
    sleep 30
    c1=$(cpu $pid); v1=$(vol $pid)
    threads $pid > "$OUT/$name-r$round.threads1"
    tick=$(getconf CLK_TCK)
    echo "{\"build\":\"$name\",\"round\":$round,\"load\":\"$load\",\"seconds\":30,\"cpu_ms\":$(( (c1-c0)*1000/tick )),\"cpu_pct\":$(echo "scale=2; ($c1-$c0)*100/$tick/30" | bc | sed "s|^\.|0.|"),\"wakeups\":$((v1-v0)),\"wakeups_per_s\":$(echo "scale=1; ($v1-$v0)/30" | bc | sed "s|^\.|0.|")}" | tee -a "$OUT/idle.jsonl"
    kill $client 2>/dev/null; wait $client 2>/dev/null
    kill -TERM $pid; wait $pid 2>/dev/null
    rm -rf "$data"
  done
done
