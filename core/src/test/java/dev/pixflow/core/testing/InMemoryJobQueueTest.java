package dev.pixflow.core.testing;

import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.media.ImageId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake keeps the queue's promises the use case tests rely on; were it looser, they would prove less. */
class InMemoryJobQueueTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock, 2);
    private final JobSpec job = new JobSpec(new ImageId("0190a000-0000-7000-8000-000000000001"), List.of("thumb"));

    @Test
    void aLeaseHidesTheJobUntilItRunsOutAndThenItsTokenIsWorthNothing() {
        queue.enqueue(job);
        LeasedJob first = queue.lease("a", LEASE).orElseThrow();
        assertThat(queue.lease("b", LEASE)).isEmpty();
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, 1, 0, Duration.ZERO));

        clock.advance(LEASE);
        LeasedJob second = queue.lease("b", LEASE).orElseThrow();

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(queue.acknowledge(first)).isFalse();
        assertThat(queue.extend(first, LEASE)).isFalse();
        assertThat(queue.acknowledge(second)).isTrue();
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void aFailureComesBackAfterItsBackoffAndTheLastOneIsDeadUntilRedriven() {
        queue.enqueue(job);
        queue.fail(queue.lease("a", LEASE).orElseThrow(), "once", Duration.ofSeconds(5));
        assertThat(queue.lease("a", LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(5));

        queue.fail(queue.lease("a", LEASE).orElseThrow(), "twice", Duration.ofSeconds(5));
        clock.advance(Duration.ofMinutes(1));

        assertThat(queue.lease("a", LEASE)).isEmpty();
        assertThat(queue.deadJobs(10)).singleElement().satisfies(d -> {
            assertThat(d.lastError()).isEqualTo("twice");
            assertThat(d.attempts()).isEqualTo(2);
        });
        AtomicInteger woken = new AtomicInteger();
        queue.onWorkAvailable(woken::incrementAndGet);
        assertThat(queue.redrive(List.of())).isEqualTo(1);
        assertThat(woken).hasValue(1);
        assertThat(queue.lease("a", LEASE).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void aLeaseThatRunsOutOnTheLastAttemptMakesTheJobDead() {
        queue.enqueue(job);
        queue.lease("a", LEASE);
        clock.advance(LEASE);
        queue.lease("b", LEASE);
        clock.advance(LEASE);

        assertThat(queue.lease("c", LEASE)).isEmpty();
        assertThat(queue.stats().dead()).isEqualTo(1);
    }
}
