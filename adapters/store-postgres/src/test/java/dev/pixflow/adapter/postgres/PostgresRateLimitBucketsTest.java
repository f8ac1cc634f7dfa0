package dev.pixflow.adapter.postgres;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.contract.RateLimitBucketsContract;
import dev.pixflow.testing.servers.PostgresServer;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits' buckets contract on a real PostgreSQL, a connection pool per process. Also measures
 * a call, for the choice of back end in ARCHITECTURE.md (printed; run this class alone to see it).
 */
class PostgresRateLimitBucketsTest extends RateLimitBucketsContract {
    private static PostgresServer server;
    private static String url;

    @BeforeAll
    static void start() {
        server = PostgresServer.start();
        url = server.newDatabase();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected ProxyManager<String> process() {
        return PostgresRateLimitBuckets.of(closedAfterTest(open()));
    }

    @Test
    void measureACall() throws Exception {
        try (SqlDatabase db = open()) {
            measure("select-for-update", db, d -> Bucket4jPostgreSQL.selectForUpdateBasedBuilder(d.dataSource())
                    .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").idColumn("id").stateColumn("state")
                    .build());
            measure("advisory-lock (used)", db, PostgresRateLimitBuckets::of);
        }
    }

    private static void measure(String name, SqlDatabase db, Function<SqlDatabase, ProxyManager<String>> manager)
            throws Exception {
        ProxyManager<String> buckets = manager.apply(db);
        BucketConfiguration plenty = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(1_000_000).refillGreedy(1_000_000, Duration.ofMinutes(1)).build()).build();
        int calls = 3000;
        for (int i = 0; i < 300; i++) {
            buckets.builder().build(name + ":warm", () -> plenty).tryConsume(1);
        }
        // One thread on one key (calls in turn), then 4 threads on 4 keys and on 1 key (rows contended).
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            assertThat(buckets.builder().build(name + ":serial", () -> plenty).tryConsume(1)).isTrue();
        }
        double serialMs = (System.nanoTime() - start) / 1e6;
        double spreadMs = parallel(buckets, plenty, calls, i -> name + ":spread-" + (i % 4));
        double contendedMs = parallel(buckets, plenty, calls, i -> name + ":hot");
        System.out.printf("rate limit buckets, %s: %d tryConsume in %.0f ms (%.2f ms a call) one thread;"
                        + " 4 threads: %.0f calls/s on 4 keys, %.0f calls/s on one key%n",
                name, calls, serialMs, serialMs / calls, calls / (spreadMs / 1000), calls / (contendedMs / 1000));
    }

    private static double parallel(ProxyManager<String> buckets, BucketConfiguration plenty, int calls,
                                   java.util.function.IntFunction<String> key) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = thread; i < calls; i += 4) {
                        assertThat(buckets.builder().build(key.apply(i), () -> plenty).tryConsume(1)).isTrue();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e6;
        } finally {
            threads.shutdown();
        }
    }

    private static SqlDatabase open() {
        return PostgresDatabase.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 8);
    }
}
