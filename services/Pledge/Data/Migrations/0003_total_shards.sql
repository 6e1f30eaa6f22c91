-- The confirmed total, moved in the same transaction as every confirmation, withdrawal, erasure and
-- import. Spread over 32 rows so concurrent confirmations do not queue on one hot row; the total is
-- their sum, read together with the snapshot it came from so Redis only ever moves forward.
CREATE TABLE total_shards (
    shard     smallint PRIMARY KEY,
    confirmed bigint   NOT NULL
);
INSERT INTO total_shards (shard, confirmed) SELECT s, 0 FROM generate_series(0, 31) s;
UPDATE total_shards SET confirmed = (SELECT count(*) FROM supporters WHERE status = 'confirmed') WHERE shard = 0;
