CREATE TABLE supporters (
    id                  uuid        PRIMARY KEY,
    email               text        NOT NULL,
    email_normalized    text        NOT NULL UNIQUE,
    first_name          text        NOT NULL,
    last_name           text        NOT NULL,
    country             char(2)     NOT NULL,
    region              text,
    postal_code         text,
    personas            text[]      NOT NULL DEFAULT '{}',
    flexibility         text[]      NOT NULL DEFAULT '{}',
    why                 text,
    consent_to_updates  boolean     NOT NULL,
    list_publicly       boolean     NOT NULL,
    referral_code       text        NOT NULL UNIQUE,
    referred_by         text,
    organization_code   text,
    status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'withdrawn')),
    confirm_token_hash  bytea       NOT NULL UNIQUE,
    confirm_expires_at  timestamptz NOT NULL,
    manage_token_hash   bytea       NOT NULL UNIQUE,
    last_mailed_at      timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    confirmed_at        timestamptz
);

-- The public total counts these rows; the partial index keeps that an index-only scan.
CREATE INDEX supporters_confirmed ON supporters (confirmed_at) WHERE status = 'confirmed';

-- Outside Production, mail lands here instead of an SMTP server.
CREATE TABLE IF NOT EXISTS dev_mail (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text       NOT NULL,
    subject   text        NOT NULL,
    body      text        NOT NULL,
    sent_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS dev_mail_to ON dev_mail (to_address, id DESC);
