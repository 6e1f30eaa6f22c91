-- The movement's staff: who may sign in to the console, and as what.
CREATE TABLE staff (
    email text PRIMARY KEY,                       -- normalized, as sign-in compares it
    role text NOT NULL CHECK (role IN ('admin', 'moderator', 'editor')),
    added_by text NOT NULL,                       -- 'configuration' for a first admin
    added_at timestamptz NOT NULL DEFAULT now(),
    last_signed_in_at timestamptz,
    -- Bumped by a role change or sign-out everywhere: sessions carrying an older one end.
    session_version integer NOT NULL DEFAULT 1
);

-- One-time sign-in links: only the hash of the mailed secret is kept.
CREATE TABLE staff_sign_in_links (
    token_hash bytea PRIMARY KEY,
    email text NOT NULL REFERENCES staff (email) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX staff_sign_in_links_expiry ON staff_sign_in_links (expires_at);

-- The keys that protect session cookies, shared by every web replica.
CREATE TABLE data_protection_keys (
    name text PRIMARY KEY,
    xml text NOT NULL
);
