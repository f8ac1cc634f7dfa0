package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits' buckets in one SQLite file opened twice (two processes): taking from one key's bucket
 * at once, both together get exactly its capacity, and a bucket refills as configured.
 */
class SqliteRateLimitBucketsTest {
    private static final BucketConfiguration TEN_A_MINUTE = BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(10).refillGreedy(10, Duration.ofMinutes(1)).build()).build();

    @TempDir
    Path dir;

    @Test
    void twoProcessesTakeFromOneBucket() throws Exception {
        try (SqlDatabase one = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
             SqlDatabase two = SqliteDatabase.open(dir.resolve("pixflow.db"), 4)) {
            List<ProxyManager<String>> processes = List.of(new SqliteRateLimitBuckets(one), new SqliteRateLimitBuckets(two));
            AtomicInteger taken = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    ProxyManager<String> process = processes.get(i % 2);
                    calls.add(threads.submit(() -> {
                        if (process.builder().build("uploads:key-a", () -> TEN_A_MINUTE).tryConsume(1)) {
                            taken.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            } finally {
                threads.shutdown();
            }
            assertThat(taken).hasValue(10);
            assertThat(processes.get(0).builder().build("uploads:key-a", () -> TEN_A_MINUTE).getAvailableTokens()).isZero();
            assertThat(processes.get(1).builder().build("uploads:key-b", () -> TEN_A_MINUTE).tryConsume(1))
                    .as("another key has its own bucket").isTrue();
        }
    }
}
