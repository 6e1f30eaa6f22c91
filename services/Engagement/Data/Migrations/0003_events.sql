-- Events keep the organizer's wall-clock time and IANA zone as the truth; the UTC instants are
-- derived from them when written, so a daylight-saving change never moves an event.
CREATE TABLE events (
    id                 uuid        PRIMARY KEY,
    slug               text        NOT NULL UNIQUE,
    title              text        NOT NULL,
    summary            text        NOT NULL,
    description        text        NOT NULL,
    format             text        NOT NULL CHECK (format IN ('in-person', 'online', 'hybrid')),
    starts_local       timestamp   NOT NULL,
    ends_local         timestamp   NOT NULL,
    time_zone          text        NOT NULL,
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    venue_name         text,
    venue_address      text,
    city               text,
    region             text,
    country            text,
    online_url         text,
    capacity           integer     CHECK (capacity > 0),
    organization_slug  text,
    legislation_slug   text,
    status             text        NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason      text,
    sequence           integer     NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_upcoming ON events (ends_at, starts_at);
CREATE INDEX events_legislation ON events (legislation_slug) WHERE legislation_slug IS NOT NULL;

-- Waiting order: taken from one sequence at confirmation, under the event's row lock.
CREATE SEQUENCE rsvp_order;

CREATE TABLE rsvps (
    id                 uuid        PRIMARY KEY,
    event_id           uuid        NOT NULL REFERENCES events (id),
    email              text        NOT NULL,
    email_normalized   text        NOT NULL,
    first_name         text        NOT NULL,
    last_name          text        NOT NULL,
    status             text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'registered', 'waitlisted', 'cancelled')),
    confirm_token_hash bytea       NOT NULL UNIQUE,
    confirm_expires_at timestamptz NOT NULL,
    cancel_token_hash  bytea       NOT NULL UNIQUE,
    last_mailed_at     timestamptz NOT NULL,
    queue_order        bigint,
    confirmed_at       timestamptz,
    -- The start time the reminder was sent for: a rescheduled event gets a fresh reminder, never the stale one.
    reminded_for       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, email_normalized)
);
CREATE INDEX rsvps_by_event ON rsvps (event_id, status, queue_order);
