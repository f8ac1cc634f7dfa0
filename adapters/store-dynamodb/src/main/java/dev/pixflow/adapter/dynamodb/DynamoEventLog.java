package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventLog;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * The event log: one partition, an item per event, its sort key the sequence. A sequence is taken by a
 * conditional put of the next slot after the newest event (read consistently): of writers racing for a
 * slot one wins and the others read again and take the next. So a sequence is only ever written after
 * every smaller one, and a reader polling "after N" never meets a sequence that is filled in later
 * behind it: the log's order is the order the events became visible, with no lock held.
 *
 * <p>When pruning deletes the newest event, the highest sequence deleted is kept first in a floor
 * item, so sequences are never drawn twice. One partition holds the log: about a thousand appends a
 * second, DynamoDB's limit per partition, far above what one catalogue's events come at.
 */
public final class DynamoEventLog implements EventLog {
    private static final String FLOOR_PK = "EVENTLOG";
    private static final String FLOOR_SK = "FLOOR";
    /** How far back (wall time) an append is looked for before an event left pending is appended again. */
    private static final long DEDUPE_WINDOW_MS = 10 * 60_000;

    private final Table table;
    private final DynamoWebhookStore deliveries;

    DynamoEventLog(Table table, DynamoWebhookStore deliveries) {
        this.table = table;
        this.deliveries = deliveries;
    }

    @Override
    public void append(ImageEvent event) {
        appendOne(event);
        table.signals.eventsAppended();
    }

    /** Takes the next sequence for the event; the caller signals. */
    long appendOne(ImageEvent event) {
        while (true) {
            long next = head() + 1;
            Map<String, AttributeValue> item = EventItems.attributes(event);
            item.put(CatalogueTable.PK, s(Keys.EVENTS));
            item.put(CatalogueTable.SK, s(Keys.event(next)));
            item.put(EventItems.SEQUENCE, n(next));
            item.put("appended", n(table.now()));
            Expr e = new Expr();
            if (table.put(item, e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")")) {
                return next;
            }
        }
    }

    /**
     * Whether the event is already in the log: an event an image item still holds may have been appended
     * by a process that died before it took it out. Looks back from the newest event over those appended
     * since shortly before {@code pendingSince}.
     */
    boolean contains(java.util.UUID id, long pendingSince) {
        return table.range(Keys.EVENTS, null, null, false)
                .takeWhile(item -> num(item, "appended") >= pendingSince - DEDUPE_WINDOW_MS)
                .anyMatch(item -> id.toString().equals(str(item, EventItems.ID)));
    }

    private long head() {
        long newest = table.range(Keys.EVENTS, null, null, false, 1).findFirst()
                .map(item -> num(item, EventItems.SEQUENCE)).orElse(0L);
        return Math.max(newest, table.get(FLOOR_PK, FLOOR_SK).map(item -> num(item, "floor")).orElse(0L));
    }

    @Override
    public List<LoggedEvent> after(long sequence, int limit) {
        return table.range(Keys.EVENTS, Keys.event(sequence + 1), null, true, limit).limit(limit)
                .map(EventItems::logged).toList();
    }

    @Override
    public List<LoggedEvent> between(Instant from, Instant to, long sequence, int limit) {
        return table.range(Keys.EVENTS, Keys.event(sequence + 1), null, true).map(EventItems::logged)
                .filter(e -> !e.event().occurredAt().isBefore(from) && e.event().occurredAt().isBefore(to))
                .limit(limit).toList();
    }

    LoggedEvent find(long sequence) {
        return table.get(Keys.EVENTS, Keys.event(sequence)).map(EventItems::logged).orElse(null);
    }

    /** Oldest first by sequence (the order they were appended in, close to the order they occurred in). */
    @Override
    public int prune(Instant before, long passed, int limit) {
        List<LoggedEvent> doomed = new ArrayList<>();
        var candidates = table.range(Keys.EVENTS, null, Keys.event(passed), true).map(EventItems::logged)
                .filter(e -> e.event().occurredAt().isBefore(before)).iterator();
        while (doomed.size() < limit && candidates.hasNext()) {
            LoggedEvent e = candidates.next();
            if (!deliveries.anyNames(e.sequence())) {
                doomed.add(e);
            }
        }
        if (doomed.isEmpty()) {
            return 0;
        }
        long highest = doomed.getLast().sequence();
        Expr e = new Expr();
        String floor = e.name("floor");
        String at = e.value(n(highest));
        table.update(FLOOR_PK, FLOOR_SK, e, "SET " + floor + " = " + at,
                "attribute_not_exists(" + floor + ") OR " + floor + " < " + at);
        doomed.forEach(d -> table.delete(Keys.EVENTS, Keys.event(d.sequence()), new Expr(), null));
        return doomed.size();
    }

    @Override
    public void onAppended(Runnable listener) {
        table.signals.onEvents(listener);
    }
}
