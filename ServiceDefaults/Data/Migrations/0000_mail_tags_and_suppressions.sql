-- Bulk mail (an update to supporters) carries the tag of what it belongs to, through retries, setting aside and
-- replay: its progress is counted by tag, and what is still queued can be withdrawn.
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS tag text;
ALTER TABLE mail_dead ADD COLUMN IF NOT EXISTS tag text;
CREATE INDEX IF NOT EXISTS mail_outbox_tag ON mail_outbox (tag) WHERE tag IS NOT NULL;
CREATE INDEX IF NOT EXISTS mail_dead_tag ON mail_dead (tag) WHERE tag IS NOT NULL;

-- Addresses bulk mail leaves out: a tagged mail refused for good (a bounce), or a complaint staff recorded.
-- Lower-cased; deleted with the person when they are erased.
CREATE TABLE IF NOT EXISTS mail_suppressions (
    address    text        PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('bounce', 'complaint')),
    detail     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
