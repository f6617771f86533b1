INSERT INTO lease (sub, seq) SELECT :client_id, nextval('seqs') FROM generate_series(1, 1000);
