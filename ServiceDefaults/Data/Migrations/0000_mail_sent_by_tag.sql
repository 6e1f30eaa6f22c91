-- How many mails of each tag (an update's) the mail server took, counted when each batch is settled: progress
-- that stays true whatever later happens to the mail that failed (replayed, discarded) or was taken back.
CREATE TABLE IF NOT EXISTS mail_sent_by_tag (
    tag  text   PRIMARY KEY,
    sent bigint NOT NULL DEFAULT 0
);
