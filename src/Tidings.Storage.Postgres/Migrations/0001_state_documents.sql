-- Small state documents (resource definitions, ack checkpoints, job definitions): IStateStore.
CREATE TABLE tidings_state (
    kind  text  NOT NULL,
    key   text  NOT NULL COLLATE "C",
    value bytea NOT NULL,
    PRIMARY KEY (kind, key)
);
