package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.WebhookStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the history tables bounded: finished webhook deliveries, then events, then ingested-record
 * marks older than their retention, each in small batches. An event goes only once no reader needs it:
 * the webhook fan-out and every stream cursor have passed it, no delivery names it, and it is older than
 * the events' retention, which is at least two days so the scheduled analytics export has written its
 * day. Safe in several processes at once: deleting what another pass deleted does nothing.
 */
public final class PruneHistory {
    private static final Logger LOG = Logger.getLogger(PruneHistory.class.getName());

    /** Rows deleted by one pass, per table. */
    public record Pruned(int events, int deliveries, int marks) {
        public int total() {
            return events + deliveries + marks;
        }
    }

    private final EventLog log;
    private final WebhookStore webhooks;
    private final EventCursors cursors;
    private final IngestedRecords marks;
    private final Clock clock;
    private final HistoryRetention retention;
    private final int batch;

    public PruneHistory(EventLog log, WebhookStore webhooks, EventCursors cursors, IngestedRecords marks, Clock clock,
                        HistoryRetention retention, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.log = log;
        this.webhooks = webhooks;
        this.cursors = cursors;
        this.marks = marks;
        this.clock = clock;
        this.retention = retention;
        this.batch = batch;
    }

    /** One pass over every table, until nothing due is left; what it deleted. */
    public Pruned prune() {
        Instant now = clock.instant();
        // Deliveries first: the events they named become free in the same pass.
        Instant deliveriesBefore = now.minus(retention.deliveryLog());
        int deliveries = Batches.untilShort(batch, () -> webhooks.pruneDeliveries(deliveriesBefore, batch));

        Instant eventsBefore = now.minus(retention.events());
        long passed = passedByEveryReader(eventsBefore);
        int events = Batches.untilShort(batch, () -> log.prune(eventsBefore, passed, batch));
        warnIfHeldBack(eventsBefore, passed);

        Instant marksBefore = now.minus(retention.marks());
        int forgotten = Batches.untilShort(batch, () -> marks.prune(marksBefore, batch));
        return new Pruned(events, deliveries, forgotten);
    }

    /**
     * The last sequence every reader of the log has read. The fan-out position counts only while a hook
     * could want the events before {@code before}: a hook hears of events from its creation on, so with
     * no hook that old (webhooks unused, or their dispatcher switched off) it holds nothing back.
     */
    private long passedByEveryReader(Instant before) {
        long passed = Long.MAX_VALUE;
        if (webhooks.hooks().stream().anyMatch(h -> h.createdAt().isBefore(before))) {
            passed = webhooks.fannedOut();
        }
        for (long position : cursors.positions().values()) {
            passed = Math.min(passed, position);
        }
        return passed;
    }

    /** A reader that stopped (a stream destination removed for good, say) keeps the log growing: say so. */
    private void warnIfHeldBack(Instant before, long passed) {
        List<LoggedEvent> oldest = log.after(passed, 1);
        if (!oldest.isEmpty() && oldest.getFirst().event().occurredAt().isBefore(before)) {
            Map<String, Long> positions = cursors.positions();
            LOG.log(Level.WARNING, () -> "events from sequence " + oldest.getFirst().sequence() + " ("
                    + oldest.getFirst().event().occurredAt() + ") on are kept past their retention: a reader has not"
                    + " read them (webhook fan-out at " + webhooks.fannedOut() + ", stream cursors " + positions + ")");
        }
    }
}
