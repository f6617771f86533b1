-- Settings every node of a cluster must share, recorded by the first node that starts on the database and checked
-- by every later one: pubsub_cells, how many cells Pub/Sub is split into (a topic's cell is a hash of its name
-- modulo that count, so another count would look for topics in the wrong cells' documents and logs).
CREATE TABLE tidings_cluster_settings (
    name  text PRIMARY KEY COLLATE "C",
    value text NOT NULL
);
