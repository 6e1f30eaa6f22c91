-- A mail's own headers beyond From, To, Subject, Date and Message-ID (List-Unsubscribe on updates, say),
-- kept with it through retries, setting aside and replay. The dev mailbox keeps every header a mail went
-- out with, so what SMTP would have sent can be read back.
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS headers jsonb;
ALTER TABLE mail_dead ADD COLUMN IF NOT EXISTS headers jsonb;
ALTER TABLE dev_mail ADD COLUMN IF NOT EXISTS headers jsonb;
