-- Every kind of post, scheduling and full-text search.
-- Supporter stories now live in their own table with moderation; the old 'story' post kind becomes a blog post.
UPDATE posts SET kind = 'blog' WHERE kind = 'story';
ALTER TABLE posts ADD CONSTRAINT posts_kind_check CHECK (kind IN ('news', 'trend', 'blog', 'research', 'press', 'idea'));
ALTER TABLE posts DROP CONSTRAINT posts_status_check;
ALTER TABLE posts ADD CONSTRAINT posts_status_check CHECK (status IN ('draft', 'scheduled', 'published'));
ALTER TABLE posts ADD COLUMN publish_at timestamptz;
ALTER TABLE posts ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', summary), 'B') ||
    setweight(to_tsvector('english', body_markdown), 'C')) STORED;
CREATE INDEX posts_search ON posts USING gin (search) WHERE status = 'published';
CREATE INDEX posts_tags ON posts USING gin (tags) WHERE status = 'published';
-- The scheduler's claim: due rows only.
CREATE INDEX posts_due ON posts (publish_at) WHERE status = 'scheduled';
