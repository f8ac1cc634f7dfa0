package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Deadline;
import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import dev.pixflow.core.testing.InMemoryJobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's render past its deadline fails like any failure, and a hung one stops holding its job. */
class RenderDeadlineTest {
    private static final byte[] PHOTO = FakeImages.bytes("jpeg", 3000, 2000);
    private static final Duration DEADLINE = Duration.ofMillis(250);
    private static final Logger PROCESS_JOB_LOG = Logger.getLogger(ProcessJob.class.getName());
    private static final Logger POOL_LOG = Logger.getLogger(WorkerPool.class.getName());

    @TempDir
    Path dir;
    private InMemoryCore core;
    private RenderVariants renderer;

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        renderer = new RenderVariants(core.engine(), core.blobs(), core.catalogue(), core.catalogue(), core.variants(),
                new RenditionSettings(RenditionLimits.DEFAULTS, Optional.empty(), DEADLINE), core.clock(),
                core.telemetry());
        // Failing jobs are the subject here: their warnings would only bury the test report.
        PROCESS_JOB_LOG.setLevel(Level.SEVERE);
    }

    @AfterEach
    void close() {
        PROCESS_JOB_LOG.setLevel(null);
        core.close();
    }

    private ProcessJob worker(JobQueue queue) {
        return new ProcessJob(queue, core.catalogue(), core.catalogue(), core.events(), renderer, core.clock(),
                core.telemetry(), Optional.empty());
    }

    /** The render in hand takes until its deadline has passed, as a slow one would. */
    private void rendersOutlastTheirDeadline() {
        core.engine().duringRender(() -> {
            Deadline deadline = core.engine().renders().getLast().deadline().orElseThrow();
            try {
                while (!deadline.passed()) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aRenderPastItsDeadlineFailsItsJobWhichIsRetriedAndOnItsLastAttemptDies() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        rendersOutlastTheirDeadline();
        ProcessJob worker = worker(core.queue());

        for (int attempt = 1; attempt <= InMemoryCore.MAX_ATTEMPTS; attempt++) {
            LeasedJob job = core.lease().orElseThrow();
            assertThat(job.attempt()).isEqualTo(attempt);
            worker.process(job);
            assertThat(core.engine().renders().getLast().deadline()).as("every render has its deadline")
                    .hasValueSatisfying(d -> assertThat(d.limit()).isEqualTo(DEADLINE));
            if (attempt < InMemoryCore.MAX_ATTEMPTS) {
                assertThat(core.queue().job(job.id()).orElseThrow().state()).isEqualTo(InMemoryJobQueue.State.QUEUED);
                assertThat(core.catalogue().find(uploaded.id()).orElseThrow().status()).isEqualTo(ImageStatus.PROCESSING);
                core.clock().advance(ProcessJob.backoff(attempt));
            }
        }

        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().status()).isEqualTo(ImageStatus.FAILED);
        List<DeadJob> dead = core.queue().deadJobs(10);
        assertThat(dead).singleElement().satisfies(d -> assertThat(d.lastError())
                .startsWith("DeadlineExceededException: the render passed its deadline of 250 ms"));
        assertThat(core.events().ofType(EventType.JOB_DEAD)).singleElement()
                .satisfies(e -> assertThat(e.error()).hasValueSatisfying(error -> assertThat(error).contains("deadline")));
        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().renditions()).isEmpty();
        assertThat(core.telemetry().details("jobFailed")).containsExactly("retry", "retry", "dead");
    }

    @Test
    void aHungRenderStopsExtendingItsLeaseAtTheDeadlineSoAnotherWorkerTakesTheJob() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch rendering = new CountDownLatch(1);
        core.engine().duringRender(() -> {
            rendering.countDown();
            try {
                hung.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Long> extendedAt = new CopyOnWriteArrayList<>();
        JobQueue queue = recordingExtends(core.queue(), extendedAt);
        CountDownLatch toldPassed = new CountDownLatch(1);
        Handler watch = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("no longer extended")) {
                    toldPassed.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        POOL_LOG.addHandler(watch);
        // Beats every 100 ms: two land before the 250 ms deadline, the next well after it.
        try (WorkerPool pool = new WorkerPool(queue, worker(queue), 1, Duration.ofMillis(300), Duration.ofSeconds(10))) {
            pool.start();
            assertThat(rendering.await(10, TimeUnit.SECONDS)).isTrue();
            Deadline deadline = core.engine().renders().getLast().deadline().orElseThrow();

            // A heartbeat after the deadline says so and extends nothing.
            assertThat(toldPassed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(extendedAt).as("the lease was kept alive before the deadline").isNotEmpty()
                    .allSatisfy(at -> assertThat(at - deadline.endNanos()).as("extended after the deadline").isNegative());

            core.clock().advance(InMemoryCore.LEASE);
            LeasedJob retaken = core.queue().lease("another-worker", InMemoryCore.LEASE).orElseThrow();
            assertThat(retaken.spec().imageId()).isEqualTo(uploaded.id());
            assertThat(retaken.attempt()).isEqualTo(2);
            hung.countDown();
        } finally {
            POOL_LOG.removeHandler(watch);
            hung.countDown();
        }
    }

    /** The queue, noting {@link System#nanoTime()} at every lease extension. */
    private static JobQueue recordingExtends(JobQueue queue, List<Long> extendedAt) {
        return (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(), new Class<?>[]{JobQueue.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("extend")) {
                        extendedAt.add(System.nanoTime());
                    }
                    try {
                        return method.invoke(queue, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
