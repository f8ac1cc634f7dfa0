package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.JobSpec;

import java.time.Instant;

/** The {@code outbox} table: jobs of the shared catalogue, waiting for the relay to hand them to the queue (SQS). */
public final class OutboxTable implements JobTable {
    private final SqlDatabase db;

    public OutboxTable(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public long insert(JobSpec job, Instant at) {
        Long id = db.jdbc().queryForObject("""
                INSERT INTO outbox (kind, image_id, variants, renditions, trace_context, created_at)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
                Long.class, job.kind().id(), job.imageId().value(), JobRows.variants(job), JobRows.renditions(job),
                JobRows.traceContext(job), at.toEpochMilli());
        return id == null ? 0 : id;
    }

    @Override
    public String table() {
        return "outbox";
    }

    @Override
    public String waiting() {
        return "TRUE";
    }
}
