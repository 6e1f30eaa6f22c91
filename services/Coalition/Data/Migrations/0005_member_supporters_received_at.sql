-- When Coalition heard of the supporter: a repair leaves rows younger than Pledge's answer alone.
ALTER TABLE member_supporters ADD COLUMN received_at timestamptz NOT NULL DEFAULT clock_timestamp();
