-- An application reaches the moderators only once its contact confirmed the address from a mail link.
-- Existing applications were made before the step existed: they stay as they are.
ALTER TABLE organizations DROP CONSTRAINT organizations_status_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_status_check
    CHECK (status IN ('unverified', 'pending', 'approved', 'rejected', 'removed'));
ALTER TABLE organizations ADD COLUMN contact_email_normalized text;
ALTER TABLE organizations ADD COLUMN confirm_token_hash bytea UNIQUE;
ALTER TABLE organizations ADD COLUMN confirm_expires_at timestamptz;
ALTER TABLE organizations ADD COLUMN verified_at timestamptz;
UPDATE organizations SET verified_at = applied_at WHERE status <> 'unverified';
CREATE INDEX organizations_contact_recent ON organizations (contact_email_normalized, applied_at);
CREATE INDEX organizations_queue ON organizations (verified_at) WHERE status = 'pending';
