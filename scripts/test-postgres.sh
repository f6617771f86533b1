#!/usr/bin/env bash
# Makes sure the PostgreSQL the tests use is up: unless TIDINGS_TEST_POSTGRES names another server, Debian's
# cluster (the newest installed) is started on 127.0.0.1:5432 and given the role the tests log in as —
# tidings/tidings with CREATEDB, since every test class makes a database of its own and drops it after (and
# pg_signal_backend, so that drop can end an autovacuum worker on it).
# Idempotent; needs root or sudo the first time.
set -euo pipefail

if [ -n "${TIDINGS_TEST_POSTGRES:-}" ]; then
  exit 0
fi

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

cluster=$(pg_lsclusters --no-header 2>/dev/null | sort -k1,1n | tail -n 1 || true)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  $sudo_cmd pg_createcluster "$version" main >/dev/null
  cluster=$(pg_lsclusters --no-header | sort -k1,1n | tail -n 1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  echo "Starting PostgreSQL $version/$name on port $port for the tests..."
  $sudo_cmd pg_ctlcluster "$version" "$name" start
fi

run_psql() { (cd / && $sudo_cmd su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt -c \"$1\"") ; }
if [ "$(run_psql "SELECT 1 FROM pg_roles WHERE rolname = 'tidings'")" != "1" ]; then
  run_psql "CREATE ROLE tidings LOGIN CREATEDB PASSWORD 'tidings'"
fi
# DROP DATABASE … WITH (FORCE) ends the sessions still on the database; an autovacuum worker that happens to be on it
# belongs to no role the tests' role is a member of, so without pg_signal_backend the drop fails now and then.
if [ "$(run_psql "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = 'tidings' AND g.rolname = 'pg_signal_backend'")" != "1" ]; then
  run_psql "GRANT pg_signal_backend TO tidings"
fi
