-- Cluster mode (src/Tidings/Cluster): which node leads, and every node that has joined.
-- The leader holds a session advisory lock; this row says where to reach it. A follower trusts the row only while
-- the backend recorded in it still holds the lock (pg_locks), so a dead leader's row is never followed.
CREATE TABLE tidings_cluster_leader (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    node_id     text        NOT NULL,
    url         text        NOT NULL,
    epoch       bigint      NOT NULL,
    backend_pid integer     NOT NULL,
    since       timestamptz NOT NULL
);

CREATE TABLE tidings_cluster_nodes (
    node_id    text        PRIMARY KEY,
    url        text        NOT NULL,
    started_at timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL
);
