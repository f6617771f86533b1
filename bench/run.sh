#!/usr/bin/env bash
# Tidings benchmark, end to end: builds Release, runs Tidings through S1..S4 in durable mode (a fresh data dir in a
# temp folder) and in memory, then prints ONE table side by side with the peers' recorded results
# (../shared/bench-peers/results/*.jsonl next to this checkout), and writes it to bench/results/comparison.md.
#
#   bench/run.sh                 # about 10-15 min on the 2-vCPU machine (3 runs per scenario and mode)
#   bench/run.sh --quick         # smoke test, 1-2 min: RUNS=1 N=20000 N_FANOUT=10000 S3_SECONDS=2 WARMUP=5000
#   bench/run.sh --with-peers    # also re-run the peers and Google's emulator with their own run-all.sh (it installs
#                                # rabbitmq-server, nats-server, redis-server from Debian if missing; the emulator comes
#                                # from the Google Cloud CLI), back to back after Tidings; about 30 min more
#
# S3 runs at RATE, then again at each rate of S3_MORE_RATES (default 10000) for Tidings and, with --with-peers, for
# every peer target; the table has a block of S3 rows per rate, server CPU per message, and a ratio column.
#
# Environment (defaults = the peers' parameters):
#   RUNS=3 N=200000 N_FANOUT=100000 RATE=2000 S3_SECONDS=10 WARMUP=50000 SIZES=1024,100 SCENARIOS=S1,S2,S3,S4
#   TIDINGS_WARMUP=500000 (Tidings' warm-up; the peers keep WARMUP: 50,000 messages are only 50 Publish calls of
#   1,000, which leave a JIT-compiled server's hot methods at their first tiers through run 1; bench/RESULTS.md, round 4)
#   MODES="durable memory" (MODES= : no Tidings runs, e.g. only the peers with --with-peers)   DATA_ROOT=<parent of the fresh data dir, default the system temp dir>
#   BENCH_ARGS="--ack rpc --streams 4 ..."   (extra bench options, see: Tidings.Bench --help)
#   SERVER_ARGS="..."   (extra arguments for the Tidings server, e.g. a storage setting)
#   S3_MORE_RATES="10000" (empty: S3 at RATE only)
#   PEER_TARGETS="rabbitmq rabbitmq-quorum nats nats-limits redis redis-always pubsub-emulator"
#   PEERS_DIR=<bench-peers folder, default ../shared/bench-peers beside the checkout>
#   RESULTS_DIR=<where the JSON lines go, default bench/results; the previous ones move to RESULTS_DIR.prev>
# Every load goes to 127.0.0.1 only; each mode runs under `timeout`, and each phase has its own timeout in the bench.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)

with_peers=0
for arg in "$@"; do
  case $arg in
    --with-peers) with_peers=1 ;;
    --quick) QUICK=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg (--quick, --with-peers)" >&2; exit 2 ;;
  esac
done
if [ "${QUICK:-0}" = 1 ]; then
  RUNS=${RUNS:-1}; N=${N:-20000}; N_FANOUT=${N_FANOUT:-10000}; S3_SECONDS=${S3_SECONDS:-2}; WARMUP=${WARMUP:-5000}
fi
RUNS=${RUNS:-3}; N=${N:-200000}; N_FANOUT=${N_FANOUT:-100000}; RATE=${RATE:-2000}; S3_SECONDS=${S3_SECONDS:-10}
WARMUP=${WARMUP:-50000}; SIZES=${SIZES:-1024,100}; SCENARIOS=${SCENARIOS:-S1,S2,S3,S4}
if [ "${QUICK:-0}" = 1 ]; then TIDINGS_WARMUP=${TIDINGS_WARMUP:-$WARMUP}; fi
TIDINGS_WARMUP=${TIDINGS_WARMUP:-500000}
MODES=${MODES-"durable memory"}
S3_MORE_RATES=${S3_MORE_RATES-10000}
PEER_TARGETS=${PEER_TARGETS:-"rabbitmq rabbitmq-quorum nats nats-limits redis redis-always pubsub-emulator"}
BENCH_ARGS=${BENCH_ARGS:-}
SERVER_ARGS=${SERVER_ARGS:-}
PEERS_DIR=${PEERS_DIR:-$REPO/../shared/bench-peers}

command -v dotnet > /dev/null || { echo "run.sh: the .NET 10 SDK is required" >&2; exit 1; }

echo "== build (Release)"
dotnet build "$REPO/src/Tidings" -c Release -nologo -v q 2>&1 | grep -E ' error |Build succeeded' | sort -u
dotnet build "$HERE/Tidings.Bench" -c Release -nologo -v q 2>&1 | grep -E ' error |Build succeeded' | sort -u
BENCH=$HERE/Tidings.Bench/bin/Release/net10.0/Tidings.Bench
DLL=$REPO/src/Tidings/bin/Release/net10.0/Tidings.dll
[ -x "$BENCH" ] && [ -f "$DLL" ] || { echo "run.sh: build failed" >&2; exit 1; }

