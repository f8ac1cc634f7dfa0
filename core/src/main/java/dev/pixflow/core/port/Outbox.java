package dev.pixflow.core.port;

import dev.pixflow.core.domain.JobSpec;

import java.util.List;
import java.util.function.Consumer;

/**
 * Jobs committed in the catalogue's own transactions (with the record they belong to), waiting to be
 * handed to a queue that the catalogue's database cannot write in the same transaction, such as SQS.
 * A job leaves the outbox only after the queue took it: a process dying in between sends it again,
 * so the queue may see a job twice (harmless: rendering is idempotent), never zero times.
 */
public interface Outbox {

    /**
     * Gives up to {@code max} waiting jobs to {@code send}, oldest first, and removes them once it
     * returns; if it throws they stay. The number handed over. Callers in several processes may drain
     * at once: each waiting job goes to one of them.
     */
    int drain(int max, Consumer<List<JobSpec>> send);

    /** A hint that jobs were committed, so a relay need not wait for its next poll. */
    void onWaiting(Runnable listener);
}
