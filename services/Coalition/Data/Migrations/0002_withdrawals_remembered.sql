-- A withdrawal may be handled before its confirmation (separate queues): it leaves a row marked
-- withdrawn, so the late confirmation (ON CONFLICT DO NOTHING) can no longer count the supporter.
ALTER TABLE member_supporters ADD COLUMN withdrawn_at timestamptz;
DROP INDEX member_supporters_code;
CREATE INDEX member_supporters_counted ON member_supporters (code) WHERE withdrawn_at IS NULL;
