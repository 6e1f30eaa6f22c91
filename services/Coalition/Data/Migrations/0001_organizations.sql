CREATE TABLE organizations (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL,
    kind           text        NOT NULL,
    website        text        NOT NULL,
    country        char(2)     NOT NULL,
    statement      text        NOT NULL,
    contact_name   text        NOT NULL,
    contact_email  text        NOT NULL,
    status         text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'removed')),
    slug           text        UNIQUE,
    code           text        UNIQUE,
    applied_at     timestamptz NOT NULL DEFAULT now(),
    decided_at     timestamptz
);
CREATE INDEX organizations_approved ON organizations (name) WHERE status = 'approved';

-- Supporters who pledged with a member's code, one row each (redelivery-safe, no hot counter row).
CREATE TABLE member_supporters (
    supporter_id  uuid PRIMARY KEY,
    code          text NOT NULL
);
CREATE INDEX member_supporters_code ON member_supporters (code);
