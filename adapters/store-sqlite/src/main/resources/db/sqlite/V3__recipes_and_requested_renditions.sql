-- Renditions asked for through the API (POST /v1/images/{id}/renditions). A request is listed with its
-- image from the moment it is made; it is made once a rendition of its name exists under its recipe's
-- key, and failed when its job used up its attempts (failed_error). recipe is the canonical text.
CREATE TABLE rendition_requests (
    image_id     TEXT    NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    recipe       TEXT    NOT NULL,
    failed_error TEXT,
    requested_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (image_id, name)
);

-- What an animated source became: the frames written, and whether only the first was kept (over the
-- frame limit, or for a format that cannot animate).
ALTER TABLE renditions ADD COLUMN frames INTEGER NOT NULL DEFAULT 1;
ALTER TABLE renditions ADD COLUMN first_frame_only INTEGER NOT NULL DEFAULT 0;

-- Asked-for renditions a job carries, one per line: "name recipe" (a recipe's canonical text has no
-- space or line break; a name has neither).
ALTER TABLE jobs ADD COLUMN renditions TEXT NOT NULL DEFAULT '';
