#!/usr/bin/env bash
# One durable bench run of a server build while sampling the server's thread count (/proc/PID/status) every 0.5 s:
#   threads.sh LABEL DLL  ->  tasks-LABEL.jsonl (bench results), LABEL.tsv (seconds since start, threads), LABEL.log
# (run here as `threads.sh threads-base …` and `threads.sh threads-new …`)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
label="$1" dll="$2"
bench="$here/../../Tidings.Bench/bin/Release/net10.0/Tidings.Bench"
timeout --kill-after=30 600 "$bench" tasks --server-dll "$dll" --durable --label "$label" --out-dir "$here" \
  --n 60000 --warmup 10000 --queues 64 --concurrency 64 --channels 4 --rate 1000 --seconds 10 2>"$here/$label.log" &
bench_pid=$!
start=$(date +%s.%N)
: >"$here/$label.tsv"
while kill -0 "$bench_pid" 2>/dev/null; do
  # timeout's child is the bench; the bench's child running Tidings.dll with --host is the server (the bench's own
  # command line names Tidings.dll too, after --server-dll).
  bench_proc=$(pgrep -P "$bench_pid" | head -1 || true)
  server=$([[ -n "$bench_proc" ]] && pgrep -P "$bench_proc" -f "Tidings.dll --host" | head -1 || true)
  if [[ -n "$server" && -r /proc/$server/status ]]; then
    t=$(awk '/^Threads:/ {print $2}' "/proc/$server/status" 2>/dev/null || true)
    [[ -n "$t" ]] && echo "$(echo "$(date +%s.%N) - $start" | bc)	$t" >>"$here/$label.tsv"
  fi
  sleep 0.5
done
wait "$bench_pid"
