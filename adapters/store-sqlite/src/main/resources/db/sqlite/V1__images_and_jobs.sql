-- Times are epoch milliseconds (UTC). Ids are UUIDv7 text, so they sort by creation.
CREATE TABLE images (
    id           TEXT    PRIMARY KEY,
    owner        TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
    filename     TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    bytes        INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    has_alpha    INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    original_key TEXT    NOT NULL,
    title        TEXT,
    description  TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
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
    image_id    TEXT    NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    variant     TEXT    NOT NULL,
    storage_key TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (image_id, variant)
);

-- The queue. A leased job's available_at is its lease end, so one index finds both queued jobs that
-- are due and leases that ran out (their worker died).
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    image_id     TEXT    NOT NULL,
    variants     TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('queued', 'leased', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    available_at INTEGER NOT NULL,
    lease_token  TEXT,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (state, available_at, id);
