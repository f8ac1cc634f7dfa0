-- When a reference to an original was last taken (epoch milliseconds), so the orphan sweep can tell an
-- upload still between writing the bytes and committing its record (a fresh reference) from one a
-- crash cut short (a reference older than the grace, with no record). References that exist now count
-- as taken now: the sweep decides about them a grace later.
ALTER TABLE blob_refs ADD COLUMN retained_at BIGINT NOT NULL DEFAULT 0;
UPDATE blob_refs SET retained_at = (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT;
