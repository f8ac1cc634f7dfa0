package dev.pixflow.contract;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.port.JobQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link JobQueue} promises: at-least-once delivery with leases, retries, a dead state and
 * redrive. It runs on real time (a remote queue has no clock to move), with leases and backoffs of a
 * second or two, and waits on the queue's own answers rather than on the clock.
 */
public abstract class JobQueueContract {
    protected static final Duration LONG = Duration.ofSeconds(60);
    protected static final Duration SHORT = Duration.ofSeconds(1);
    protected static final int MAX_ATTEMPTS = 3;

    /** An empty queue, new for this test, giving a job up after {@link #MAX_ATTEMPTS} attempts. */
    protected abstract JobQueue queue();

    protected static JobSpec job(int n) {
        return new JobSpec(new ImageId("0190a000-0000-7000-8000-%012d".formatted(n)), List.of("thumb", "large"));
    }

    /** The next lease, waiting while the job is not due yet (a lease running out, a retry's backoff). */
    protected static LeasedJob awaitLease(JobQueue queue, String worker, Duration leaseFor) {
        AtomicReference<LeasedJob> got = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Optional<LeasedJob> j = queue.lease(worker, leaseFor);
            j.ifPresent(got::set);
            return j.isPresent();
        });
        return got.get();
    }

    @Test
    void aLeasedJobIsInvisibleToOtherWorkersAndGoneAfterAck() {
        JobQueue queue = queue();
        queue.enqueue(job(1));
        LeasedJob a = awaitLease(queue, "a", LONG);
        assertThat(a.spec()).isEqualTo(job(1));
        assertThat(a.attempt()).isEqualTo(1);
        assertThat(a.maxAttempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(queue.lease("b", LONG)).isEmpty();
        assertThat(queue.stats().inFlight()).isEqualTo(1);

        assertThat(queue.acknowledge(a)).isTrue();
        assertThat(queue.lease("b", LONG)).isEmpty();
        assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void aDeadWorkersJobIsLeasedAgainWithTheNextAttempt() {
        JobQueue queue = queue();
        queue.enqueue(job(1));
        LeasedJob dying = awaitLease(queue, "dies", SHORT);

        LeasedJob retaken = awaitLease(queue, "survivor", LONG);
        assertThat(retaken.id()).isEqualTo(dying.id());
        assertThat(retaken.spec()).isEqualTo(dying.spec());
        assertThat(retaken.attempt()).isEqualTo(2);
        assertThat(queue.acknowledge(retaken)).isTrue();
        assertThat(queue.lease("late", LONG)).isEmpty();
    }

    @Test
    void aReleasedJobIsDueAgainAtOnceForAnotherWorker() {
        JobQueue queue = queue();
        queue.enqueue(job(1));
        LeasedJob stopping = awaitLease(queue, "stopping", LONG);

        assertThat(queue.release(stopping)).isTrue();
        // Well before the 60 s lease would have run out, another worker has it.
        LeasedJob next = awaitLease(queue, "next", LONG);
        assertThat(next.id()).isEqualTo(stopping.id());
        assertThat(next.spec()).isEqualTo(job(1));
        assertThat(queue.release(stopping)).as("a released lease is gone").isFalse();
        assertThat(queue.acknowledge(stopping)).isFalse();
        assertThat(queue.acknowledge(next)).isTrue();
    }

    @Test
    void extendingKeepsALongRenderLeased() {
        JobQueue queue = queue();
        queue.enqueue(job(1));
        LeasedJob slow = awaitLease(queue, "slow", Duration.ofSeconds(2));
        assertThat(queue.extend(slow, LONG)).isTrue();
        // Past the first lease's end, the job must still be held.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> queue.lease("other", LONG).isEmpty());
        assertThat(queue.acknowledge(slow)).isTrue();
    }

    @Test
    void failureRetriesAfterItsBackoffThenDiesWithTheErrorKept() {
        JobQueue queue = queue();
        java.time.Instant queuedAt = java.time.Instant.now();
        queue.enqueue(job(7));
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            LeasedJob j = awaitLease(queue, "w", LONG);
            assertThat(j.attempt()).isEqualTo(attempt);
            assertThat(j.isLastAttempt()).isEqualTo(attempt == MAX_ATTEMPTS);
            assertThat(queue.fail(j, "boom " + attempt, attempt < MAX_ATTEMPTS ? Duration.ofSeconds(2) : SHORT)).isTrue();
            if (attempt < MAX_ATTEMPTS) {
                assertThat(queue.lease("w", LONG)).as("not due before its backoff").isEmpty();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().dead() == 1);
        List<DeadJob> dead = queue.deadJobs(10);
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().lastError()).isEqualTo("boom 3");
        assertThat(dead.getFirst().attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(dead.getFirst().spec()).isEqualTo(job(7));
        assertThat(queue.lease("w", LONG)).isEmpty();

        assertThat(queue.redrive(List.of())).isEqualTo(1);
        // Queued anew: the age autoscaling reads starts at the redrive, not at the first enqueue (4 s of
        // backoffs ago), which would read as an old backlog.
        assertThat(queue.stats().oldestQueuedAge()).isLessThan(Duration.between(queuedAt, java.time.Instant.now()).minusSeconds(2));
        LeasedJob again = awaitLease(queue, "w", LONG);
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.spec()).isEqualTo(job(7));
        assertThat(queue.deadJobs(10)).isEmpty();
    }

    @Test
    void aJobWhoseWorkersKeepDyingEndsDead() {
        JobQueue queue = queue();
        queue.enqueue(job(1));
        for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            assertThat(awaitLease(queue, "crashes-" + i, SHORT).attempt()).isEqualTo(i);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            queue.lease("next", LONG).ifPresent(j -> {
                throw new AssertionError("leased a job past its last attempt: " + j);
            });
            return queue.deadJobs(10).size() == 1;
        });
        DeadJob dead = queue.deadJobs(10).getFirst();
        assertThat(dead.spec()).isEqualTo(job(1));
        assertThat(dead.lastError()).isNotBlank();
    }

    @Test
    void redriveByIdPutsBackOnlyThoseJobs() {
        JobQueue queue = queue();
        queue.enqueue(job(1));
        queue.enqueue(job(2));
        int buried = 0;
        while (buried < 2) {
            LeasedJob j = awaitLease(queue, "w", LONG);
            assertThat(queue.fail(j, "broken", Duration.ZERO)).isTrue();
            if (j.isLastAttempt()) {
                buried++;
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadJobs(10).size() == 2);
        DeadJob first = queue.deadJobs(10).stream().filter(d -> d.spec().equals(job(1))).findFirst().orElseThrow();

        assertThat(queue.redrive(List.of(first.id()))).isEqualTo(1);

        assertThat(awaitLease(queue, "w", LONG).spec()).isEqualTo(job(1));
        assertThat(queue.deadJobs(10)).extracting(DeadJob::spec).containsExactly(job(2));

        // The other is dropped for good: neither dead nor queued any more.
        long second = queue.deadJobs(10).getFirst().id();
        assertThat(queue.discard(List.of(second + 1000))).isZero();
        assertThat(queue.discard(List.of(second))).isEqualTo(1);
        assertThat(queue.deadJobs(10)).isEmpty();
        assertThat(queue.stats().dead()).isZero();
        assertThat(queue.lease("w", LONG)).isEmpty();
    }

    /** A W3C trace context, as a request's tracing hands it to the job it queues. */
    protected static final Map<String, String> TRACE = Map.of(
            "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");

    @Test
    void aJobsTraceContextGoesWithItToTheWorkerAndThroughTheDeadLetters() {
        JobQueue queue = queue();
        queue.enqueueAll(List.of(job(1).withTraceContext(TRACE), job(2)));
        queue.enqueue(job(3).withTraceContext(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));
        List<LeasedJob> leased = List.of(awaitLease(queue, "w", LONG), awaitLease(queue, "w", LONG), awaitLease(queue, "w", LONG));
        assertThat(leased).extracting(LeasedJob::spec).containsExactlyInAnyOrder(job(1).withTraceContext(TRACE), job(2),
                job(3).withTraceContext(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));
        leased.stream().filter(j -> !j.spec().equals(job(1).withTraceContext(TRACE))).forEach(queue::acknowledge);

        LeasedJob failing = leased.stream().filter(j -> j.spec().traceContext().equals(TRACE)).findFirst().orElseThrow();
        while (true) {
            assertThat(queue.fail(failing, "broken", Duration.ZERO)).isTrue();
            if (failing.isLastAttempt()) {
                break;
            }
            failing = awaitLease(queue, "w", LONG);
            assertThat(failing.spec().traceContext()).as("a retry keeps the trace").isEqualTo(TRACE);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadJobs(10).size() == 1);
        assertThat(queue.deadJobs(10).getFirst().spec().traceContext()).isEqualTo(TRACE);

        assertThat(queue.redrive(List.of())).isEqualTo(1);
        assertThat(awaitLease(queue, "w", LONG).spec()).isEqualTo(job(1).withTraceContext(TRACE));
    }

    @Test
    void statsCountWaitingJobs() {
        JobQueue queue = queue();
        queue.enqueue(job(1));
        queue.enqueue(job(2));
        var stats = queue.stats();
        assertThat(stats.queued()).isEqualTo(2);
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.dead()).isZero();
        assertThat(stats.oldestQueuedAge().isNegative()).isFalse();
    }

    @Test
    void concurrentWorkersNeverShareAJob() throws Exception {
        JobQueue queue = queue();
        int jobs = 40;
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
                    while (seen.size() < jobs) {
                        var j = queue.lease(name, LONG);
                        if (j.isPresent()) {
                            if (!seen.add(j.get().id())) {
                                duplicates.incrementAndGet();
                            }
                            queue.acknowledge(j.get());
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
        }
        assertThat(errors).isEmpty();
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(jobs);
    }

    @Test
    void enqueueWakesListeners() {
        JobQueue queue = queue();
        AtomicInteger woken = new AtomicInteger();
        queue.onWorkAvailable(woken::incrementAndGet);
        queue.enqueue(job(1));
        assertThat(woken.get()).isEqualTo(1);
    }
}
