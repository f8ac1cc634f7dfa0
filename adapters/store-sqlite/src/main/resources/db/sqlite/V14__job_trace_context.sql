-- The trace context of the request that made a job ("name=value" lines, W3C traceparent and
-- tracestate), carried to the worker (or, with SQS, to the relay). Empty: none.
ALTER TABLE jobs ADD COLUMN trace_context TEXT NOT NULL DEFAULT '';
