CREATE TABLE petitions (
    id                uuid        PRIMARY KEY,
    slug              text        NOT NULL UNIQUE,
    title             text        NOT NULL,
    summary           text        NOT NULL,
    body              text        NOT NULL,
    target            text        NOT NULL,
    goal              bigint      NOT NULL CHECK (goal > 0),
    closes_at         timestamptz NOT NULL,
    legislation_slug  text,
    -- Set once, in the transaction that publishes PetitionGoalReached.
    goal_reached_at   timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX petitions_legislation ON petitions (legislation_slug) WHERE legislation_slug IS NOT NULL;

-- Counts are counted rows (no hot counter row that can drift); invalidated rows stop counting.
CREATE TABLE signatures (
    id                 uuid        PRIMARY KEY,
    petition_id        uuid        NOT NULL REFERENCES petitions (id),
    email              text        NOT NULL,
    email_normalized   text        NOT NULL,
    email_domain       text        NOT NULL,
    first_name         text        NOT NULL,
    last_name          text        NOT NULL,
    country            char(2)     NOT NULL,
    region             text,
    postal_code        text,
    comment            text,
    list_publicly      boolean     NOT NULL,
    is_supporter       boolean     NOT NULL DEFAULT false,
    status             text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'invalidated')),
    confirm_token_hash bytea       NOT NULL UNIQUE,
    confirm_expires_at timestamptz NOT NULL,
    last_mailed_at     timestamptz NOT NULL,
    confirmed_at       timestamptz,
    invalidated_at     timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (petition_id, email_normalized)
);
CREATE INDEX signatures_counted ON signatures (petition_id, country, region) WHERE status = 'confirmed';
