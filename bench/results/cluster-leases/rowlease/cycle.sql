INSERT INTO lease (sub, seq) SELECT :client_id, nextval('seqs') FROM generate_series(1, 100);
WITH c AS (SELECT seq FROM lease WHERE sub = :client_id AND lease_until <= now() ORDER BY seq LIMIT 100 FOR UPDATE SKIP LOCKED),   u AS (UPDATE lease l SET lease_until = now() + interval '10 seconds', attempts = l.attempts + 1, holder = :client_id         FROM c WHERE l.sub = :client_id AND l.seq = c.seq RETURNING l.seq)   SELECT min(seq) AS lo, max(seq) AS hi FROM u 
\gset
DELETE FROM lease WHERE sub = :client_id AND seq BETWEEN :lo AND :hi AND holder = :client_id;
