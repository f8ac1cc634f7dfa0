package dev.pixflow.app.queue;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.port.JobQueue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A queue that passes every call on to another: the base of a view of the queue that adds to a few
 * calls (the worker pool's log context and trace span of the job in hand) and overrides only those.
 */
public abstract class ForwardingJobQueue implements JobQueue {
    private final JobQueue queue;

    protected ForwardingJobQueue(JobQueue queue) {
        this.queue = queue;
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
    public Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        return queue.lease(workerId, leaseFor);
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
    public int discard(List<Long> ids) {
        return queue.discard(ids);
    }

    @Override
    public void onWorkAvailable(Runnable listener) {
        queue.onWorkAvailable(listener);
    }
}
