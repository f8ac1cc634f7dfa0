package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.port.EventCursors;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Event cursors as rows. Taking one is a single conditional UPDATE, so of two processes racing for it
 * exactly one matches the row; its sequence is read in the same transaction.
 */
public final class JdbcEventCursors implements EventCursors {
    private final SqlDatabase db;

    public JdbcEventCursors(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public OptionalLong claim(String name, String holder, Instant now, Instant leaseUntil) {
        Long sequence = db.tx().execute(status -> {
            db.jdbc().update("INSERT INTO event_cursors (name, sequence, holder, lease_until) VALUES (?, 0, NULL, 0)"
                    + " ON CONFLICT (name) DO NOTHING", name);
            int taken = db.jdbc().update("UPDATE event_cursors SET holder = ?, lease_until = ? WHERE name = ?"
                    + " AND (holder IS NULL OR holder = ? OR lease_until < ?)",
                    holder, leaseUntil.toEpochMilli(), name, holder, now.toEpochMilli());
            return taken == 1
                    ? db.jdbc().queryForObject("SELECT sequence FROM event_cursors WHERE name = ?", Long.class, name)
                    : null;
        });
        return sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence);
    }

    @Override
    public boolean advance(String name, String holder, long sequence, Instant leaseUntil) {
        return db.jdbc().update("UPDATE event_cursors SET sequence = ?, lease_until = ? WHERE name = ? AND holder = ?",
                sequence, leaseUntil.toEpochMilli(), name, holder) == 1;
    }

    @Override
    public void release(String name, String holder) {
        db.jdbc().update("UPDATE event_cursors SET holder = NULL, lease_until = 0 WHERE name = ? AND holder = ?",
                name, holder);
    }

    @Override
    public Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        db.jdbc().query("SELECT name, sequence FROM event_cursors ORDER BY name",
                rs -> { positions.put(rs.getString(1), rs.getLong(2)); });
        return positions;
    }
}
