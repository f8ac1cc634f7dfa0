package dev.pixflow.core.usecase;

import java.time.Duration;

/**
 * How long the catalogue's history is kept: the event log, webhooks' delivery logs and the marks of
 * ingested stream records.
 *
 * @param events      events older than this go once every reader has passed them; at least
 *                    {@link #MIN_EVENTS}, because the scheduled analytics export writes yesterday and
 *                    today: an event is pruned only after the whole of the day after its own has gone by,
 *                    during which that export has written its day complete
 * @param deliveryLog delivered or failed webhook deliveries older than this go; pending ones stay
 * @param marks       marks of ingested records older than this go; a record delivered again later is
 *                    caught only by the image id made from it, while that image exists
 */
public record HistoryRetention(Duration events, Duration deliveryLog, Duration marks) {
    public static final Duration MIN_EVENTS = Duration.ofDays(2);

    public HistoryRetention {
        if (events == null || events.compareTo(MIN_EVENTS) < 0) {
            throw new IllegalArgumentException("events must be kept at least 2 days (the analytics export writes"
                    + " yesterday and today), not " + events);
        }
        if (deliveryLog == null || !deliveryLog.isPositive()) {
            throw new IllegalArgumentException("the webhook delivery log's retention must be positive, not " + deliveryLog);
        }
        if (marks == null || !marks.isPositive()) {
            throw new IllegalArgumentException("the ingested records' marks retention must be positive, not " + marks);
        }
    }
}
