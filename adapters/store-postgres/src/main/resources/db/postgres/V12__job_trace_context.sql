-- The trace context of the request that made a job ("name=value" lines, W3C traceparent and
-- tracestate), carried to the worker through the outbox and the queue. Empty: none.
ALTER TABLE outbox ADD COLUMN trace_context TEXT NOT NULL DEFAULT '';
