-- Cluster mode: each node's heartbeat session, recorded at every heartbeat. A node whose session has ended (killed,
-- crashed, stopped) is no longer counted live, at once, rather than when its last_seen grows old: the survivors'
-- fair shares grow at their next heartbeat, so they take a dead node's units by share without waiting for them to
-- count as abandoned. NULL: a node that has not made a heartbeat since this column was added.
ALTER TABLE tidings_cluster_nodes ADD COLUMN backend_pid integer;
