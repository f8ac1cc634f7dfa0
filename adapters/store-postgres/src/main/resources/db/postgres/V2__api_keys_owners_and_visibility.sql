-- API keys: only the SHA-256 of a token is kept (the token is 256 random bits, shown once). A key is
-- revoked, never deleted, so a server that ever had keys never falls back to running open.
CREATE TABLE api_keys (
    id           TEXT    PRIMARY KEY,
    owner        TEXT    NOT NULL,
    admin        BOOLEAN NOT NULL,
    token_sha256 TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    revoked_at   BIGINT
);

-- Every listing is one owner's images, newest first.
CREATE INDEX images_by_owner ON images (owner, created_at DESC, id DESC);

-- Public images are delivered to anyone; private ones to their owner or a signed URL.
ALTER TABLE images ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private'));
