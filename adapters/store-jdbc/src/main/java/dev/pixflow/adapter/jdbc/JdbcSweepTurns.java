package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.port.SweepTurns;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sweep turns as rows, one a sweep, holding when its last turn was taken. A turn not due is told by a
 * read, so processes checking often write nothing; taking one is a compare-and-set on the time read,
 * which of processes racing for it exactly one wins (the others' UPDATE finds another time).
 */
public final class JdbcSweepTurns implements SweepTurns {
    private final SqlDatabase db;

    public JdbcSweepTurns(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public boolean take(String sweep, Instant now, Duration interval) {
        long at = now.toEpochMilli();
        List<Long> taken = db.jdbc().queryForList("SELECT taken_at FROM sweep_turns WHERE name = ?", Long.class, sweep);
        if (taken.isEmpty()) {
            db.jdbc().update("INSERT INTO sweep_turns (name, taken_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                    sweep, at);
            return false;
        }
        long last = taken.getFirst();
        if (last + interval.toMillis() > at) {
            return false;
        }
        return db.jdbc().update("UPDATE sweep_turns SET taken_at = ? WHERE name = ? AND taken_at = ?", at, sweep, last) == 1;
    }
}
