-- Multipart uploads (S3 semantics) and the parts received, shared by every process of the multipart
-- role. Times are epoch milliseconds (UTC). A completed upload keeps its row (with the image id) until
-- it expires, so a complete retried after a lost response answers with the same image; its part rows
-- are deleted at completion. storage_id is the part store's own id of the upload (S3's multipart upload
-- id); completing_until, while a request completes it, when that request's lease runs out.
CREATE TABLE multipart_uploads (
    id            TEXT    PRIMARY KEY,
    owner         TEXT    NOT NULL,
    filename      TEXT    NOT NULL,
    content_type  TEXT,
    declared_size BIGINT,
    title         TEXT,
    description   TEXT,
    tags          TEXT    NOT NULL,
    part_size     BIGINT  NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('open', 'completing', 'completed')),
    image_id      TEXT,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    visibility    TEXT    NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
    alt_text      TEXT,
    storage_id    TEXT,
    completing_until BIGINT
);
CREATE INDEX multipart_uploads_expiry ON multipart_uploads (expires_at, id);

CREATE TABLE multipart_parts (
    upload_id   TEXT    NOT NULL REFERENCES multipart_uploads (id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
    etag        TEXT    NOT NULL,
    size        BIGINT  NOT NULL,
    location    TEXT    NOT NULL,
    received_at BIGINT  NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);
