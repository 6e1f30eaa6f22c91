-- Content now uses the platform's one email identity (ServiceDefaults' EmailAddress.Normalize, version 1):
-- besides case, Gmail addresses lose their dots and "+tags". Rows stored under the old rule are recomputed,
-- so per-address limits and spam counts see one person as one address.
UPDATE stories
SET email_normalized = replace(split_part(split_part(email_normalized, '@', 1), '+', 1), '.', '') || '@gmail.com'
WHERE split_part(email_normalized, '@', 2) IN ('gmail.com', 'googlemail.com');

UPDATE comments
SET email_normalized = replace(split_part(split_part(email_normalized, '@', 1), '+', 1), '.', '') || '@gmail.com'
WHERE split_part(email_normalized, '@', 2) IN ('gmail.com', 'googlemail.com');
