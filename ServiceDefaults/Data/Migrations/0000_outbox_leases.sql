-- The relay claims a batch by moving due_at past a lease (no transaction open while it publishes; a
-- crashed relay's batch comes back after the lease). Rows that can never be published (their type is
-- gone after a rename, their body no longer reads) are moved to outbox_dead with the reason.
-- No index on due_at: the relay walks the primary key, and updates stay HOT.
ALTER TABLE outbox_messages ADD COLUMN IF NOT EXISTS due_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE IF NOT EXISTS outbox_dead (
    seq          bigint      PRIMARY KEY,
    message_id   uuid        NOT NULL,
    message_type text        NOT NULL,
    body         text        NOT NULL,
    trace_parent text,
    created_at   timestamptz NOT NULL,
    reason       text        NOT NULL,
    failed_at    timestamptz NOT NULL DEFAULT now()
);
