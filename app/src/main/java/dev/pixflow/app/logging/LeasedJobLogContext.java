package dev.pixflow.app.logging;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.port.JobQueue;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The worker pool's view of the queue: a worker thread processes the job it leased, so the job and its
 * image are named in that thread's log lines from the lease until the thread asks for its next job.
 * Everything else goes to the queue unchanged.
 */
public final class LeasedJobLogContext implements JobQueue {
    private final JobQueue queue;

    public LeasedJobLogContext(JobQueue queue) {
        this.queue = queue;
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        MDC.remove(LogContext.JOB_ID);
        MDC.remove(LogContext.IMAGE_ID);
        Optional<LeasedJob> job = queue.lease(workerId, leaseFor);
        job.ifPresent(j -> {
            MDC.put(LogContext.JOB_ID, Long.toString(j.id()));
            MDC.put(LogContext.IMAGE_ID, j.spec().imageId().value());
        });
        return job;
    }

    @Override
    public void enqueue(JobSpec job) {
        queue.enqueue(job);
    }

    @Override
    public void enqueueAll(List<JobSpec> jobs) {
        queue.enqueueAll(jobs);
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
