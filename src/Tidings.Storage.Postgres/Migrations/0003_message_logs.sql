-- Topic message logs: IMessageStore (src/Tidings.Storage.Postgres/Messages/).
-- Log ids come from a sequence, so an id is never handed out twice, not even after its log was deleted.
CREATE SEQUENCE tidings_message_log_ids AS bigint;

-- One row per log. next_sequence is the fence of the single writer (the cluster leader): every append moves it
-- with "WHERE next_sequence = <what this writer expects>", so a second writer's batch finds no row and fails.
-- first_sequence only grows (truncation); messages below it may still await their background delete. writer is
-- the store (a random id per opening) that last moved next_sequence: after a commit whose answer was lost, it
-- tells the writer that the write which landed was its own.
CREATE TABLE tidings_message_logs (
    id             bigint PRIMARY KEY DEFAULT nextval('tidings_message_log_ids'),
    next_sequence  bigint NOT NULL DEFAULT 1,
    first_sequence bigint NOT NULL DEFAULT 1,
    writer         uuid
);
ALTER SEQUENCE tidings_message_log_ids OWNED BY tidings_message_logs.id;

-- Messages by (log, sequence). No foreign key: it would cost a lookup per inserted row, and a deleted log's
-- messages are removed in the background. publish_time is in microseconds since the Unix epoch (UTC).
-- ordering_key is UTF-8 in bytea (text cannot hold U+0000, which one message must not be able to turn into a
-- failure of the whole group commit); attributes are the pairs in one bytea (AttributeCodec: per pair, varint
-- length and UTF-8 of the key, then of the value). Payloads are stored uncompressed (STORAGE EXTERNAL): most are
-- small, and compressing the large ones costs the writer more CPU than it saves on a loopback or LAN.
CREATE TABLE tidings_messages (
    log_id        bigint NOT NULL,
    sequence      bigint NOT NULL,
    publish_time  bigint NOT NULL,
    ordering_key  bytea  NOT NULL,
    attributes    bytea  NOT NULL,
    data          bytea  NOT NULL,
    PRIMARY KEY (log_id, sequence)
);
ALTER TABLE tidings_messages ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE tidings_messages ALTER COLUMN attributes SET STORAGE EXTERNAL;
