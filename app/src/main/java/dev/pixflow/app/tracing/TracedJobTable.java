package dev.pixflow.app.tracing;

import dev.pixflow.adapter.jdbc.JobTable;
import dev.pixflow.core.domain.JobSpec;

import java.time.Instant;

/**
 * Writes each job with the trace context of the work that made it (an upload's request, a worker's
 * job), so that the worker that runs it, in any process, continues the same trace. A job that
 * carries a context already (relayed, redriven) keeps its own.
 */
public final class TracedJobTable implements JobTable {
    private final JobTable table;
    private final JobTracing tracing;

    public TracedJobTable(JobTable table, JobTracing tracing) {
        this.table = table;
        this.tracing = tracing;
    }

    @Override
    public long insert(JobSpec job, Instant at) {
        return table.insert(job.traceContext().isEmpty() ? job.withTraceContext(tracing.current()) : job, at);
    }

    @Override
    public String table() {
        return table.table();
    }

    @Override
    public String waiting() {
        return table.waiting();
    }
}
