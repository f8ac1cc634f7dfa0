package dev.pixflow.app.logging;

import dev.pixflow.app.queue.ForwardingJobQueue;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.port.JobQueue;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Optional;

/**
 * The worker pool's view of the queue: a worker thread processes the job it leased, so the job and its
 * image are named in that thread's log lines from the lease until the thread asks for its next job.
 * Everything else goes to the queue unchanged.
 */
public final class LeasedJobLogContext extends ForwardingJobQueue {

    public LeasedJobLogContext(JobQueue queue) {
        super(queue);
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        MDC.remove(LogContext.JOB_ID);
        MDC.remove(LogContext.IMAGE_ID);
        Optional<LeasedJob> job = super.lease(workerId, leaseFor);
        job.ifPresent(j -> {
            MDC.put(LogContext.JOB_ID, Long.toString(j.id()));
            MDC.put(LogContext.IMAGE_ID, j.spec().imageId().value());
        });
        return job;
    }
}
