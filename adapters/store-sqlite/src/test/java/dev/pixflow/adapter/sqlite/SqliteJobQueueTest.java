package dev.pixflow.adapter.sqlite;

import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteJobQueueTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private MutableClock clock;
    private SqliteJobQueue queue;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        queue = new SqliteJobQueue(db, clock, 3);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static JobSpec job(int n) {
        return new JobSpec(new ImageId("0190a000-0000-7000-8000-%012d".formatted(n)), List.of("thumb", "large"));
    }

    @Test
    void aLeasedJobIsInvisibleToOtherWorkersAndGoneAfterAck() {
        queue.enqueue(job(1));
        LeasedJob a = queue.lease("a", LEASE).orElseThrow();
        assertThat(a.spec()).isEqualTo(job(1));
        assertThat(a.attempt()).isEqualTo(1);
        assertThat(queue.lease("b", LEASE)).isEmpty();
        assertThat(queue.stats().inFlight()).isEqualTo(1);

        assertThat(queue.acknowledge(a)).isTrue();
        clock.advance(LEASE.multipliedBy(2));
        assertThat(queue.lease("b", LEASE)).isEmpty();
        assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void aDeadWorkersJobIsLeasedAgainAndItsLateAckIsRefused() {
        queue.enqueue(job(1));
        LeasedJob dying = queue.lease("dies", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));

        LeasedJob retaken = queue.lease("survivor", LEASE).orElseThrow();
        assertThat(retaken.id()).isEqualTo(dying.id());
        assertThat(retaken.attempt()).isEqualTo(2);
        assertThat(queue.acknowledge(dying)).isFalse();
        assertThat(queue.acknowledge(retaken)).isTrue();
    }

    @Test
    void extendingKeepsALongRenderLeased() {
        queue.enqueue(job(1));
        LeasedJob slow = queue.lease("slow", LEASE).orElseThrow();
        clock.advance(LEASE.minusSeconds(5));
        assertThat(queue.extend(slow, LEASE)).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(queue.lease("other", LEASE)).isEmpty();
    }

    @Test
    void failureRetriesWithBackoffThenDiesWithTheErrorKept() {
        queue.enqueue(job(7));
        for (int attempt = 1; attempt <= 3; attempt++) {
            LeasedJob j = queue.lease("w", LEASE).orElseThrow();
            assertThat(j.attempt()).isEqualTo(attempt);
            assertThat(queue.fail(j, "boom " + attempt, Duration.ofSeconds(10))).isTrue();
            if (attempt < 3) {
                assertThat(queue.lease("w", LEASE)).as("not due before its backoff").isEmpty();
                clock.advance(Duration.ofSeconds(11));
            }
        }
        clock.advance(Duration.ofHours(1));
        assertThat(queue.lease("w", LEASE)).isEmpty();
        var dead = queue.deadJobs(10);
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().lastError()).isEqualTo("boom 3");
        assertThat(dead.getFirst().attempts()).isEqualTo(3);
        assertThat(queue.stats().dead()).isEqualTo(1);

        assertThat(queue.redrive(List.of())).isEqualTo(1);
        LeasedJob again = queue.lease("w", LEASE).orElseThrow();
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.spec()).isEqualTo(job(7));
    }

    @Test
    void aLeaseThatRunsOutOnTheLastAttemptGoesDead() {
        queue.enqueue(job(1));
        for (int i = 0; i < 3; i++) {
            queue.lease("crashes-" + i, LEASE).orElseThrow();
            clock.advance(LEASE.plusSeconds(1));
        }
        assertThat(queue.lease("next", LEASE)).isEmpty();
        assertThat(queue.deadJobs(10).getFirst().lastError()).contains("lease ran out on attempt 3");
    }

    @Test
    void statsReportDepthAndOldestAge() {
        queue.enqueue(job(1));
        clock.advance(Duration.ofSeconds(40));
        queue.enqueue(job(2));
        var stats = queue.stats();
        assertThat(stats.queued()).isEqualTo(2);
        assertThat(stats.oldestQueuedAge()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void concurrentWorkersNeverShareAJob() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue(job(i));
        }
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < 4; w++) {
            String name = "w" + w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    while (true) {
                        var j = queue.lease(name, LEASE);
                        if (j.isEmpty()) {
                            return;
                        }
                        if (!seen.add(j.get().id())) {
                            duplicates.incrementAndGet();
                        }
                        queue.acknowledge(j.get());
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(jobs);
    }

    @Test
    void enqueueWakesListeners() {
        AtomicInteger woken = new AtomicInteger();
        queue.onWorkAvailable(woken::incrementAndGet);
        queue.enqueue(job(1));
        assertThat(woken.get()).isEqualTo(1);
    }
}
