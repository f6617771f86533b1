#!/usr/bin/env bash
# Checks the two packagings README's "Install" shows, end to end (too slow for the unit suite: each is a Release
# build of every project, minutes on a loaded 2-core machine):
#   1. `dotnet pack` makes a .NET tool; installed into a temporary tool path, `tidings --help` runs and `tidings`
#      serves;
#   2. the self-contained single-file publish runs alone, durable (so SQLite's native library must load from the
#      single file), and serves.
# "Serves" means: prints its listening line, answers GET / with "Ok", creates a topic over REST, stops on SIGTERM.
# Run by .ci/run. Usage: scripts/packaging-test.sh [--keep]   (--keep leaves the work directory for inspection)
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
[ "${1:-}" = "--keep" ] && keep=true
work=$(mktemp -d "${TMPDIR:-/tmp}/tidings-packaging-XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -9 "$server_pid" 2>/dev/null || true; fi
  if $keep; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() { echo "packaging-test: FAILED: $*" >&2; exit 1; }

# Starts "$@" on a free port, waits for the listening line, checks it serves, then stops it with SIGTERM.
serve_and_check() {
  local label=$1; shift
  local log="$work/$label.log"
  "$@" --host 127.0.0.1 --port 0 >"$log" 2>&1 &
  server_pid=$!
  local port="" deadline=$((SECONDS + 60))
  while [ -z "$port" ]; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; fail "$label exited before listening"; }
    [ $SECONDS -lt $deadline ] || { cat "$log" >&2; fail "$label did not print its listening line within 60 s"; }
    port=$(sed -n 's/^Tidings listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -n 1)
    [ -n "$port" ] || sleep 0.2
  done
  [ "$(curl -fsS "http://127.0.0.1:$port/")" = "Ok" ] || fail "$label: GET / did not answer Ok"
  curl -fsS -X PUT "http://127.0.0.1:$port/v1/projects/packaging/topics/check" -d '{}' | grep -q '"projects/packaging/topics/check"' \
    || fail "$label: creating a topic over REST failed"
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "$label: exit code $? after SIGTERM (expected 0)"
  server_pid=""
  echo "packaging-test: $label serves on a free port and stops cleanly"
}

# 1. The .NET tool.
dotnet pack src/Tidings -c Release -o "$work/packages" --nologo -v quiet
# Only the package just made: a "Tidings" on nuget.org must not be picked instead.
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$work/packages" /></packageSources></configuration>
XML
dotnet tool install Tidings --tool-path "$work/tools" --configfile "$work/nuget.config" >/dev/null
PATH="$work/tools:$PATH"
command -v tidings >/dev/null || fail "tidings is not on the PATH after dotnet tool install"
tidings --help | head -n 1 | grep -q '^Usage: tidings' || fail "tidings --help did not print the usage"
echo "packaging-test: dotnet tool install put tidings on the PATH; --help works"
serve_and_check tool tidings --in-memory

# 2. The self-contained single file, durable.
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
dotnet publish src/Tidings -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -o "$work/single" --nologo -v quiet
files=$(find "$work/single" -maxdepth 1 -type f ! -name '*.pdb' ! -name '*.json' -printf '%f\n')
[ "$files" = "Tidings" ] || fail "the single-file publish left more than one file to ship: $files"
serve_and_check single-file "$work/single/Tidings" --data-dir "$work/single-data"
[ -f "$work/single-data/state.db" ] || fail "the single-file server wrote no state.db (SQLite did not run)"
echo "packaging-test: passed"
