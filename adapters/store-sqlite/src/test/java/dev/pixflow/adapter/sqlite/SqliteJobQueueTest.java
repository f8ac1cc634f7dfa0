package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.contract.JobQueueContract;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.port.JobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job queue contract on the embedded database (real time), plus what this queue does exactly where
 * SQS is approximate, on a clock the test moves: a stale lease token is refused, the reason a job died
 * is kept, and the oldest job's age is known.
 */
class SqliteJobQueueTest extends JobQueueContract {
    private static final Duration LEASE = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private SqlDatabase db;
    private SqliteJobQueue queue;
    private MovableClock clock;
    private SqliteJobQueue manual;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        queue = new SqliteJobQueue(db, Clock.systemUTC(), MAX_ATTEMPTS);
        clock = new MovableClock(Instant.now().plus(Duration.ofDays(1)));
        manual = new SqliteJobQueue(db, clock, MAX_ATTEMPTS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected JobQueue queue() {
        return queue;
    }

    @Test
    void aDeadWorkersLateAckIsRefused() {
        manual.enqueue(job(1));
        LeasedJob dying = manual.lease("dies", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));

        LeasedJob retaken = manual.lease("survivor", LEASE).orElseThrow();
        assertThat(retaken.id()).isEqualTo(dying.id());
        assertThat(manual.acknowledge(dying)).isFalse();
        assertThat(manual.extend(dying, LEASE)).isFalse();
        assertThat(manual.acknowledge(retaken)).isTrue();
    }

    @Test
    void aLeaseThatRunsOutOnTheLastAttemptSaysSo() {
        manual.enqueue(job(1));
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            manual.lease("crashes-" + i, LEASE).orElseThrow();
            clock.advance(LEASE.plusSeconds(1));
        }
        assertThat(manual.lease("next", LEASE)).isEmpty();
        assertThat(manual.deadJobs(10).getFirst().lastError()).contains("lease ran out on attempt 3");
    }

    @Test
    void statsReportTheOldestWaitingJobsAge() {
        manual.enqueue(job(1));
        clock.advance(Duration.ofSeconds(40));
        manual.enqueue(job(2));
        assertThat(manual.stats().oldestQueuedAge()).isEqualTo(Duration.ofSeconds(40));
    }
}
