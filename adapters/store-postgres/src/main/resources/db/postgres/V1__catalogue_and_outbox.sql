-- The catalogue in PostgreSQL, for many processes. Times are epoch milliseconds (UTC), as in the
-- embedded store, so page cursors mean the same in both. Ids are UUIDv7 text: they sort by creation.
CREATE TABLE images (
    id           TEXT    PRIMARY KEY,
    owner        TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
    filename     TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    bytes        BIGINT  NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    has_alpha    BOOLEAN NOT NULL,
    sha256       TEXT    NOT NULL,
    original_key TEXT    NOT NULL,
    title        TEXT,
    description  TEXT,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE INDEX images_newest ON images (created_at DESC, id DESC);

CREATE TABLE image_tags (
    image_id TEXT    NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    tag      TEXT    NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (image_id, tag)
);
CREATE INDEX image_tags_by_tag ON image_tags (tag, image_id);

CREATE TABLE renditions (
    image_id         TEXT    NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    variant          TEXT    NOT NULL,
    storage_key      TEXT    NOT NULL,
    format           TEXT    NOT NULL,
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    bytes            BIGINT  NOT NULL,
    sha256           TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    frames           INTEGER NOT NULL DEFAULT 1,
    first_frame_only BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (image_id, variant)
);

-- Renditions asked for through the API; recipe is the canonical text.
CREATE TABLE rendition_requests (
    image_id     TEXT   NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    recipe       TEXT   NOT NULL,
    failed_error TEXT,
    requested_at BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (image_id, name)
);

-- Jobs committed with their records, waiting for the relay to hand them to the queue (SQS). No
-- foreign key: a job may outlive its image (deleted meanwhile), and the worker copes with that.
-- renditions: one asked-for rendition per line, "name recipe".
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    image_id   TEXT   NOT NULL,
    variants   TEXT   NOT NULL,
    renditions TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
