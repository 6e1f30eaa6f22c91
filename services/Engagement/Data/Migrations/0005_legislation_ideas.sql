CREATE TABLE legislation (
    id            uuid        PRIMARY KEY,
    slug          text        NOT NULL UNIQUE,
    title         text        NOT NULL,
    jurisdiction  text        NOT NULL,
    bill_number   text        NOT NULL,
    summary       text        NOT NULL,
    position      text        NOT NULL CHECK (position IN ('support', 'oppose', 'watching')),
    url           text,
    stage         text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (jurisdiction, bill_number)
);

CREATE TABLE legislation_actions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    legislation_id  uuid        NOT NULL REFERENCES legislation (id),
    stage           text        NOT NULL,
    note            text        NOT NULL,
    occurred_on     date        NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legislation_actions_by_bill ON legislation_actions (legislation_id, occurred_on, id);

CREATE TABLE ideas (
    id          uuid        PRIMARY KEY,
    slug        text        NOT NULL UNIQUE,
    title       text        NOT NULL,
    summary     text        NOT NULL,
    body        text        NOT NULL,
    position    integer     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The supporter's own code, so the leaderboard can name a referrer (via Pledge's GetProfile).
ALTER TABLE confirmed_supporters ADD COLUMN referral_code text;
CREATE INDEX confirmed_supporters_referral_code ON confirmed_supporters (referral_code) WHERE referral_code IS NOT NULL;
