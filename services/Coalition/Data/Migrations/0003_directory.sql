-- The public directory: featured members, rejection reasons, and full-text search over name and statement.
ALTER TABLE organizations ADD COLUMN featured boolean NOT NULL DEFAULT false;
ALTER TABLE organizations ADD COLUMN rejection_reason text;
ALTER TABLE organizations ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', statement), 'B')) STORED;
CREATE INDEX organizations_search ON organizations USING gin (search) WHERE status = 'approved';
CREATE INDEX organizations_kind_country ON organizations (kind, country) WHERE status = 'approved';
