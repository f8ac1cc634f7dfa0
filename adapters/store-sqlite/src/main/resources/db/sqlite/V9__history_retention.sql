-- Retention of the history tables (the event log, webhook delivery logs, ingested-record marks): they are
-- pruned oldest first in small batches, and an event goes only once no delivery names it. These indexes
-- keep each batch a range read instead of a scan of the whole table.
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_sequence);
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (created_at);
CREATE INDEX ingested_records_by_age ON ingested_records (ingested_at);
