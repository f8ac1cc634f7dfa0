package dev.pixflow.core.port;

import dev.pixflow.core.domain.DueDelivery;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.domain.WebhookDelivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Webhooks, their delivery logs, and how far the event log has been fanned out to them, in the
 * catalogue's database. Dispatchers in several processes may use it at once: fan-out moves one shared
 * position, and a delivery is claimed with a lease, so each attempt is made by one of them.
 */
public interface WebhookStore {

    /** A delivery to add: one event for one hook. */
    record Fanned(String webhookId, long eventSequence) {
    }

    void create(Webhook hook);

    /** Every hook, oldest first. */
    List<Webhook> hooks();

    Optional<Webhook> find(String id);

    /** Removes the hook and its delivery log; false when there was none. */
    boolean delete(String id);

    /** The last event sequence fanned out to deliveries. */
    long fannedOut();

    /**
     * Adds these deliveries, due at {@code at}, and moves the fan-out position from {@code from} to
     * {@code to}, in one transaction; false, with nothing written, when the position was no longer
     * {@code from} (another process fanned out the same events).
     */
    boolean fanOut(long from, long to, List<Fanned> deliveries, Instant at);

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now} whose lease (if any) has run out,
     * soonest due first, leasing them until {@code now + lease} and counting the attempt. Of any one hook
     * it claims no more than {@code perHook} less those the caller has in flight to it ({@code inFlight},
     * by hook id): one receiver that hangs cannot take every place.
     */
    List<DueDelivery> claim(Instant now, Duration lease, int limit, int perHook, Map<String, Integer> inFlight);

    /** A 2xx came back; false when the lease was lost (another attempt was claimed meanwhile). */
    boolean delivered(DueDelivery delivery, int status, Instant at);

    /** This attempt failed; the next one is due at {@code next}. */
    boolean retry(DueDelivery delivery, OptionalInt status, String error, Instant next);

    /** The last attempt failed: the delivery stays in the log as failed. */
    boolean failed(DueDelivery delivery, OptionalInt status, String error, Instant at);

    /** The hook's delivery log, newest first. */
    List<WebhookDelivery> deliveries(String webhookId, int limit);

    /**
     * Deletes up to {@code limit} of the oldest delivered or failed deliveries made (fanned out) before
     * {@code before}; a pending delivery is never deleted. The number deleted.
     */
    int pruneDeliveries(Instant before, int limit);
}
