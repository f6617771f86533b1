#!/usr/bin/env bash
# Runs the whole test suite: .NET unit and in-process integration tests, then the compatibility tests in which
# Google's official Node.js clients drive a real server process. Prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

./scripts/test-prerequisites.sh || exit 1
dotnet build Tidings.slnx --nologo -v quiet || exit 1
dotnet test Tidings.slnx --no-build --nologo 2>&1 | tee -a "$log" || status=1

if [ ! -d tests/compat/node_modules ]; then
  (cd tests/compat && npm ci --no-audit --no-fund) || exit 1
fi
# The compatibility files of Google's Node.js clients again, against a two-node cluster on PostgreSQL with Pub/Sub in
# four cells (package.json), whose node running fewer units they talk to, so the calls for the other's are forwarded
# (tests/compat/lib/cluster-topology.js). Left out there: the gcloud files (the CLI's start-up makes them the slowest)
# and those that kill or restart the server (test/cluster-failover.test.js kills cluster nodes under load). It runs
# beside the main compat run (most of whose tests wait on deadlines and backoffs, leaving the cores half idle), with
# its output kept apart and printed after.
cluster_log=$(mktemp)
trap 'rm -f "$log" "$cluster_log"' EXIT
compat_started=$SECONDS
(cd tests/compat && npm run test:cluster >"$cluster_log" 2>&1; echo "exit $?" >>"$cluster_log") &
cluster_pid=$!
(cd tests/compat && npm test) 2>&1 | tee -a "$log" || status=1
wait "$cluster_pid"
echo "== compatibility tests against a cluster"
tee -a "$log" <"$cluster_log"
tail -n 1 "$cluster_log" | grep -qx 'exit 0' || status=1
echo "Compatibility tests, both runs: $(( SECONDS - compat_started )) s"

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
node_passed=$(grep -oE '^# pass [0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
node_failed=$(grep -oE '^# fail [0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
# Name the failures again at the end, where a CI log's tail shows them.
failures=$(grep -E '^\s*Failed [A-Za-z_][^ ]* \[|^not ok |^\s+not ok ' "$log" | sed 's/^ *//' | sort -u)
if [ -n "$failures" ]; then
  echo
  echo "Failed tests:"
  echo "$failures" | sed 's/^/  /'
fi
echo
echo "$(( ${passed:-0} + ${node_passed:-0} )) passed, $(( ${failed:-0} + ${node_failed:-0} )) failed"
exit $status
