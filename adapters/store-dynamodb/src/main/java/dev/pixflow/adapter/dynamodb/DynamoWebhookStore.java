package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.DeliveryState;
import dev.pixflow.core.domain.DueDelivery;
import dev.pixflow.core.domain.HookShares;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.domain.WebhookDelivery;
import dev.pixflow.core.domain.WebhookSecret;
import dev.pixflow.core.port.WebhookStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Webhooks (one partition), each hook's deliveries (its own partition, one item per event, so the same
 * event is never delivered twice to a hook), and the fan-out position. A fan-out writes its deliveries
 * (each only if absent) before it moves the position by compare-and-set: of two processes fanning out
 * the same events, both write the same items and one moves the position. A pending delivery sits in
 * the due-time index at the time it may next be taken (its next attempt, or the end of its lease), so a
 * claim reads only what is due and takes each with a conditional write: of dispatchers racing for one,
 * one gets it.
 */
public final class DynamoWebhookStore implements WebhookStore {
    private static final String HOOKS = "HOOKS";
    private static final String FANOUT_PK = "FANOUT";
    private static final String FANOUT_SK = "webhooks";
    private static final String DUE = "DELIVERIES";
    private static final String DONE = "DELIVERED";
    /** The delivery's key in the index of finished deliveries, copied there when it finishes. */
    private static final String DONE_KEY = "doneKey";

    private final Table table;
    private final Counters counters;
    private DynamoEventLog events;

    DynamoWebhookStore(Table table, Counters counters) {
        this.table = table;
        this.counters = counters;
    }

    void events(DynamoEventLog log) {
        this.events = log;
    }

