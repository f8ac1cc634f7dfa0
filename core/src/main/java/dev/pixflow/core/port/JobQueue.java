package dev.pixflow.core.port;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * At-least-once job delivery. A leased job is invisible to other workers until its lease runs out;
 * a worker that dies simply never acknowledges, and the job is leased again.
 */
public interface JobQueue {

    void enqueue(JobSpec job);

    /** Several jobs, in as few calls as the queue allows; on failure some may have been queued. */
    default void enqueueAll(List<JobSpec> jobs) {
        jobs.forEach(this::enqueue);
    }

    Optional<LeasedJob> lease(String workerId, Duration leaseFor);

    /** Done: the job is removed. False when the lease was lost (someone else owns the job now). */
    boolean acknowledge(LeasedJob job);

    /**
     * Gives a leased job back unfinished (a worker shutting down): due again at once for any worker,
     * and, where the queue can undo it, without counting the attempt. False when the lease was lost,
     * or the queue cannot release (the lease then simply runs out).
     */
    default boolean release(LeasedJob job) {
        return false;
    }

    /** Keeps a long render's lease alive. False when the lease was lost. */
    boolean extend(LeasedJob job, Duration leaseFor);

    /**
     * Failed this attempt: queued again after {@code retryAfter}, or dead when it was the last attempt.
     * False when the lease was lost.
     */
    boolean fail(LeasedJob job, String error, Duration retryAfter);

    QueueStats stats();

    List<DeadJob> deadJobs(int limit);

    /** Puts dead jobs back in the queue with fresh attempts; all of them when {@code ids} is empty. */
    int redrive(List<Long> ids);

    /**
     * Drops dead jobs for good (a job that can never succeed, its image gone); all of them when
     * {@code ids} is empty. The number dropped.
     */
    int discard(List<Long> ids);

    /** A hint that work may be waiting, so idle workers need not wait for their next poll. */
    void onWorkAvailable(Runnable listener);
}
