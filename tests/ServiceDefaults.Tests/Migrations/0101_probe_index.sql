-- migrate: no transaction
-- An index built without blocking writers, as on a large table (CONCURRENTLY refuses to run in a transaction).
CREATE INDEX CONCURRENTLY IF NOT EXISTS probe_runs_probe ON probe_runs (probe_id);
