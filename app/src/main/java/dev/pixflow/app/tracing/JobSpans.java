package dev.pixflow.app.tracing;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
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
public final class JobSpans implements JobQueue {
    private final JobQueue queue;
    private final JobTracing tracing;
    private final ThreadLocal<Open> open = new ThreadLocal<>();

    private record Open(Span span, Tracer.SpanInScope scope) {
    }

    public JobSpans(JobQueue queue, JobTracing tracing) {
        this.queue = queue;
        this.tracing = tracing;
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        endOpen();
        Optional<LeasedJob> job = queue.lease(workerId, leaseFor);
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
        queue.enqueue(traced(job));
    }

    @Override
    public void enqueueAll(List<JobSpec> jobs) {
        queue.enqueueAll(jobs.stream().map(this::traced).toList());
    }

    private JobSpec traced(JobSpec job) {
        return job.traceContext().isEmpty() ? job.withTraceContext(tracing.current()) : job;
    }

    @Override
    public boolean acknowledge(LeasedJob job) {
        return queue.acknowledge(job);
    }

    @Override
    public boolean release(LeasedJob job) {
        return queue.release(job);
    }

    @Override
    public boolean extend(LeasedJob job, Duration leaseFor) {
        return queue.extend(job, leaseFor);
    }

    @Override
    public boolean fail(LeasedJob job, String error, Duration retryAfter) {
        return queue.fail(job, error, retryAfter);
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }

    @Override
    public List<DeadJob> deadJobs(int limit) {
        return queue.deadJobs(limit);
    }

    @Override
    public int redrive(List<Long> ids) {
        return queue.redrive(ids);
    }

    @Override
    public void onWorkAvailable(Runnable listener) {
        queue.onWorkAvailable(listener);
    }
}
