#!/usr/bin/env bash
# Cloud Tasks A/B in one sitting: two builds of the server, run alternately (a, b, a, b, ...) by one bench binary,
# so both see the same machine. Each run is bounded by RUN_TIMEOUT. Results: $OUT/tasks-<label>.jsonl, one line per
# run, with the load average before the run in $OUT/tasks-<label>.load.
#
#   bench/tasks-ab.sh A_DLL B_DLL            # e.g. a main checkout's and this one's src/Tidings/bin/Release/net10.0/Tidings.dll
#
# Environment: RUNS=2 LABEL_A=base LABEL_B=new OUT=bench/results BENCH_ARGS="--n 100000 ..." CREATOR=dotnet|h2load
# RUN_TIMEOUT=900 (seconds). CREATOR=h2load installs Debian's nghttp2-client when h2load is missing. FLOOR=1 runs
# `tasks --floor` (no task stored: GetQueue calls and bare dispatch requests, FLOOR_ARGS) with B's server before each
# pair, so the floors come from the same sitting: $OUT/tasks-floor-floor.jsonl.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
a_dll="${1:?usage: tasks-ab.sh A_DLL B_DLL}"
b_dll="${2:?usage: tasks-ab.sh A_DLL B_DLL}"
runs="${RUNS:-2}"
label_a="${LABEL_A:-base}"
label_b="${LABEL_B:-new}"
out="${OUT:-$here/results}"
creator="${CREATOR:-dotnet}"
run_timeout="${RUN_TIMEOUT:-900}"
bench_args="${BENCH_ARGS:---n 100000 --queues 64 --concurrency 64 --channels 4 --rate 1000 --seconds 10}"
floor="${FLOOR:-0}"
floor_args="${FLOOR_ARGS:---n 60000 --warmup 60000 --concurrency 64 --channels 4}"
bench="$here/Tidings.Bench/bin/Release/net10.0/Tidings.Bench"

if [[ "$creator" == h2load ]] && ! command -v h2load >/dev/null; then
  apt-get install -y nghttp2-client >/dev/null || { apt-get update >/dev/null && apt-get install -y nghttp2-client >/dev/null; }
fi
[[ -x "$bench" ]] || dotnet build "$here/Tidings.Bench" -c Release >/dev/null
mkdir -p "$out"

for ((run = 1; run <= runs; run++)); do
  if [[ "$floor" == 1 ]]; then
    echo "run $run floor: load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/tasks-floor.load" >&2
    # shellcheck disable=SC2086 # FLOOR_ARGS is a list of options
    timeout --kill-after=30 "$run_timeout" "$bench" tasks --floor --server-dll "$b_dll" --durable --label floor --out-dir "$out" $floor_args
  fi
  for side in a b; do
    if [[ $side == a ]]; then dll="$a_dll" label="$label_a"; else dll="$b_dll" label="$label_b"; fi
    echo "run $run $label: load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/tasks-$label.load" >&2
    # shellcheck disable=SC2086 # BENCH_ARGS is a list of options
    timeout --kill-after=30 "$run_timeout" "$bench" tasks --server-dll "$dll" --durable --label "$label" --out-dir "$out" \
      --creator "$creator" $bench_args
  done
done
