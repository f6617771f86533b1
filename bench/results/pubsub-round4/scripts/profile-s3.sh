#!/usr/bin/env bash
# Where a durable S3 message's server CPU goes: one server (durable, perf map on), S3 at RATE for SECONDS after a
# warm-up; per-thread CPU (/proc/PID/task/*/stat) and system calls over the whole bench run, and `perf record -g`
# over 8 s of the timed phase. Usage: profile-s3.sh OUTDIR [DLL] [extra server args...]
set -uo pipefail
OUT=$1; DLL=${2:-/work/main/src/Tidings/bin/Release/net10.0/Tidings.dll}; shift 2 || shift $#
BENCH=/work/main/bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
RATE=${RATE:-2000}; SECONDS_=${SECONDS_:-20}; MODE=${MODE:-durable}
mkdir -p "$OUT"
data=$(mktemp -d /tmp/prof-XXXX)
port=$((20000 + RANDOM % 12000))
margs=(--data-dir "$data/d"); [ "$MODE" = memory ] && margs=(--in-memory)
DOTNET_PerfMapEnabled=1 dotnet "$DLL" --host 127.0.0.1 --port $port "${margs[@]}" "$@" > "$OUT/server.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.log" 2>/dev/null && break; sleep 0.2; done
sleep 1
threads() { for t in /proc/$1/task/*; do printf '%s\t%s\t%s\t%s\n' "${t##*/}" "$(cat $t/comm)" "$(awk '{print $14+$15}' $t/stat)" "$(awk '/^voluntary_ctxt_switches/ {print $2}' $t/status)"; done | sort; }
threads $pid > "$OUT/threads0"
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
perf stat -e context-switches,raw_syscalls:sys_enter,syscalls:sys_enter_futex,syscalls:sys_enter_fdatasync,syscalls:sys_enter_pwrite64,syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_sched_yield -x, -o "$OUT/perf-stat.csv" -p $pid &
statpid=$!
( [ -n "${NOREC:-}" ] || { sleep $(( 6 + SECONDS_ / 2 )); perf record -F 999 -g -p $pid -o "$OUT/perf.data" -- sleep 8 > /dev/null 2>&1; } ) &
recpid=$!
"$BENCH" run --endpoint http://127.0.0.1:$port --server-pid $pid --scenarios S3 --rate $RATE --seconds $SECONDS_ --warmup ${WARMUP:-50000} --runs 1 --label prof --out-dir "$OUT" > "$OUT/bench.out" 2>&1
wait $recpid
kill -INT $statpid; wait $statpid 2>/dev/null
cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
threads $pid > "$OUT/threads1"
curl -s http://127.0.0.1:$port/metrics | grep -E "fsync_duration_seconds_(sum|count)|group_commit_size_bytes_(sum|count)" > "$OUT/metrics"
kill -TERM $pid; wait $pid 2>/dev/null
perf report -i "$OUT/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | head -150 > "$OUT/perf-report.txt"
perf report -i "$OUT/perf.data" --no-children --sort comm --stdio 2>/dev/null | head -40 > "$OUT/perf-comm.txt"
join -t$'\t' -a 2 -e 0 -o 2.1,2.2,1.3,2.3,1.4,2.4 "$OUT/threads0" "$OUT/threads1" | awk -F'\t' '{d=$4-$3; printf "%-8s %-32s cpu_ticks %6d  vol_ctx %7d\n", $1, $2, d, $6-$5}' | sort -k4 -n -r > "$OUT/threads-delta.txt"
echo "total cpu ticks $((cpu1-cpu0))" >> "$OUT/threads-delta.txt"
rm -rf "$data"
