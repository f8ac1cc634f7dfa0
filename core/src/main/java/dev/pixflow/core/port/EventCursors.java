package dev.pixflow.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Named places in the {@link EventLog}, one per reader that tells others (a Kafka topic, an SQS queue).
 * A cursor is held under a lease, so of several processes only one relays it at a time, and another
 * takes over when the holder stops renewing.
 */
public interface EventCursors {

    /**
     * Takes the named cursor for {@code holder} (or renews it) until {@code leaseUntil} when nobody else
     * holds an unexpired lease on it; its position (0 for a new cursor), or empty when another holds it.
     */
    OptionalLong claim(String name, String holder, Instant now, Instant leaseUntil);

    /**
     * Moves the cursor to {@code sequence} and renews the lease, if {@code holder} still holds it; false
     * when another has taken it over, whose relay then goes on from where the cursor stood.
     */
    boolean advance(String name, String holder, long sequence, Instant leaseUntil);

    /** Gives the cursor up, so another process need not wait for the lease to run out. */
    void release(String name, String holder);

    /** Every cursor's position by name, held or not: the events up to each have been relayed there. */
    Map<String, Long> positions();
}
