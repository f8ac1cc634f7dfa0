-- What the camera wrote (EXIF), alt text, and when an image expires. Times are epoch milliseconds.
ALTER TABLE images ADD COLUMN camera_make   TEXT;
ALTER TABLE images ADD COLUMN camera_model  TEXT;
ALTER TABLE images ADD COLUMN lens          TEXT;
ALTER TABLE images ADD COLUMN taken_at      INTEGER;
ALTER TABLE images ADD COLUMN exposure_time TEXT;
ALTER TABLE images ADD COLUMN f_number      REAL;
ALTER TABLE images ADD COLUMN iso           INTEGER;
ALTER TABLE images ADD COLUMN focal_length  REAL;
ALTER TABLE images ADD COLUMN gps_lat       REAL;
ALTER TABLE images ADD COLUMN gps_lon       REAL;
ALTER TABLE images ADD COLUMN alt_text      TEXT;
ALTER TABLE images ADD COLUMN expires_at    INTEGER;

CREATE INDEX images_expiry ON images (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX images_by_content ON images (owner, sha256);
CREATE INDEX images_by_taken ON images (owner, taken_at) WHERE taken_at IS NOT NULL;
CREATE INDEX images_by_key ON images (original_key);

-- Originals are stored once per content (their key is their SHA-256) and counted here: the bytes are
-- deleted in the transaction that drops the last reference. Originals stored before had a key per
-- image; they are counted the same way.
CREATE TABLE blob_refs (
    storage_key TEXT    PRIMARY KEY,
    refs        INTEGER NOT NULL CHECK (refs >= 0)
);
INSERT INTO blob_refs (storage_key, refs) SELECT original_key, COUNT(*) FROM images GROUP BY original_key;

-- What is left of an expired image, so it answers 410 (gone) rather than 404 (never was).
CREATE TABLE tombstones (
    image_id   TEXT    PRIMARY KEY,
    owner      TEXT    NOT NULL,
    visibility TEXT    NOT NULL,
    expired_at INTEGER NOT NULL
);

-- Full-text search. FTS5 needs integer row ids, images have text ids: search_docs maps one to the
-- other and goes with its image (cascade), taking its index rows with it (trigger). image_text is
-- stemmed (porter: "boats" finds "boat"); image_words is not, and indexes prefixes, for the word still
-- being typed ("harb" finds "harbour" even where the stemmer cut the word shorter than the prefix).
-- Columns are the three classes relevance weighs: named (title, tags), described (description, alt
-- text), incidental (file name, overlay text, camera).
CREATE TABLE search_docs (
    doc      INTEGER PRIMARY KEY,
    image_id TEXT    NOT NULL UNIQUE REFERENCES images (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE image_text USING fts5(named, described, incidental,
    tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE image_words USING fts5(named, described, incidental,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE TRIGGER search_docs_gone AFTER DELETE ON search_docs BEGIN
    DELETE FROM image_text WHERE rowid = old.doc;
    DELETE FROM image_words WHERE rowid = old.doc;
END;
