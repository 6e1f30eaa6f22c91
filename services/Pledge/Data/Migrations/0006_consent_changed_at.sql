-- When the supporter last changed their consent to updates themselves: the record a mailing must be able to show.
ALTER TABLE supporters ADD COLUMN consent_changed_at timestamptz;
