CREATE TABLE posts (
    id            uuid        PRIMARY KEY,
    slug          text        NOT NULL UNIQUE,
    kind          text        NOT NULL,
    title         text        NOT NULL,
    summary       text        NOT NULL,
    body_markdown text        NOT NULL,
    body_html     text        NOT NULL,
    tags          text[]      NOT NULL DEFAULT '{}',
    author        text        NOT NULL,
    status        text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX posts_published ON posts (published_at DESC) WHERE status = 'published';
