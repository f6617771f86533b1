-- Pub/Sub cells: the engine is split into cells (a topic lives in one), each with a message store of its own that
-- may run on another node. A store loads and creates only its cell's logs, so one cell's engine never sees, nor
-- deletes as unknown, another's. Logs made before are cell 0, the cell of a store that is not told one. A constant
-- default adds the column without rewriting the table. No index: each store reads its cell once, when it opens, and
-- the table has one row per topic.
ALTER TABLE tidings_message_logs ADD COLUMN cell integer NOT NULL DEFAULT 0;
