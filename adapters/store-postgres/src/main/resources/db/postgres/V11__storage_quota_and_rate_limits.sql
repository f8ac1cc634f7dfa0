-- Bytes stored per owner (JdbcStorageQuota). An upload holds its bytes while they are being stored,
-- after locking its owner's row here, so uploads of one owner in several processes are counted one
-- after another. Times are epoch milliseconds (UTC).
CREATE TABLE quota_owners (
    owner TEXT PRIMARY KEY
);
CREATE TABLE storage_holds (
    id         BIGSERIAL PRIMARY KEY,
    owner      TEXT   NOT NULL,
    bytes      BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX storage_holds_by_owner ON storage_holds (owner, expires_at);
-- An owner's bytes summed from the index alone.
CREATE INDEX images_bytes_by_owner ON images (owner, bytes);

-- The rate limits' token buckets, shared by every process: one row per owner and limit, its state in
-- bucket4j's own encoding, changed under a transaction-level advisory lock on the row's key (bucket4j's
-- PostgreSQL proxy manager).
CREATE TABLE rate_limit_buckets (
    id    TEXT PRIMARY KEY,
    state BYTEA
);
