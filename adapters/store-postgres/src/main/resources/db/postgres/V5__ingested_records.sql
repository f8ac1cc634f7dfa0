-- Stream records already made into images (by the record's key, or topic/partition/offset), so a record
-- delivered again makes no second image. No foreign key: the mark outlives a deleted image, whose
-- record must still not come back.
CREATE TABLE ingested_records (
    record_id   TEXT PRIMARY KEY,
    image_id    TEXT NOT NULL,
    ingested_at BIGINT NOT NULL
);

-- Each event destination's place in the event log, held under a lease by one relaying process.
CREATE TABLE event_cursors (
    name        TEXT PRIMARY KEY,
    sequence    BIGINT NOT NULL,
    holder      TEXT,
    lease_until BIGINT NOT NULL DEFAULT 0
);
