package dev.pixflow.contract;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the rate limits' buckets in a shared store promise: every process that opens the store takes
 * from one bucket per key, so N processes allow a key its rate once, not N times. A subclass per store
 * supplies the buckets as another process would open them.
 */
public abstract class RateLimitBucketsContract {
    private static final int CAPACITY = 10;
    /** Refills too slowly to add a token while the test runs: what is taken is what the bucket held. */
    private static final BucketConfiguration TEN_AN_HOUR = BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(CAPACITY).refillGreedy(CAPACITY, Duration.ofHours(1)).build()).build();

    private final List<AutoCloseable> opened = new ArrayList<>();

    /**
     * The buckets as one more process sees them: its own client or connections to the store this test
     * class uses, each given to {@link #closedAfterTest}.
     */
    protected abstract ProxyManager<String> process() throws Exception;

    /** {@code resource} (a process's client or connections), closed when the test ends. */
    protected final <T extends AutoCloseable> T closedAfterTest(T resource) {
        opened.add(resource);
        return resource;
    }

    @AfterEach
    void closeProcesses() throws Exception {
        for (AutoCloseable resource : opened.reversed()) {
            resource.close();
        }
        opened.clear();
    }

    private static boolean take(ProxyManager<String> process, String key) {
        return process.builder().build(key, () -> TEN_AN_HOUR).tryConsume(1);
    }

    /** Forty calls at once on eight threads, half through each process: exactly the bucket's ten pass. */
    @Test
    void twoProcessesTakeFromOneBucket() throws Exception {
        List<ProxyManager<String>> processes = List.of(process(), process());
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 4 * CAPACITY; i++) {
                ProxyManager<String> process = processes.get(i % 2);
                calls.add(threads.submit(() -> {
                    start.await();
                    if (take(process, "uploads:key-a")) {
                        taken.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(taken).hasValue(CAPACITY);
        assertThat(process().builder().build("uploads:key-a", () -> TEN_AN_HOUR).getAvailableTokens())
                .as("a third process finds the bucket empty").isZero();
        assertThat(take(processes.get(1), "uploads:key-b")).as("another key has its own bucket").isTrue();
    }
}
