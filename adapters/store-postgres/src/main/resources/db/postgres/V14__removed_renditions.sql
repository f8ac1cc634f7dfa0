-- An asked-for rendition removed through the API (DELETE /v1/images/{id}/renditions/{name}) leaves its
-- request as a tombstone, removed_at set, that no reader of the record sees: a render of it still under
-- way then records nothing, and a name under which something was made keeps its recipe (failed_error
-- NULL), since its URL was delivered as immutable. Asking for it again clears removed_at.
ALTER TABLE rendition_requests ADD COLUMN removed_at BIGINT;
