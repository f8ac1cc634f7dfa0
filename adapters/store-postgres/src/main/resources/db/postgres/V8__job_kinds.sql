-- Jobs carry their kind; describe jobs were marked by the reserved variant name '+alt-text'.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'render';
UPDATE outbox SET kind = 'describe', variants = '' WHERE variants = '+alt-text';
