-- What the camera wrote (EXIF), alt text, and when an image expires. Times are epoch milliseconds.
ALTER TABLE images
    ADD COLUMN camera_make   TEXT,
    ADD COLUMN camera_model  TEXT,
    ADD COLUMN lens          TEXT,
    ADD COLUMN taken_at      BIGINT,
    ADD COLUMN exposure_time TEXT,
    ADD COLUMN f_number      DOUBLE PRECISION,
    ADD COLUMN iso           INTEGER,
    ADD COLUMN focal_length  DOUBLE PRECISION,
    ADD COLUMN gps_lat       DOUBLE PRECISION,
    ADD COLUMN gps_lon       DOUBLE PRECISION,
    ADD COLUMN alt_text      TEXT,
    ADD COLUMN expires_at    BIGINT;

CREATE INDEX images_expiry ON images (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX images_by_content ON images (owner, sha256);
CREATE INDEX images_by_taken ON images (owner, taken_at) WHERE taken_at IS NOT NULL;
CREATE INDEX images_by_key ON images (original_key);

-- Originals are stored once per content (their key is their SHA-256) and counted here: the bytes are
-- deleted in the transaction that drops the last reference, while it holds the row's lock. Originals
-- stored before had a key per image; they are counted the same way.
CREATE TABLE blob_refs (
    storage_key TEXT    PRIMARY KEY,
    refs        INTEGER NOT NULL CHECK (refs >= 0)
);
INSERT INTO blob_refs (storage_key, refs) SELECT original_key, COUNT(*) FROM images GROUP BY original_key;

-- What is left of an expired image, so it answers 410 (gone) rather than 404 (never was).
CREATE TABLE tombstones (
    image_id   TEXT   PRIMARY KEY,
    owner      TEXT   NOT NULL,
    visibility TEXT   NOT NULL,
    expired_at BIGINT NOT NULL
);

-- Full-text search. The three columns are the classes relevance weighs: named (title, tags), described
-- (description, alt text), incidental (file name, overlay text, camera), as words the application
-- already split (so both stores see the same words). tsv is stemmed (english), each class under its own
-- weight label so a query can ask where a word occurs; words, with the trigram index, finds the start
-- of the word still being typed, even where the stemmer cut the word shorter than what was typed.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE image_search (
    image_id   TEXT PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
    named      TEXT NOT NULL,
    described  TEXT NOT NULL,
    incidental TEXT NOT NULL,
    tsv        TSVECTOR GENERATED ALWAYS AS (
                   setweight(to_tsvector('english', named), 'A') ||
                   setweight(to_tsvector('english', described), 'B') ||
                   setweight(to_tsvector('english', incidental), 'C')) STORED,
    words      TEXT GENERATED ALWAYS AS (' ' || named || ' ' || described || ' ' || incidental || ' ') STORED
);
CREATE INDEX image_search_tsv ON image_search USING GIN (tsv);
CREATE INDEX image_search_words ON image_search USING GIN (words gin_trgm_ops);