RES=${RESULTS_DIR:-$HERE/results}
RES=${RES%/}
if compgen -G "$RES/*.jsonl" > /dev/null; then
  rm -rf "$RES.prev"; mkdir -p "$RES.prev"
  mv "$RES"/*.jsonl "$RES"/*.log "$RES"/*.md "$RES.prev/" 2> /dev/null || true
fi
mkdir -p "$RES"

# shellcheck disable=SC2206 # BENCH_ARGS is a list of options
common=(--server-dll "$DLL" --scenarios "$SCENARIOS" --sizes "$SIZES" --runs "$RUNS" -n "$N" --n-fanout "$N_FANOUT"
        --rate "$RATE" --seconds "$S3_SECONDS" --warmup "$TIDINGS_WARMUP" --out-dir "$RES" ${SERVER_ARGS:+--server-args "$SERVER_ARGS"} $BENCH_ARGS)
status=0
for mode in $MODES; do
  case $mode in
    durable) args=(--durable ${DATA_ROOT:+--data-dir "$DATA_ROOT"}) ;;
    memory|in-memory) args=(--in-memory) ;;
    *) echo "run.sh: unknown mode $mode (durable, memory)" >&2; exit 2 ;;
  esac
  echo "== tidings $mode"
  timeout 2400 "$BENCH" run "${args[@]}" "${common[@]}" || { echo "!! tidings $mode: some scenario failed (see above)" >&2; status=1; }
  case ",$SCENARIOS," in *,S3,*)
    for rate in $S3_MORE_RATES; do
      echo "== tidings $mode, S3 at $rate msg/s"
      timeout 1200 "$BENCH" run "${args[@]}" "${common[@]}" --scenarios S3 --rate "$rate" \
        || { echo "!! tidings $mode: S3 at $rate failed (see above)" >&2; status=1; }
    done ;;
  esac
done

# One peer target's S3 at another rate, with the arguments run-all.sh gives that target (servers.sh is sourced).
peer_s3() { # target rate
  local t=$1 rate=$2 broker extra=()
  case $t in
    rabbitmq)        broker=rabbitmq; start_rabbitmq || return 1 ;;
    rabbitmq-quorum) broker=rabbitmq; extra=(--rabbit-queue-type quorum); start_rabbitmq || return 1 ;;
    nats)            broker=nats; extra=(--js-retention interest); start_nats || return 1 ;;
    nats-limits)     broker=nats; extra=(--js-retention limits); start_nats || return 1 ;;
    redis)           broker=redis; start_redis everysec || return 1 ;;
    redis-always)    broker=redis; start_redis always || return 1 ;;
    pubsub-emulator) broker=pubsub; extra=(--port "$EMULATOR_PORT"); start_pubsub_emulator || return 1 ;;
    *) echo "-- $t: no S3 at $rate (not a peer target)"; return 0 ;;
  esac
  timeout 600 "$BENCH" s3 --rate "$rate" --seconds "$S3_SECONDS" --size 1024 --broker "$broker" --label "$t" --runs "$RUNS" \
    --window 1000 --prefetch 1000 --warmup "$WARMUP" --server-pid "$SERVER_PID" --out "results/$t.jsonl" "${extra[@]}"
  local rc=$?
  stop_server
  return $rc
}

peer_results=
if [ $with_peers = 1 ]; then
  if [ -x "$PEERS_DIR/run-all.sh" ]; then
    # run-all.sh writes beside itself and shared/ is read-only: run a copy. Only the peers (no tidings targets).
    copy=$(mktemp -d /tmp/bench-peers.XXXXXX)
    cp -r "$PEERS_DIR/." "$copy/"
    echo "== peers (their run-all.sh, in $copy)"
    (cd "$copy" && TARGETS=$PEER_TARGETS SKIP_PHYSICAL=1 \
       RUNS=$RUNS N=$N N_FANOUT=$N_FANOUT RATE=$RATE S3_SECONDS=$S3_SECONDS WARMUP=$WARMUP timeout 5400 ./run-all.sh) \
      || { echo "!! the peers' run-all.sh failed; using their recorded results instead" >&2; status=1; }
    if [ -n "$S3_MORE_RATES" ]; then
      # run-all.sh runs S3 at one rate: start each target again with its servers.sh and run only the harness's s3.
      (cd "$copy" && export DATA=${DATA:-/tmp/peers} BENCH=$copy/harness/bin/Release/net10.0/PeerBench && source ./servers.sh \
         && trap stop_server EXIT && for t in $PEER_TARGETS; do for rate in $S3_MORE_RATES; do
              echo "== $t, S3 at $rate msg/s"
              peer_s3 "$t" "$rate" || { echo "!! $t: S3 at $rate failed" >&2; stop_server; }
            done; done) || status=1
    fi
    compgen -G "$copy/results/*.jsonl" > /dev/null && peer_results=$copy/results
  else
    echo "!! --with-peers: $PEERS_DIR/run-all.sh not found" >&2
  fi
fi
if [ -z "$peer_results" ] && compgen -G "$PEERS_DIR/results/*.jsonl" > /dev/null; then
  peer_results=$(cd "$PEERS_DIR/results" && pwd)
fi

echo "== side by side"
if [ -n "$peer_results" ]; then
  "$BENCH" report --results "$RES" --peers "$peer_results" --md "$RES/comparison.md"
else
  echo "(no peer results at $PEERS_DIR/results: Tidings only)"
  "$BENCH" report --results "$RES" --peers none --md "$RES/comparison.md"
fi
exit $status
