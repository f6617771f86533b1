-- Small state documents (resource definitions, ack checkpoints, job definitions): IStateStore.
-- Both key columns collate "C": keys compare byte-wise (ordinal, as every store orders them) and the primary key
-- index gives LoadAll's order without a sort.
CREATE TABLE tidings_state (
    kind  text  NOT NULL COLLATE "C",
    key   text  NOT NULL COLLATE "C",
    value bytea NOT NULL,
    PRIMARY KEY (kind, key)
);
