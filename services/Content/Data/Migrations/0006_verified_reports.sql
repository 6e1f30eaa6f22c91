-- A report hides a comment only once its reporter confirmed their address from a mailed link. Reports without
-- an address are kept for moderators and never hide anything. Reports made before this were counted as they were.
ALTER TABLE comment_reports ADD COLUMN verified_at timestamptz;
ALTER TABLE comment_reports ADD COLUMN token_hash bytea UNIQUE;
ALTER TABLE comment_reports ADD COLUMN token_expires_at timestamptz;
UPDATE comment_reports SET verified_at = reported_at;
CREATE INDEX comment_reports_reporter_recent ON comment_reports (reporter_hash, reported_at) WHERE token_hash IS NOT NULL;
