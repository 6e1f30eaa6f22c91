-- Updates staff send to supporters who asked for them. An update is a draft until scheduled; when its time
-- comes its audience is frozen into update_recipients in one statement, then fed to the mail outbox in
-- keyset batches (fed_through is the cursor, moved in the transaction that queues the batch), at the
-- configured rate. Each recipient is checked again when fed: consent, status and suppression of that moment.
CREATE TABLE updates (
    id              uuid        PRIMARY KEY,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    audience        jsonb       NOT NULL DEFAULT '{}',
    organization_id uuid,
    state           text        NOT NULL CHECK (state IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
    send_at         timestamptz,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- An event's draft ("milestone-100000"): a replayed event finds the draft it already made.
    source          text        UNIQUE,
    total           bigint,
    skipped         bigint      NOT NULL DEFAULT 0,  -- not queued: no longer consenting, confirmed or reachable at their turn
    withdrawn       bigint      NOT NULL DEFAULT 0,  -- queued, then taken back before sending (unsubscribed, or the update cancelled)
    fed_through     uuid,
    last_fed_at     timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX updates_due ON updates (send_at) WHERE state IN ('scheduled', 'sending');

-- Ids only: a recipient erased before their turn is found missing and skipped. Emptied once the update is done.
CREATE TABLE update_recipients (
    update_id    uuid NOT NULL,
    supporter_id uuid NOT NULL,
    PRIMARY KEY (update_id, supporter_id)
);

-- How the supporter last changed their consent: an update's unsubscribe link may undo only its own change, and only
-- for a day (a forwarded mail must not turn updates back on).
ALTER TABLE supporters ADD COLUMN consent_changed_via text;
