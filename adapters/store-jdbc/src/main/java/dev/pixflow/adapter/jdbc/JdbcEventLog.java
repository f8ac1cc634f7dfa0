package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventLog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The event log, appended to in the transactions of the changes it tells of. A reader polling "after N"
 * must never skip a sequence committed later, so sequences must be drawn in commit order: the embedded
 * database has one writer at a time, and where there are several the dialect serialises appends until
 * their commit ({@link SqlDialect#beforeEventAppend}). Appends are the last statement of their
 * transactions, so such a lock is held only for the insert and the commit.
 */
public final class JdbcEventLog implements EventLog {
    static final String COLUMNS = """
            sequence, id, type, occurred_at, image_id, owner, variant, format, bytes, width, height, render_micros, error""";

    private final SqlDatabase db;

    public JdbcEventLog(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void append(ImageEvent event) {
        db.tx().executeWithoutResult(status -> insert(db, event));
        db.signalEvents();
    }

    @Override
    public List<LoggedEvent> after(long sequence, int limit) {
        return db.jdbc().query("SELECT " + COLUMNS + " FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?",
                (rs, i) -> row(rs), sequence, limit);
    }

    @Override
    public List<LoggedEvent> between(Instant from, Instant to, long sequence, int limit) {
        return db.jdbc().query("SELECT " + COLUMNS + " FROM events"
                        + " WHERE occurred_at >= ? AND occurred_at < ? AND sequence > ? ORDER BY sequence LIMIT ?",
                (rs, i) -> row(rs), from.toEpochMilli(), to.toEpochMilli(), sequence, limit);
    }

    @Override
    public int prune(Instant before, long passed, int limit) {
        // Oldest by time along events_by_time; held-back rows are few, so a batch reads little beyond its own.
        return db.jdbc().update("""
                DELETE FROM events WHERE sequence IN (
                    SELECT e.sequence FROM events e
                    WHERE e.occurred_at < ? AND e.sequence <= ?
                      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_sequence = e.sequence)
                    ORDER BY e.occurred_at, e.sequence LIMIT ?)""", before.toEpochMilli(), passed, limit);
    }

    @Override
    public void onAppended(Runnable listener) {
        db.onEventsAppended(listener);
    }

    /**
     * Appends in the caller's transaction, which must be one (the lock lasts until it ends) and should
     * do nothing slow after this; the caller signals after its commit.
     */
    static void insert(SqlDatabase db, ImageEvent e) {
        db.dialect().beforeEventAppend(db.jdbc());
        db.jdbc().update("INSERT INTO events (id, type, occurred_at, image_id, owner, variant, format, bytes, width,"
                        + " height, render_micros, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                e.id().toString(), e.type().wireName(), e.occurredAt().toEpochMilli(), e.imageId().value(), e.owner(),
                e.variant().orElse(null), e.format().map(ImageFormat::id).orElse(null), e.bytes(), e.width(),
                e.height(), e.renderTime().map(d -> d.toNanos() / 1000).orElse(null), e.error().orElse(null));
    }

    static LoggedEvent row(ResultSet rs) throws SQLException {
        long micros = rs.getLong("render_micros");
        Optional<Duration> renderTime = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1000));
        String format = rs.getString("format");
        return new LoggedEvent(rs.getLong("sequence"), new ImageEvent(UUID.fromString(rs.getString("id")),
                EventType.fromWireName(rs.getString("type")), Instant.ofEpochMilli(rs.getLong("occurred_at")),
                new ImageId(rs.getString("image_id")), rs.getString("owner"), Optional.ofNullable(rs.getString("variant")),
                Optional.ofNullable(format).map(f -> ImageFormat.valueOf(f.toUpperCase(Locale.ROOT))),
                rs.getLong("bytes"), rs.getInt("width"), rs.getInt("height"), renderTime,
                Optional.ofNullable(rs.getString("error"))));
    }
}
