-- When Engagement heard of the confirmation: received_at - confirmed_at is the event lag the benchmark reports.
ALTER TABLE confirmed_supporters ADD COLUMN received_at timestamptz NOT NULL DEFAULT clock_timestamp();
