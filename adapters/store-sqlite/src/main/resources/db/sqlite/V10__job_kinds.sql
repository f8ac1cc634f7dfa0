-- Jobs carry their kind; describe jobs were marked by the reserved variant name '+alt-text'.
ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'render';
UPDATE jobs SET kind = 'describe', variants = '' WHERE variants = '+alt-text';
