package dev.pixflow.adapter.dynamodb;

import dev.pixflow.testing.servers.DynaliteServer;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoRateLimitBucketsTest {
    private static final BucketConfiguration TEN_A_MINUTE = BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(10).refillGreedy(10, Duration.ofMinutes(1)).build()).build();
    private static DynaliteServer server;

    @BeforeAll
    static void start() {
        server = DynaliteServer.start();
        try (DynamoDbClient admin = OnDynalite.client(server.endpoint())) {
            CatalogueTable.create(admin, "buckets");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoProcessesTakeFromOneBucket() throws Exception {
        try (DynamoDbClient one = OnDynalite.client(server.endpoint()); DynamoDbClient two = OnDynalite.client(server.endpoint())) {
            List<ProxyManager<String>> processes = List.of(new DynamoRateLimitBuckets(one, "buckets"),
                    new DynamoRateLimitBuckets(two, "buckets"));
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
            assertThat(processes.get(1).builder().build("uploads:key-b", () -> TEN_A_MINUTE).tryConsume(1))
                    .as("another key has its own bucket").isTrue();
        }
    }
}
