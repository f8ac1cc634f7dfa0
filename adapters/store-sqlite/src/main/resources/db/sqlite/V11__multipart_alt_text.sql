-- The alt text an upload is started with, given to its image at completion.
ALTER TABLE multipart_uploads ADD COLUMN alt_text TEXT;
