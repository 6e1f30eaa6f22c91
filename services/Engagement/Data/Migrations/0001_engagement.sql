-- One row per confirmed supporter Engagement heard about: idempotent to insert, and counting
-- rows avoids a single hot counter row under load.
CREATE TABLE confirmed_supporters (
    supporter_id  uuid        PRIMARY KEY,
    referred_by   text,
    confirmed_at  timestamptz NOT NULL,
    withdrawn_at  timestamptz
);
CREATE INDEX confirmed_supporters_referred_by ON confirmed_supporters (referred_by) WHERE referred_by IS NOT NULL AND withdrawn_at IS NULL;

CREATE TABLE milestones (
    threshold   bigint      PRIMARY KEY,
    reached_at  timestamptz NOT NULL,
    total_seen  bigint      NOT NULL
);
