-- Mail queued in the same transaction as the change it tells of (a crash after the commit cannot
-- lose it), sent by MailDispatcher and deleted once sent. The body holds the mailed link's token
-- until then, as the mail itself will.
CREATE TABLE IF NOT EXISTS mail_outbox (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text        NOT NULL,
    subject    text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
