-- Cluster mode, phase two (src/Tidings/Cluster): one owner per service instead of one leader for all. Each unit
-- (pubsub, tasks, scheduler) is a session advisory lock held by at most one node; this row says where to reach its
-- holder, with an epoch that grows at each change of owner. A node trusts a row only while the backend recorded in it
-- still holds the unit's lock (pg_locks), so a dead owner's row is never followed. The nodes table of 0004 is read now:
-- each node's last_seen, refreshed every heartbeat, tells the live nodes apart, and so each node's fair share.
CREATE TABLE tidings_cluster_owners (
    unit        text        PRIMARY KEY COLLATE "C",
    node_id     text        NOT NULL,
    url         text        NOT NULL,
    epoch       bigint      NOT NULL,
    backend_pid integer     NOT NULL,
    since       timestamptz NOT NULL
);

-- Nothing reads the single leader's row any more.
DROP TABLE tidings_cluster_leader;
