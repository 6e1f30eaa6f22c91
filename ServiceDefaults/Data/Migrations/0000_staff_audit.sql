-- Every staff write this database's owner answered: who, as what, what they did, on which object, and how it ended.
-- The row is written before the action runs and its status after, so an action cut short by a crash still shows.
CREATE TABLE IF NOT EXISTS staff_audit (
    id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL,
    staff  text        NOT NULL,
    role   text        NOT NULL,
    action text        NOT NULL,   -- the operation's summary ("Approve a held story or comment")
    route  text        NOT NULL,   -- method and route template ("POST /api/content/moderation/{id}/approve")
    target text,                   -- the route's values ("id=0190…"): never a body, so no one's personal data
    status integer                 -- the answer's status; null if the process stopped before answering
);
CREATE INDEX IF NOT EXISTS staff_audit_at ON staff_audit (at DESC, id DESC);
CREATE INDEX IF NOT EXISTS staff_audit_staff ON staff_audit (staff, at DESC);
