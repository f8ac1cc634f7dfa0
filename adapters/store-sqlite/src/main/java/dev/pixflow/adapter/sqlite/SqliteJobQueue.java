package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.JobRows;
import dev.pixflow.adapter.jdbc.JobTable;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.port.JobQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The job queue as a table in the embedded database. Leasing is one UPDATE ... RETURNING inside an
 * IMMEDIATE transaction, so two workers never hold the same job; a lease that runs out makes the job
 * due again, and one that ran out on its last attempt makes it dead with the reason kept.
 */
public final class SqliteJobQueue implements JobQueue, JobTable {
    private final SqlDatabase db;
    private final Clock clock;
    private final int maxAttempts;

    public SqliteJobQueue(SqlDatabase db, Clock clock, int maxAttempts) {
        this.db = db;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void enqueue(JobSpec job) {
        insert(job, clock.instant());
        db.signalJobs();
    }

    /** Inserts within the caller's transaction, if any; the caller signals work after its commit. */
    @Override
    public long insert(JobSpec job, Instant at) {
        long now = clock.millis();
        return db.jdbc().queryForObject("""
                INSERT INTO jobs (kind, image_id, variants, renditions, trace_context, state, attempts, max_attempts,
                    available_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?) RETURNING id""", Long.class,
                job.kind().id(), job.imageId().value(), JobRows.variants(job), JobRows.renditions(job),
                JobRows.traceContext(job), maxAttempts, now, now, now);
    }

    @Override
    public String table() {
        return "jobs";
    }

    /** With an external queue (SQS), this table is the outbox: its queued rows wait for the relay. */
    @Override
    public String waiting() {
        return "state = 'queued'";
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        long now = clock.millis();
        long until = now + leaseFor.toMillis();
        String token = workerId + "/" + UUID.randomUUID();
        return db.tx().execute(status -> {
            db.jdbc().update("""
                    UPDATE jobs SET state = 'dead', lease_token = NULL, updated_at = ?,
                        last_error = 'lease ran out on attempt ' || attempts || ' (worker died or stalled)'
                    WHERE state = 'leased' AND available_at <= ? AND attempts >= max_attempts""", now, now);
            List<LeasedJob> got = db.jdbc().query("""
                    UPDATE jobs SET state = 'leased', attempts = attempts + 1, lease_token = ?,
                        available_at = ?, updated_at = ?
                    WHERE id = (SELECT id FROM jobs WHERE state IN ('queued', 'leased') AND available_at <= ?
                                ORDER BY available_at, id LIMIT 1)
                    RETURNING id, kind, image_id, variants, renditions, trace_context, attempts, max_attempts""",
                    (rs, i) -> new LeasedJob(rs.getLong("id"),
                            JobRows.spec(rs),
                            rs.getInt("attempts"), rs.getInt("max_attempts"), token, Instant.ofEpochMilli(until)),
                    token, until, now, now);
            return got.stream().findFirst();
        });
    }

    @Override
    public boolean acknowledge(LeasedJob job) {
        return db.jdbc().update("DELETE FROM jobs WHERE id = ? AND state = 'leased' AND lease_token = ?",
                job.id(), job.leaseToken()) == 1;
    }

    @Override
    public boolean release(LeasedJob job) {
        long now = clock.millis();
        int changed = db.jdbc().update("""
                UPDATE jobs SET state = 'queued', attempts = attempts - 1, available_at = ?, lease_token = NULL,
                    updated_at = ?
                WHERE id = ? AND state = 'leased' AND lease_token = ?""", now, now, job.id(), job.leaseToken());
        if (changed == 1) {
            db.signalJobs();
        }
        return changed == 1;
    }

    @Override
    public boolean extend(LeasedJob job, Duration leaseFor) {
        long now = clock.millis();
        return db.jdbc().update("""
                UPDATE jobs SET available_at = ?, updated_at = ?
                WHERE id = ? AND state = 'leased' AND lease_token = ?""",
                now + leaseFor.toMillis(), now, job.id(), job.leaseToken()) == 1;
    }

    @Override
    public boolean fail(LeasedJob job, String error, Duration retryAfter) {
        long now = clock.millis();
        int changed = db.jdbc().update("""
                UPDATE jobs SET
                    state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                    available_at = ?, lease_token = NULL, last_error = ?, updated_at = ?
                WHERE id = ? AND state = 'leased' AND lease_token = ?""",
                now + retryAfter.toMillis(), truncate(error), now, job.id(), job.leaseToken());
        return changed == 1;
    }

    @Override
    public QueueStats stats() {
        long now = clock.millis();
        return db.jdbc().queryForObject("""
                SELECT COALESCE(SUM(state = 'queued'), 0) AS queued,
                       COALESCE(SUM(state = 'leased' AND available_at > ?), 0) AS in_flight,
                       COALESCE(SUM(state = 'leased' AND available_at <= ?), 0) AS expired,
                       COALESCE(SUM(state = 'dead'), 0) AS dead,
                       MIN(CASE WHEN state = 'queued' THEN created_at END) AS oldest
                FROM jobs""",
                (rs, i) -> {
                    long oldest = rs.getLong("oldest");
                    Duration age = rs.wasNull() ? Duration.ZERO : Duration.ofMillis(Math.max(0, now - oldest));
                    // A lease that ran out is waiting to be taken again: it counts as queued, not in flight.
                    return new QueueStats(rs.getLong("queued") + rs.getLong("expired"), rs.getLong("in_flight"),
                            rs.getLong("dead"), age);
                }, now, now);
    }

    @Override
    public List<DeadJob> deadJobs(int limit) {
        return db.jdbc().query("""
                SELECT id, kind, image_id, variants, renditions, trace_context, attempts, last_error, updated_at FROM jobs
                WHERE state = 'dead' ORDER BY updated_at DESC, id DESC LIMIT ?""",
                (rs, i) -> new DeadJob(rs.getLong("id"),
                        JobRows.spec(rs),
                        rs.getInt("attempts"), rs.getString("last_error"), Instant.ofEpochMilli(rs.getLong("updated_at"))),
                limit);
    }

    /**
     * A redriven job is queued anew: its age (what autoscaling reads, {@link #stats}) starts now, not when
     * it was first queued, days ago perhaps.
     */
    @Override
    public int redrive(List<Long> ids) {
        long now = clock.millis();
        int changed;
        if (ids.isEmpty()) {
            changed = db.jdbc().update("""
                    UPDATE jobs SET state = 'queued', attempts = 0, available_at = ?, created_at = ?, updated_at = ?
                    WHERE state = 'dead'""", now, now, now);
        } else {
            changed = 0;
            for (Long id : ids) {
                changed += db.jdbc().update("""
                        UPDATE jobs SET state = 'queued', attempts = 0, available_at = ?, created_at = ?, updated_at = ?
                        WHERE state = 'dead' AND id = ?""", now, now, now, id);
            }
        }
        if (changed > 0) {
            db.signalJobs();
        }
        return changed;
    }

    @Override
    public int discard(List<Long> ids) {
        if (ids.isEmpty()) {
            return db.jdbc().update("DELETE FROM jobs WHERE state = 'dead'");
        }
        int dropped = 0;
        for (Long id : ids) {
            dropped += db.jdbc().update("DELETE FROM jobs WHERE state = 'dead' AND id = ?", id);
        }
        return dropped;
    }

    @Override
    public void onWorkAvailable(Runnable listener) {
        db.onJobsWritten(listener);
    }

    private static String truncate(String error) {
        return error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
    }
}
