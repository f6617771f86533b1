#!/usr/bin/env bash
# profile.sh MODE(durable|in-memory) DLL OUTDIR: runs the bench, perf-records + perf-stats the server; T1 window from the bench log.
set -u
mode=$1 dll=$2 out=$3
mkdir -p "$out"
bench=/work/wt/tasksperf4/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
export DOTNET_PerfMapEnabled=1
before=$(pgrep -f "Tidings.dll" | sort)
"$bench" tasks --server-dll "$dll" --$mode --label prof-$mode --out-dir "$out" --n 150000 --queues 64 --concurrency 64 --channels 4 --rate 1000 --seconds 3 > "$out/bench-$mode.out" 2> "$out/bench-$mode.log" &
bpid=$!
pid=""
for i in $(seq 1 120); do
  sleep 0.5
  pid=$(pgrep -P $bpid -f dotnet | head -1)
  [[ -n "$pid" ]] && break
done
echo "server pid $pid" >&2
perf record -F 999 -g -p "$pid" -o "$out/perf-$mode.data" 2> "$out/perf-record-$mode.err" &
rpid=$!
perf stat -I 1000 -x, -e task-clock,context-switches,cpu-migrations,raw_syscalls:sys_enter,syscalls:sys_enter_futex,syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync,syscalls:sys_enter_pwrite64,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_sendmsg,syscalls:sys_enter_recvmsg -p "$pid" -o "$out/stat-$mode.csv" &
spid=$!
start=$(awk '{print $1}' /proc/uptime)
while kill -0 $bpid 2>/dev/null; do
  if grep -q "T1 created" "$out/bench-$mode.log"; then echo "t1_end_s $(awk -v s=$start '{printf "%.1f", $1-s}' /proc/uptime)" > "$out/t1-$mode.window"; break; fi
  sleep 0.5
done
kill -INT $rpid $spid
wait $rpid $spid 2>/dev/null
kill $bpid 2>/dev/null; sleep 2; kill $pid 2>/dev/null
echo finished >&2
