-- Cloud Tasks' tasks and the tombstones that keep deleted names reserved: ITaskStore (Tasks/FORMAT.md has the SQLite
-- twin). Names collate "C" (byte-wise, as the contract compares them); times are timestamptz (microseconds, UTC).
CREATE TABLE tidings_tasks (
    queue         text        NOT NULL COLLATE "C",
    task_id       text        NOT NULL COLLATE "C",
    schedule_time timestamptz NOT NULL,
    create_time   timestamptz NOT NULL,
    version       bigint      NOT NULL,
    payload       bytea       NOT NULL,
    PRIMARY KEY (queue, task_id)
);
-- Dispatch order: ListDue and ListDueAfter read a range of it and stop at their limit, no sort.
CREATE INDEX tidings_tasks_by_schedule ON tidings_tasks (queue, schedule_time, task_id);

CREATE TABLE tidings_task_tombstones (
    queue      text        NOT NULL COLLATE "C",
    task_id    text        NOT NULL COLLATE "C",
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (queue, task_id)
);
CREATE INDEX tidings_task_tombstones_by_expiry ON tidings_task_tombstones (expires_at);

CREATE TABLE tidings_queue_tombstones (
    queue      text        NOT NULL COLLATE "C" PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX tidings_queue_tombstones_by_expiry ON tidings_queue_tombstones (expires_at);
