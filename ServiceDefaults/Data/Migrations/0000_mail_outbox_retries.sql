-- Mail is sent mail by mail: each row is claimed for a lease (due_at moves past the lease), sent outside
-- any transaction, then deleted, retried later (a 4xx) or set aside in mail_dead (a 5xx) for an admin.
ALTER TABLE mail_outbox
    ADD COLUMN IF NOT EXISTS due_at     timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN IF NOT EXISTS attempts   int         NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS last_error text;
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (due_at, seq);

CREATE TABLE IF NOT EXISTS mail_dead (
    seq        bigint      PRIMARY KEY,
    to_address text        NOT NULL,
    subject    text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL,
    attempts   int         NOT NULL,
    reason     text        NOT NULL,
    failed_at  timestamptz NOT NULL DEFAULT now()
);
