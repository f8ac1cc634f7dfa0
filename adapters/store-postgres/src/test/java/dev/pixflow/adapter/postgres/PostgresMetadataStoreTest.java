package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.MetadataStoreContract;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.MetadataStore;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue contract on a real PostgreSQL server, a fresh database per test; jobs go to the outbox. */
class PostgresMetadataStoreTest extends MetadataStoreContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresMetadataStore store;
    private PostgresOutbox outbox;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void open() {
        db = PostgresDatabase.open(server.newDatabase(), PostgresServer.USER, PostgresServer.PASSWORD, 8);
        store = new PostgresMetadataStore(db);
        outbox = new PostgresOutbox(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected MetadataStore store() {
        return store;
    }

    @Override
    protected List<JobSpec> handedOver() {
        List<JobSpec> jobs = new ArrayList<>();
        while (outbox.drain(10, jobs::addAll) > 0) {
            // until empty
        }
        return jobs;
    }

    @Test
    void aCommitSignalsTheRelay() {
        AtomicInteger signals = new AtomicInteger();
        outbox.onWaiting(signals::incrementAndGet);
        ImageRecord r = image();
        store.create(r, new JobSpec(r.id(), List.of("thumb")));
        assertThat(signals.get()).isEqualTo(1);
    }

    @Test
    void relaysDrainingAtOnceNeverSendTheSameJob() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) {
            ImageRecord r = image();
            store.create(r, new JobSpec(r.id(), List.of("thumb")));
        }
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> relays = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            relays.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    while (outbox.drain(3, batch -> batch.forEach(j -> {
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
        for (Thread t : relays) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(duplicates.get()).isZero();
        assertThat(sent).hasSize(jobs);
    }
}
