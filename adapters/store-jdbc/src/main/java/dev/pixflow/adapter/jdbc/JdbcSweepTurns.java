package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.port.SweepTurns;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sweep turns as rows, one a sweep. A turn not due is told by a read, so processes checking often write
 * nothing; taking one is a conditional UPDATE, which of processes racing for it exactly one matches.
 */
public final class JdbcSweepTurns implements SweepTurns {
    private final SqlDatabase db;

    public JdbcSweepTurns(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public boolean take(String sweep, Instant now, Duration interval) {
        long at = now.toEpochMilli();
        long next = now.plus(interval).toEpochMilli();
        List<Long> due = db.jdbc().queryForList("SELECT due_at FROM sweep_turns WHERE name = ?", Long.class, sweep);
        if (due.isEmpty()) {
            db.jdbc().update("INSERT INTO sweep_turns (name, due_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                    sweep, next);
            return false;
        }
        if (due.getFirst() > at && due.getFirst() <= next) {
            return false;
        }
        return db.jdbc().update("UPDATE sweep_turns SET due_at = ? WHERE name = ? AND (due_at <= ? OR due_at > ?)",
                next, sweep, at, next) == 1;
    }
}
