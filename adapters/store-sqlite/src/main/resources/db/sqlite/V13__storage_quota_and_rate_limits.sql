-- Bytes stored per owner (JdbcStorageQuota) and the rate limits: the same tables as on PostgreSQL; here the one writer at
-- a time already counts an owner's uploads one after another. Times are epoch milliseconds (UTC).
CREATE TABLE quota_owners (
    owner TEXT PRIMARY KEY
);
CREATE TABLE storage_holds (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner      TEXT    NOT NULL,
    bytes      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX storage_holds_by_owner ON storage_holds (owner, expires_at);
-- An owner's bytes summed from the index alone.
CREATE INDEX images_bytes_by_owner ON images (owner, bytes);

-- The rate limits' token buckets (SqliteRateLimitBuckets): one row per key and limit, its state in
-- bucket4j's own encoding, replaced only where it still holds the state read (compare and swap).
CREATE TABLE rate_limit_buckets (
    id    TEXT PRIMARY KEY,
    state BLOB
);
