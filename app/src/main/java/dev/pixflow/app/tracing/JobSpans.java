package dev.pixflow.app.tracing;

import dev.pixflow.app.queue.ForwardingJobQueue;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.port.JobQueue;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The worker pool's view of the queue, for tracing: a worker thread processes the job it leased, so
 * the job's span (the child of the upload's, {@link JobTracing#startJob}) is current in that thread
 * from the lease until the thread asks for its next job. Its render, its stores and its log lines
 * (the trace id in the MDC) belong to the upload's trace, and so does a job it queues. Everything else
 * goes to the queue unchanged.
 */
public final class JobSpans extends ForwardingJobQueue {
    private final JobTracing tracing;
    private final ThreadLocal<Open> open = new ThreadLocal<>();

    private record Open(Span span, Tracer.SpanInScope scope) {
    }

    public JobSpans(JobQueue queue, JobTracing tracing) {
        super(queue);
        this.tracing = tracing;
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        endOpen();
        Optional<LeasedJob> job = super.lease(workerId, leaseFor);
        job.ifPresent(j -> {
            Span span = tracing.startJob(j);
            open.set(new Open(span, tracing.tracer().withSpan(span)));
        });
        return job;
    }

    /** The thread's job is done: it asks for the next one. */
    private void endOpen() {
        Open previous = open.get();
        if (previous != null) {
            open.remove();
            previous.scope().close();
            previous.span().end();
        }
    }

    /** A job queued by a job (an image's alt text after its renders) continues the same trace. */
    @Override
    public void enqueue(JobSpec job) {
        super.enqueue(traced(job));
    }

    @Override
    public void enqueueAll(List<JobSpec> jobs) {
        super.enqueueAll(jobs.stream().map(this::traced).toList());
    }

    private JobSpec traced(JobSpec job) {
        return job.traceContext().isEmpty() ? job.withTraceContext(tracing.current()) : job;
    }
}
