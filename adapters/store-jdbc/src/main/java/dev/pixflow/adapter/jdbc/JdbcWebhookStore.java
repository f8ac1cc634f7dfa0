package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.DeliveryState;
import dev.pixflow.core.domain.DueDelivery;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.HookShares;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.domain.WebhookDelivery;
import dev.pixflow.core.domain.WebhookSecret;
import dev.pixflow.core.port.WebhookStore;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Webhooks and their delivery logs, shared by the dispatchers of every process. A claim takes its rows
 * (skipping those another dispatcher holds, where the database has row locks; under the embedded
 * database's one write lock otherwise) and leases them in the same transaction, so two dispatchers
 * claiming at once take different deliveries and neither waits for the other; the fan-out position is
 * moved by compare-and-set, so of two processes fanning out the same events one writes them.
 */
public final class JdbcWebhookStore implements WebhookStore {
    private static final String EVENT_COLUMNS = """
            e.sequence, e.id, e.type, e.occurred_at, e.image_id, e.owner, e.variant, e.format, e.bytes, e.width, e.height,
            e.render_micros, e.error""";
    private static final String HOOK_COLUMNS = "w.id AS hook_id, w.url, w.secret, w.events, w.description, w.created_at AS hook_created_at";

    private final SqlDatabase db;

    public JdbcWebhookStore(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Webhook hook) {
        db.jdbc().update("INSERT INTO webhooks (id, url, secret, events, description, created_at) VALUES (?,?,?,?,?,?)",
                hook.id(), hook.url().toString(), hook.secret().value(), events(hook.events()),
                hook.description().orElse(null), hook.createdAt().toEpochMilli());
    }

    @Override
    public List<Webhook> hooks() {
        return db.jdbc().query("SELECT " + HOOK_COLUMNS + " FROM webhooks w ORDER BY w.created_at, w.id",
                (rs, i) -> hook(rs));
    }

    @Override
    public Optional<Webhook> find(String id) {
        return db.jdbc().query("SELECT " + HOOK_COLUMNS + " FROM webhooks w WHERE w.id = ?", (rs, i) -> hook(rs), id)
                .stream().findFirst();
    }

    @Override
    public boolean delete(String id) {
        return db.jdbc().update("DELETE FROM webhooks WHERE id = ?", id) == 1;
    }

    @Override
    public long fannedOut() {
        Long position = db.jdbc().queryForObject("SELECT position FROM webhook_fanout WHERE name = 'webhooks'", Long.class);
        return position == null ? 0 : position;
    }

    @Override
    public boolean fanOut(long from, long to, List<Fanned> deliveries, Instant at) {
        Boolean moved = db.tx().execute(status -> {
            if (db.jdbc().update("UPDATE webhook_fanout SET position = ? WHERE name = 'webhooks' AND position = ?", to, from) != 1) {
                return false;
            }
            for (Fanned d : deliveries) {
                // A hook deleted since it was read: its row would be orphaned, so it is not written.
                db.jdbc().update("""
                        INSERT INTO webhook_deliveries (webhook_id, event_sequence, state, attempts, next_attempt_at, created_at)
                        SELECT ?, ?, 'pending', 0, ?, ? WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = ?)
                        ON CONFLICT (webhook_id, event_sequence) DO NOTHING""",
                        d.webhookId(), d.eventSequence(), at.toEpochMilli(), at.toEpochMilli(), d.webhookId());
            }
            return true;
        });
        return Boolean.TRUE.equals(moved);
    }

    @Override
    public List<DueDelivery> claim(Instant now, Duration lease, int limit, int perHook, Map<String, Integer> inFlight) {
        String token = UUID.randomUUID().toString();
        HookShares shares = new HookShares(perHook, inFlight);
        List<String> skipping = shares.full();
        return db.tx().execute(status -> {
            List<Object> query = new ArrayList<>(List.of(now.toEpochMilli(), now.toEpochMilli()));
            String skip = "";
            if (!skipping.isEmpty()) {
                skip = " AND webhook_id NOT IN (" + JdbcOutbox.placeholders(skipping.size()) + ")";
                query.addAll(skipping);
            }
            query.add(limit);
            // Read in due order; rows past a hook's share stay unleased, for the next claim.
            List<Long> ids = new ArrayList<>();
            db.jdbc().query("""
                    SELECT id, webhook_id FROM webhook_deliveries
                    WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)"""
                    + skip + " ORDER BY next_attempt_at, id LIMIT ?" + db.dialect().skipLocked(), rs -> {
                        String hook = rs.getString("webhook_id");
                        if (shares.room(hook)) {
                            shares.took(hook);
                            ids.add(rs.getLong("id"));
                        }
                    }, query.toArray());
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = JdbcOutbox.placeholders(ids.size());
            List<Object> args = new ArrayList<>(List.of(now.plus(lease).toEpochMilli(), token));
            args.addAll(ids);
            db.jdbc().update("UPDATE webhook_deliveries SET lease_until = ?, lease_token = ?, attempts = attempts + 1"
                    + " WHERE id IN (" + in + ")", args.toArray());
            return db.jdbc().query("SELECT d.id AS delivery_id, d.attempts, d.lease_token, " + HOOK_COLUMNS + ", "
                            + EVENT_COLUMNS
                            + " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                            + " JOIN events e ON e.sequence = d.event_sequence"
                            + " WHERE d.id IN (" + in + ") ORDER BY d.next_attempt_at, d.id",
                    (rs, i) -> new DueDelivery(rs.getLong("delivery_id"), hook(rs), JdbcEventLog.row(rs),
                            rs.getInt("attempts"), rs.getString("lease_token")), ids.toArray());
        });
    }

    @Override
    public boolean delivered(DueDelivery d, int status, Instant at) {
        return db.jdbc().update("""
                UPDATE webhook_deliveries SET state = 'delivered', last_status = ?, last_error = NULL,
                    delivered_at = ?, next_attempt_at = NULL, lease_until = NULL, lease_token = NULL
                WHERE id = ? AND lease_token = ? AND state = 'pending'""",
                status, at.toEpochMilli(), d.id(), d.leaseToken()) == 1;
    }

    @Override
    public boolean retry(DueDelivery d, OptionalInt status, String error, Instant next) {
        return db.jdbc().update("""
                UPDATE webhook_deliveries SET last_status = ?, last_error = ?, next_attempt_at = ?,
                    lease_until = NULL, lease_token = NULL
                WHERE id = ? AND lease_token = ? AND state = 'pending'""",
                status.isPresent() ? status.getAsInt() : null, error, next.toEpochMilli(), d.id(), d.leaseToken()) == 1;
    }

    @Override
    public boolean failed(DueDelivery d, OptionalInt status, String error, Instant at) {
        return db.jdbc().update("""
                UPDATE webhook_deliveries SET state = 'failed', last_status = ?, last_error = ?, next_attempt_at = NULL,
                    lease_until = NULL, lease_token = NULL
                WHERE id = ? AND lease_token = ? AND state = 'pending'""",
                status.isPresent() ? status.getAsInt() : null, error, d.id(), d.leaseToken()) == 1;
    }

    @Override
    public List<WebhookDelivery> deliveries(String webhookId, int limit) {
        return db.jdbc().query("""
                SELECT d.id, d.webhook_id, d.event_sequence, e.id AS event_id, e.type, d.state, d.attempts, d.last_status,
                       d.last_error, d.next_attempt_at, d.delivered_at, d.created_at
                FROM webhook_deliveries d JOIN events e ON e.sequence = d.event_sequence
                WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT ?""", (rs, i) -> delivery(rs), webhookId, limit);
    }

    @Override
    public int pruneDeliveries(Instant before, int limit) {
        return db.jdbc().update("""
                DELETE FROM webhook_deliveries WHERE id IN (
                    SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?
                    ORDER BY created_at, id LIMIT ?)""", before.toEpochMilli(), limit);
    }

    static String events(Set<EventType> types) {
        return types.isEmpty() ? null : types.stream().map(EventType::wireName).sorted().collect(Collectors.joining(","));
    }

    static Webhook hook(ResultSet rs) throws SQLException {
        String events = rs.getString("events");
        Set<EventType> types = events == null ? Set.of()
                : Arrays.stream(events.split(",")).map(EventType::fromWireName).collect(Collectors.toSet());
        return new Webhook(rs.getString("hook_id"), URI.create(rs.getString("url")), new WebhookSecret(rs.getString("secret")),
                types, Optional.ofNullable(rs.getString("description")), Instant.ofEpochMilli(rs.getLong("hook_created_at")));
    }

    static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        int status = rs.getInt("last_status");
        OptionalInt lastStatus = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(status);
        return new WebhookDelivery(rs.getLong("id"), rs.getString("webhook_id"), rs.getLong("event_sequence"),
                UUID.fromString(rs.getString("event_id")), EventType.fromWireName(rs.getString("type")),
                DeliveryState.fromId(rs.getString("state")), rs.getInt("attempts"), lastStatus,
                Optional.ofNullable(rs.getString("last_error")), instant(rs, "next_attempt_at"),
                instant(rs, "delivered_at"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
