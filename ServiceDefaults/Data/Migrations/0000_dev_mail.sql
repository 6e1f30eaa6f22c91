-- Outside Production, each service's mail lands in its own table instead of an SMTP server.
CREATE TABLE IF NOT EXISTS dev_mail (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text        NOT NULL,
    subject    text        NOT NULL,
    body       text        NOT NULL,
    sent_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS dev_mail_to ON dev_mail (to_address, id DESC);
