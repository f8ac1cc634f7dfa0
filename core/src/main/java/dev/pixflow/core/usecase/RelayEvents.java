package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.EventPublisher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Tells one destination every logged event, in the log's order, at least once. The cursor is leased,
 * so among processes running the relay only the holder publishes; it moves on only after the
 * destination accepted a batch, so a crash in between publishes that batch again (receivers drop
 * repeats by the event id).
 */
public final class RelayEvents {
    private final EventLog log;
    private final EventCursors cursors;
    private final EventPublisher publisher;
    private final String cursor;
    private final String holder;
    private final int batch;
    private final Duration lease;
    private final Clock clock;

    public RelayEvents(EventLog log, EventCursors cursors, EventPublisher publisher, String cursor, String holder, int batch,
                       Duration lease, Clock clock) {
        this.log = log;
        this.cursors = cursors;
        this.publisher = publisher;
        this.cursor = cursor;
        this.holder = holder;
        this.batch = batch;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Publishes the next batch, if this process holds the cursor; the number published (0 when there
     * was nothing new or another holds it). A publish that fails leaves the cursor where it was.
     */
    public int relayOnce() throws Exception {
        Instant now = clock.instant();
        OptionalLong at = cursors.claim(cursor, holder, now, now.plus(lease));
        if (at.isEmpty()) {
            return 0;
        }
        List<LoggedEvent> events = log.after(at.getAsLong(), batch);
        if (events.isEmpty()) {
            return 0;
        }
        publisher.publish(events);
        cursors.advance(cursor, holder, events.getLast().sequence(), clock.instant().plus(lease));
        return events.size();
    }

    /** Lets another process take the cursor at once. */
    public void release() {
        cursors.release(cursor, holder);
    }

    public String cursor() {
        return cursor;
    }
}
