-- The alt text an upload is started with, given to its image at completion; the part store's own id of
-- the upload (S3's multipart upload id); while a request completes it, when that request's lease runs out.
ALTER TABLE multipart_uploads ADD COLUMN alt_text TEXT;
ALTER TABLE multipart_uploads ADD COLUMN storage_id TEXT;
ALTER TABLE multipart_uploads ADD COLUMN completing_until INTEGER;
