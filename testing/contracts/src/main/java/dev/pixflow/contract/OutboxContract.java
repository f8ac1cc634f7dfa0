package dev.pixflow.contract;

import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.Outbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The jobs of catalogue changes, relayed to an external queue: each committed job is handed over once,
 * a failed hand-over leaves it waiting, and relays draining at once (in several threads or processes)
 * never send one job twice.
 */
public abstract class OutboxContract {
    private CatalogueStores stores;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");
    private int seq;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private ImageRecord image() {
        ImageRecord r = draft();
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));
        return r;
    }

    private ImageRecord draft() {
        seq++;
        clock = clock.plus(Duration.ofMillis(1));
        return new ImageDraft(seq, clock).build();
    }

    @Test
    void aCommittedRecordsJobIsHandedOverOnceThenGone() {
        Outbox outbox = stores.outbox();
        AtomicInteger signals = new AtomicInteger();
        outbox.onWaiting(signals::incrementAndGet);
        ImageRecord r = image();
        assertThat(signals.get()).isEqualTo(1);

        List<JobSpec> sent = new ArrayList<>();
        assertThat(outbox.drain(10, sent::addAll)).isEqualTo(1);
        assertThat(sent).containsExactly(new JobSpec(r.id(), List.of("thumb")));
        assertThat(outbox.drain(10, sent::addAll)).isZero();
    }

    @Test
    void aJobKeepsItsKind() {
        ImageRecord r = draft();
        stores.records().create(r, JobSpec.describe(r.id()));
        List<JobSpec> sent = new ArrayList<>();
        stores.outbox().drain(10, sent::addAll);
        assertThat(sent).containsExactly(JobSpec.describe(r.id()));
        assertThat(sent.getFirst().isDescribe()).isTrue();
    }

    @Test
    void aJobKeepsTheTraceContextOfTheRequestThatMadeIt() {
        ImageRecord r = draft();
        Map<String, String> trace = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")).withTraceContext(trace));
        List<JobSpec> sent = new ArrayList<>();
        stores.outbox().drain(10, sent::addAll);
        assertThat(sent).extracting(JobSpec::traceContext).containsExactly(trace);
    }

    @Test
    void aSendThatFailsLeavesTheJobsWaiting() {
        image();
        assertThatThrownBy(() -> stores.outbox().drain(10, jobs -> {
            throw new IllegalStateException("queue unreachable");
        })).hasMessageContaining("unreachable");
        List<JobSpec> sent = new ArrayList<>();
        assertThat(stores.outbox().drain(10, sent::addAll)).isEqualTo(1);
    }

    @Test
    void relaysDrainingAtOnceNeverSendTheSameJob() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) {
            image();
        }
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Outbox> relays = List.of(stores.outbox(), stores.otherProcess().outbox(), stores.outbox(),
                stores.otherProcess().outbox());
        List<Thread> threads = new ArrayList<>();
        for (Outbox relay : relays) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    while (relay.drain(3, batch -> batch.forEach(j -> {
                        if (!sent.add(j.imageId().value())) {
                            duplicates.incrementAndGet();
                        }
                    })) > 0) {
                        // next batch
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(duplicates.get()).isZero();
        assertThat(sent).hasSize(jobs);
    }
}
