-- The embedded mode is one process, which counts its rate limits in memory exactly: a bucket row
-- written on every upload only competed with the uploads' own commits for SQLite's one writer.
DROP TABLE rate_limit_buckets;
