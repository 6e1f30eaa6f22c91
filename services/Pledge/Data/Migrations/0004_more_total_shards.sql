-- Writers now pick the shard of their own backend (pg_backend_pid() % 128): concurrent
-- confirmations on different connections rarely wait on each other's row lock.
INSERT INTO total_shards (shard, confirmed) SELECT s, 0 FROM generate_series(32, 127) s ON CONFLICT (shard) DO NOTHING;
