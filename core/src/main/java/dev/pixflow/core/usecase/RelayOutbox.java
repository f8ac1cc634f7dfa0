package dev.pixflow.core.usecase;

import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.Outbox;

import java.time.Duration;

/**
 * Moves committed jobs from the catalogue's outbox to the job queue, on one thread: at once when a
 * commit signals, and on a poll for jobs committed by processes that died before relaying them.
 */
public final class RelayOutbox implements AutoCloseable {
    private static final int BATCH = 10;

    private final Outbox outbox;
    private final JobQueue queue;
    private final PollingLoop loop;

    public RelayOutbox(Outbox outbox, JobQueue queue, Duration poll) {
        this.outbox = outbox;
        this.queue = queue;
        this.loop = new PollingLoop("pixflow-outbox-relay", poll, () -> {
            relayWaiting();
            return false;
        }, new OutageLog(RelayOutbox.class, "relaying jobs to the queue (they stay in the outbox until it works)"));
    }

    /** Relays until the outbox is empty; the number of jobs relayed. */
    public int relayWaiting() {
        int total = 0;
        int n;
        do {
            n = outbox.drain(BATCH, queue::enqueueAll);
            total += n;
        } while (n == BATCH);
        return total;
    }

    public synchronized void start() {
        if (!loop.isRunning()) {
            outbox.onWaiting(loop::wake);
            loop.start();
        }
    }

    /** Stops after the batch in hand; what is still waiting is relayed by the next process to start. */
    @Override
    public void close() {
        loop.stop(Duration.ofSeconds(10));
    }
}
