#!/usr/bin/env bash
# What leases claimed straight from rows would cost PostgreSQL: the writes a design without an owner per topic needs
# for every message and subscription, measured with pgbench on a table shaped for it (one row per subscription and
# message, claimed with FOR UPDATE SKIP LOCKED, deleted when acked), batches of BATCH messages, CLIENTS subscribers
# each on a subscription of its own (no contention: the cheapest case). Two scripts, each on an empty table:
#   insert — the lease rows a publish adds (one per subscription; the message row itself is written either way);
#   cycle  — insert, then a pull (the oldest BATCH rows free of a lease, leased for 10 s: an UPDATE … FROM
#            (SELECT … FOR UPDATE SKIP LOCKED)), then its ack (DELETE by primary key): the whole life of a lease.
# Each statement commits alone (synchronous_commit on: an ack must be durable), as a node's pull or ack would.
# Reports transactions/s, messages/s and PostgreSQL's CPU per message. PostgreSQL on loopback.
# Usage: [CLIENTS=4] [BATCH=100] [SECONDS_EACH=20] rowlease.sh OUT
set -euo pipefail
OUT=$1; CLIENTS=${CLIENTS:-4}; BATCH=${BATCH:-100}; T=${SECONDS_EACH:-20}; mkdir -p "$OUT"
export PGPASSWORD=tidings; ticks=$(getconf CLK_TCK)
# Every postgres process's CPU, and the postmaster's children that ended (pgbench's backends end with it): fields 16–17.
pg_cpu() { local master total=0 t; master=$(pgrep -o -x postgres); total=$(awk '{print $16 + $17}' "/proc/$master/stat")
  for pid in $(pgrep -x postgres); do t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0); total=$((total + t)); done; echo "$total"; }
db="tidings_rowlease_$$"; psql -h 127.0.0.1 -U tidings -d postgres -qc "CREATE DATABASE $db"
trap 'psql -h 127.0.0.1 -U tidings -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
psql -h 127.0.0.1 -U tidings -d "$db" -q <<'SQL'
CREATE TABLE lease (sub int NOT NULL, seq bigint NOT NULL, lease_until timestamptz NOT NULL DEFAULT '-infinity',
                    attempts int NOT NULL DEFAULT 0, holder int, PRIMARY KEY (sub, seq));
CREATE SEQUENCE seqs CACHE 1000;
SQL
insert="INSERT INTO lease (sub, seq) SELECT :client_id, nextval('seqs') FROM generate_series(1, $BATCH);"
claim="WITH c AS (SELECT seq FROM lease WHERE sub = :client_id AND lease_until <= now() ORDER BY seq LIMIT $BATCH FOR UPDATE SKIP LOCKED),
  u AS (UPDATE lease l SET lease_until = now() + interval '10 seconds', attempts = l.attempts + 1, holder = :client_id
        FROM c WHERE l.sub = :client_id AND l.seq = c.seq RETURNING l.seq)
  SELECT min(seq) AS lo, max(seq) AS hi FROM u"
ack="DELETE FROM lease WHERE sub = :client_id AND seq BETWEEN :lo AND :hi AND holder = :client_id;"
echo "$insert" > "$OUT/insert.sql"
{ echo "$insert"; echo "$claim" | tr '\n' ' '; echo; echo '\gset'; echo "$ack"; } > "$OUT/cycle.sql"
for script in insert cycle; do
  psql -h 127.0.0.1 -U tidings -d "$db" -qc "TRUNCATE lease"
  p0=$(pg_cpu)
  pgbench -h 127.0.0.1 -U tidings -n -c "$CLIENTS" -j 2 -T "$T" -f "$OUT/$script.sql" "$db" > "$OUT/$script.out" 2>&1
  p1=$(pg_cpu)
  tps=$(grep -o 'tps = [0-9.]*' "$OUT/$script.out" | head -1 | cut -d' ' -f3)
  python3 - "$script" "$tps" "$BATCH" "$T" "$((p1 - p0))" "$ticks" "$CLIENTS" <<'PY' | tee -a "$OUT/rowlease.jsonl"
import json, sys
script, tps, batch, t, pg, ticks, clients = sys.argv[1:]
tps, batch, t = float(tps), int(batch), int(t)
msgs = tps * batch * t
print(json.dumps({"script": script, "clients": int(clients), "batch": batch, "tps": round(tps), "msgs_per_s": round(tps * batch),
                  "postgres_cpu_s": round(int(pg) / int(ticks), 1), "postgres_us_per_msg": round(int(pg) / int(ticks) * 1e6 / msgs, 1)}))
PY
done
