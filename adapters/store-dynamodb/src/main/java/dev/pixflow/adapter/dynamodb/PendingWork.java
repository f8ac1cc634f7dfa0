package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.UUID;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * What an image's change left in its item for after the write: events to append to the log and jobs for
 * the relay. DynamoDB (and dynalite, which has no transactions) writes one item atomically, so a change,
 * its event and its job are one conditional write of the image's item, which then enters the work index;
 * the writer appends the events right after, and the relay takes the jobs. Whatever a process dying in
 * between left is finished by the next {@link DynamoOutbox#drain} that meets the item in the work index.
 */
final class PendingWork {
    static final String WORK_INDEX = "WORK";
    private static final System.Logger LOG = System.getLogger(PendingWork.class.getName());

    private final Table table;
    private final DynamoEventLog log;

    PendingWork(Table table, DynamoEventLog log) {
        this.table = table;
        this.log = log;
    }

    /** {@code SET} clauses that put the item in the work index (keeping its place if it was there). */
    static String enter(Expr e, long now, ImageId id) {
        return e.name(CatalogueTable.WORK.pk) + " = " + e.value(s(WORK_INDEX)) + ", " + e.name(CatalogueTable.WORK.sk)
                + " = if_not_exists(" + e.name(CatalogueTable.WORK.sk) + ", " + e.value(s(Keys.timed(now, id.value()))) + ")";
    }

    /** An event held by the item until it is appended, stamped with the wall time it was written. */
    static AttributeValue event(ImageEvent event, long now) {
        Map<String, AttributeValue> m = EventItems.attributes(event);
        m.put("pending", n(now));
        return map(m);
    }

    /** {@code , #events.#id = :event}: one more event for the item to hold. */
    static String addEvent(Expr e, ImageEvent event, long now) {
        return ", " + e.path(ImageItems.EVENTS, event.id().toString()) + " = " + e.value(event(event, now));
    }

    /**
     * {@link #finish} right after the write that committed the change: the change stands whatever happens
     * here, so a failure (the log out of reach) is logged and left to the relay's recovery, not thrown at
     * a caller whose record, job and event are all kept.
     */
    void afterCommit(ImageId id, Map<String, AttributeValue> item) {
        try {
            if (item == null) {
                finish(id, false);
            } else {
                finish(id, item, false);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the events of image " + id + " wait in its item for the relay", e);
        }
    }

    /**
     * Appends the events the item holds and takes them out of it. {@code recovering}: the events may have
     * been appended already by a writer that died before taking them out, so the log is asked first.
     */
    void finish(ImageId id, boolean recovering) {
        table.get(Keys.image(id), Keys.IMAGE).ifPresent(item -> finish(id, item, recovering));
    }

    void finish(ImageId id, Map<String, AttributeValue> item, boolean recovering) {
        boolean appended = false;
        for (Map.Entry<String, AttributeValue> pending : submap(item, ImageItems.EVENTS).entrySet()) {
            Map<String, AttributeValue> m = pending.getValue().m();
            // Appended, then taken out: a crash in between appends it again later, never loses it. A
            // recovering finisher holds the item's claim, so no two of them append one event.
            if (!recovering || !log.contains(UUID.fromString(pending.getKey()), num(m, "pending"))) {
                log.appendOne(EventItems.event(m));
                appended = true;
            }
            Expr e = new Expr();
            table.update(Keys.image(id), Keys.IMAGE, e, "REMOVE " + e.path(ImageItems.EVENTS, pending.getKey()),
                    "attribute_exists(" + e.name(CatalogueTable.PK) + ")");
        }
        if (appended) {
            table.signals.eventsAppended();
        }
        leaveIfDone(id);
    }

    /** Appends an event no item holds (a removal's, its item about to go) and wakes the readers. */
    void appendOne(ImageEvent event) {
        log.appendOne(event);
        table.signals.eventsAppended();
    }

    /** Out of the work index once nothing is pending. */
    void leaveIfDone(ImageId id) {
        Expr e = new Expr();
        table.update(Keys.image(id), Keys.IMAGE, e, "REMOVE " + e.name(CatalogueTable.WORK.pk) + ", " + e.name(CatalogueTable.WORK.sk),
                "attribute_exists(" + e.name(CatalogueTable.WORK.pk) + ") AND size(" + e.name(ImageItems.JOBS) + ") = "
                        + e.value(n(0)) + " AND size(" + e.name(ImageItems.EVENTS) + ") = " + e.value(n(0))
                        + " AND attribute_not_exists(" + e.name("claim") + ")");
    }
}
