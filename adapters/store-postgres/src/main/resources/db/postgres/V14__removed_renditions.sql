-- An asked-for rendition removed through the API (DELETE /v1/images/{id}/renditions/{name}) leaves its
-- request as a tombstone, removed_at set, that no reader of the record sees: a render of it still under
-- way then records nothing, and a name under which something was ever made keeps its recipe, since its
-- URL was delivered as immutable. made remembers that, through removals and requests of the same
-- recipe, once the rendition row that told it is gone. Asking for it again clears removed_at.
ALTER TABLE rendition_requests ADD COLUMN removed_at BIGINT;
ALTER TABLE rendition_requests ADD COLUMN made BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE rendition_requests SET made = TRUE WHERE EXISTS (
    SELECT 1 FROM renditions r WHERE r.image_id = rendition_requests.image_id AND r.variant = rendition_requests.name);