    @Override
    public void create(Webhook hook) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CatalogueTable.PK, s(HOOKS));
        item.put(CatalogueTable.SK, s(hook.id()));
        item.put("url", s(hook.url().toString()));
        item.put("secret", s(hook.secret().value()));
        if (!hook.events().isEmpty()) {
            item.put("events", s(hook.events().stream().map(EventType::wireName).sorted().collect(Collectors.joining(","))));
        }
        hook.description().ifPresent(d -> item.put("description", s(d)));
        item.put("created", millis(hook.createdAt()));
        Expr e = new Expr();
        if (!table.put(item, e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")")) {
            throw new IllegalStateException("webhook " + hook.id() + " exists");
        }
    }

    @Override
    public List<Webhook> hooks() {
        return table.range(HOOKS, null, null, true).map(DynamoWebhookStore::hook)
                .sorted(Comparator.comparing(Webhook::createdAt).thenComparing(Webhook::id)).toList();
    }

    @Override
    public Optional<Webhook> find(String id) {
        return table.get(HOOKS, id).map(DynamoWebhookStore::hook);
    }

    @Override
    public boolean delete(String id) {
        Expr e = new Expr();
        boolean deleted = table.delete(HOOKS, id, e, "attribute_exists(" + e.name(CatalogueTable.PK) + ")");
        if (deleted) {
            table.range(Keys.hook(id), null, null, true).forEach(table::delete);
        }
        return deleted;
    }

    @Override
    public long fannedOut() {
        return table.get(FANOUT_PK, FANOUT_SK).map(item -> num(item, "position")).orElse(0L);
    }

    @Override
    public boolean fanOut(long from, long to, List<Fanned> deliveries, Instant at) {
        if (fannedOut() != from) {
            return false;
        }
        Map<Long, Map<String, AttributeValue>> logged = new HashMap<>();
        if (!deliveries.isEmpty()) {
            table.range(Keys.EVENTS, Keys.event(from + 1), Keys.event(to), true)
                    .forEach(item -> logged.put(num(item, EventItems.SEQUENCE), item));
        }
        Map<String, Boolean> hookExists = new HashMap<>();
        long id = deliveries.isEmpty() ? 0 : counters.take("deliveries", deliveries.size()) - deliveries.size();
        for (Fanned d : deliveries) {
            id++;
            Map<String, AttributeValue> event = logged.get(d.eventSequence());
            // A hook deleted since it was read: its delivery would be orphaned, so it is not written.
            if (event == null || !hookExists.computeIfAbsent(d.webhookId(), h -> table.get(HOOKS, h).isPresent())) {
                continue;
            }
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(CatalogueTable.PK, s(Keys.hook(d.webhookId())));
            item.put(CatalogueTable.SK, s(Keys.delivery(d.eventSequence())));
            item.put("did", n(id));
            item.put("hook", s(d.webhookId()));
            item.put("seq", n(d.eventSequence()));
            item.put("eid", event.get(EventItems.ID));
            item.put("etype", event.get("type"));
            item.put("state", s(DeliveryState.PENDING.id()));
            item.put("attempts", n(0));
            item.put("next", millis(at));
            item.put("created", millis(at));
            item.put(DONE_KEY, s(Keys.timed(at.toEpochMilli(), Attrs.padded(id))));
            item.put(CatalogueTable.DUE.pk, s(DUE));
            item.put(CatalogueTable.DUE.sk, s(Keys.timed(at.toEpochMilli(), Attrs.padded(id))));
            item.put(CatalogueTable.CONTENT.pk, s(Keys.deliveriesOf(d.eventSequence())));
            item.put(CatalogueTable.CONTENT.sk, s(d.webhookId()));
            Expr e = new Expr();
            table.put(item, e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")");
        }
        Expr e = new Expr();
        String position = e.name("position");
        String was = e.value(n(from));
        return table.update(FANOUT_PK, FANOUT_SK, e, "SET " + position + " = " + e.value(n(to)),
                from == 0 ? "attribute_not_exists(" + position + ") OR " + position + " = " + was : position + " = " + was);
    }

    @Override
    public List<DueDelivery> claim(Instant now, Duration lease, int limit, int perHook, Map<String, Integer> inFlight) {
        String token = UUID.randomUUID().toString();
        List<Map<String, AttributeValue>> claimed = new ArrayList<>();
        HookShares shares = new HookShares(perHook, inFlight);
        var due = dueRows(now, shares.full()).iterator();
        while (claimed.size() < limit && due.hasNext()) {
            Map<String, AttributeValue> candidate = due.next();
            String hookId = str(candidate, "hook");
            if (!shares.room(hookId)) {
                continue;
            }
            long id = num(candidate, "did");
            Instant until = now.plus(lease);
            Expr e = new Expr();
            String update = "SET " + e.name("leaseToken") + " = " + e.value(s(token)) + ", " + e.name("leaseUntil") + " = "
                    + e.value(millis(until)) + ", " + e.name(CatalogueTable.DUE.sk) + " = "
                    + e.value(s(Keys.timed(until.toEpochMilli(), Attrs.padded(id)))) + " ADD " + e.name("attempts") + " "
                    + e.value(n(1));
            String nowMillis = e.value(millis(now));
            String condition = e.name("state") + " = " + e.value(s(DeliveryState.PENDING.id())) + " AND " + e.name("next")
                    + " <= " + nowMillis + " AND (attribute_not_exists(" + e.name("leaseUntil") + ") OR "
                    + e.name("leaseUntil") + " <= " + nowMillis + ")";
            table.updated(str(candidate, CatalogueTable.PK), str(candidate, CatalogueTable.SK), e, update, condition,
                    ReturnValue.ALL_NEW).ifPresent(item -> {
                        claimed.add(item);
                        shares.took(hookId);
                    });
        }
        List<DueDelivery> out = new ArrayList<>();
        for (Map<String, AttributeValue> d : claimed) {
            Optional<Webhook> hook = find(str(d, "hook"));
            LoggedEvent event = events.find(num(d, "seq"));
            if (hook.isEmpty() || event == null) {
                // Written by a fan-out that raced the hook's deletion: nobody is left to send it to.
                table.delete(d);
                continue;
            }
            out.add(new DueDelivery(num(d, "did"), hook.get(), event, (int) num(d, "attempts"), token));
        }
        return out;
    }

    /**
     * The rows due by {@code now}, soonest first, but those of {@code skipping}: filtered by DynamoDB, so
     * the backlog of a hook at its share (a receiver that hangs) is not sent here on every claim.
     */
    private java.util.stream.Stream<Map<String, AttributeValue>> dueRows(Instant now, List<String> skipping) {
        if (skipping.isEmpty()) {
            return table.range(CatalogueTable.DUE, DUE, null, Keys.upTo(now.toEpochMilli()), true);
        }
        Expr e = new Expr();
        String key = e.name(CatalogueTable.DUE.pk) + " = " + e.value(s(DUE)) + " AND " + e.name(CatalogueTable.DUE.sk)
                + " <= " + e.value(s(Keys.upTo(now.toEpochMilli())));
        String hooks = String.join(", ", skipping.stream().map(h -> e.value(s(h))).toList());
        String filter = "NOT (" + e.name("hook") + " IN (" + hooks + "))";
        return table.query(e, b -> b.indexName(CatalogueTable.DUE.index).keyConditionExpression(key)
                .filterExpression(filter).scanIndexForward(true));
    }

    @Override
    public boolean delivered(DueDelivery d, int status, Instant at) {
        Expr e = new Expr();
        return finish(d, e, "SET " + e.name("state") + " = " + e.value(s(DeliveryState.DELIVERED.id())) + ", "
                + e.name("lastStatus") + " = " + e.value(n(status)) + ", " + e.name("deliveredAt") + " = " + e.value(millis(at))
                + ", " + finished(e) + " REMOVE " + e.name("lastError") + ", " + e.name("next") + ", " + leaseAndDue(e));
    }

    @Override
    public boolean retry(DueDelivery d, OptionalInt status, String error, Instant next) {
        Expr e = new Expr();
        StringBuilder update = new StringBuilder("SET ").append(e.name("lastError")).append(" = ").append(e.value(s(error)))
                .append(", ").append(e.name("next")).append(" = ").append(e.value(millis(next))).append(", ")
                .append(e.name(CatalogueTable.DUE.sk)).append(" = ")
                .append(e.value(s(Keys.timed(next.toEpochMilli(), Attrs.padded(d.id())))));
        status.ifPresent(v -> update.append(", ").append(e.name("lastStatus")).append(" = ").append(e.value(n(v))));
        update.append(" REMOVE ").append(e.name("leaseUntil")).append(", ").append(e.name("leaseToken"));
        if (status.isEmpty()) {
            update.append(", ").append(e.name("lastStatus"));
        }
        return finish(d, e, update.toString());
    }

    @Override
    public boolean failed(DueDelivery d, OptionalInt status, String error, Instant at) {
        Expr e = new Expr();
        StringBuilder update = new StringBuilder("SET ").append(e.name("state")).append(" = ")
                .append(e.value(s(DeliveryState.FAILED.id()))).append(", ").append(e.name("lastError")).append(" = ")
                .append(e.value(s(error))).append(", ").append(finished(e));
        status.ifPresent(v -> update.append(", ").append(e.name("lastStatus")).append(" = ").append(e.value(n(v))));
        update.append(" REMOVE ").append(e.name("next")).append(", ").append(leaseAndDue(e));
        if (status.isEmpty()) {
            update.append(", ").append(e.name("lastStatus"));
        }
        return finish(d, e, update.toString());
    }

    /** Only the holder of the delivery's lease records how its attempt went, and only while it is pending. */
    private boolean finish(DueDelivery d, Expr e, String update) {
        return table.update(Keys.hook(d.hook().id()), Keys.delivery(d.event().sequence()), e, update,
                e.name("leaseToken") + " = " + e.value(s(d.leaseToken())) + " AND " + e.name("state") + " = "
                        + e.value(s(DeliveryState.PENDING.id())));
    }

    /** Into the index of finished deliveries, by when they were made, for pruning. */
    private static String finished(Expr e) {
        return e.name(CatalogueTable.DAY.pk) + " = " + e.value(s(DONE)) + ", " + e.name(CatalogueTable.DAY.sk) + " = "
                + e.name(DONE_KEY);
    }

    private static String leaseAndDue(Expr e) {
        return e.name("leaseUntil") + ", " + e.name("leaseToken") + ", " + e.name(CatalogueTable.DUE.pk) + ", "
                + e.name(CatalogueTable.DUE.sk);
    }

    @Override
    public List<WebhookDelivery> deliveries(String webhookId, int limit) {
        return table.range(Keys.hook(webhookId), null, null, false, limit).limit(limit)
                .map(DynamoWebhookStore::delivery).toList();
    }

    @Override
    public int pruneDeliveries(Instant before, int limit) {
        List<Map<String, AttributeValue>> old = table.range(CatalogueTable.DAY, DONE, null,
                Keys.upTo(before.toEpochMilli() - 1), true, limit).limit(limit).toList();
        old.forEach(table::delete);
        return old.size();
    }

    /** Whether a delivery (pending or in a hook's log) names the event. */
    boolean anyNames(long eventSequence) {
        return table.range(CatalogueTable.CONTENT, Keys.deliveriesOf(eventSequence), null, null, true, 1)
                .findFirst().isPresent();
    }

    private static Webhook hook(Map<String, AttributeValue> item) {
        Set<EventType> types = optStr(item, "events").map(v -> Arrays.stream(v.split(",")).map(EventType::fromWireName)
                .collect(Collectors.toSet())).orElse(Set.of());
        return new Webhook(str(item, CatalogueTable.SK), URI.create(str(item, "url")), new WebhookSecret(str(item, "secret")),
                types, optStr(item, "description"), instant(item, "created"));
    }

    private static WebhookDelivery delivery(Map<String, AttributeValue> item) {
        OptionalInt status = optNum(item, "lastStatus").map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty());
        return new WebhookDelivery(num(item, "did"), str(item, "hook"), num(item, "seq"), UUID.fromString(str(item, "eid")),
                EventType.fromWireName(str(item, "etype")), DeliveryState.fromId(str(item, "state")),
                (int) num(item, "attempts"), status, optStr(item, "lastError"), optInstant(item, "next"),
                optInstant(item, "deliveredAt"), instant(item, "created"));
    }
}
