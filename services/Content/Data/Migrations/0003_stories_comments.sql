-- Supporter stories: verified by a mailed token (only its hash is kept), scored for spam, moderated.
CREATE TABLE stories (
    id               uuid        PRIMARY KEY,
    slug             text        UNIQUE,
    first_name       text        NOT NULL,
    last_name        text        NOT NULL,
    email            text        NOT NULL,
    email_normalized text        NOT NULL,
    title            text        NOT NULL,
    body             text        NOT NULL,
    country          text,
    region           text,
    client_hash      text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in-review', 'spam', 'approved', 'rejected')),
    spam_score       int,
    spam_reasons     text[]      NOT NULL DEFAULT '{}',
    token_hash       bytea       NOT NULL UNIQUE,
    token_expires_at timestamptz NOT NULL,
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    verified_at      timestamptz,
    published_at     timestamptz
);
CREATE INDEX stories_email_recent ON stories (email_normalized, submitted_at);
CREATE INDEX stories_client_recent ON stories (client_hash, submitted_at);
CREATE INDEX stories_published ON stories (published_at DESC) WHERE status = 'approved';
CREATE INDEX stories_queue ON stories (verified_at) WHERE status IN ('in-review', 'spam');

-- Comments on posts: verified by mail, published at once unless held; hidden by reports until a moderator decides.
CREATE TABLE comments (
    id               uuid        PRIMARY KEY,
    post_id          uuid        NOT NULL REFERENCES posts (id),
    display_name     text        NOT NULL,
    email            text        NOT NULL,
    email_normalized text        NOT NULL,
    body             text        NOT NULL,
    body_html        text        NOT NULL,
    client_hash      text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'in-review', 'hidden', 'rejected')),
    spam_score       int,
    spam_reasons     text[]      NOT NULL DEFAULT '{}',
    token_hash       bytea       NOT NULL UNIQUE,
    token_expires_at timestamptz NOT NULL,
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    verified_at      timestamptz,
    published_at     timestamptz
);
CREATE INDEX comments_post ON comments (post_id, published_at) WHERE status = 'published';
CREATE INDEX comments_email_recent ON comments (email_normalized, submitted_at);
CREATE INDEX comments_client_recent ON comments (client_hash, submitted_at);
CREATE INDEX comments_queue ON comments (verified_at) WHERE status IN ('in-review', 'hidden');

-- One report per person per comment: a reporter is a hash of their email or, without one, of their address.
CREATE TABLE comment_reports (
    comment_id    uuid        NOT NULL REFERENCES comments (id),
    reporter_hash text        NOT NULL,
    reason        text        NOT NULL CHECK (reason IN ('spam', 'offensive', 'off-topic')),
    reported_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, reporter_hash)
);
