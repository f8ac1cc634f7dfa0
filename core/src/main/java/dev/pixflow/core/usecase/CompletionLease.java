package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.port.MultipartUploadStore;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a completion's lease while it works (assembling and checking gigabytes outlasts one lease):
 * renewed every third of the lease on a thread of its own, until closed. A process that dies stops
 * renewing, and its lease runs out.
 */
final class CompletionLease implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CompletionLease.class.getName());

    private final ScheduledExecutorService renewer;

    CompletionLease(MultipartUploadStore uploads, UploadId id, Duration lease, Clock clock) {
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("pixflow-lease-" + id).factory());
        long every = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleAtFixedRate(() -> {
            try {
                if (!uploads.extendCompleting(id, clock.instant().plus(lease))) {
                    LOG.warning(() -> "the completion of upload " + id + " was taken over; this one's work is wasted");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not renew the completion lease of upload " + id, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
