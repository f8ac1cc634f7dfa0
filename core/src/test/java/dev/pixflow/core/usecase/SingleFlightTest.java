package dev.pixflow.core.usecase;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleFlightTest {

    @Test
    void callersArrivingDuringTheWorkShareItsResult() throws Exception {
        SingleFlight<String, String> flights = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> leader = pool.submit(() -> flights.run("k", () -> {
                runs.incrementAndGet();
                started.countDown();
                release.await();
                return "done";
            }));
            started.await();
            List<Future<String>> followers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                followers.add(pool.submit(() -> flights.run("k", () -> {
                    runs.incrementAndGet();
                    return "again";
                })));
            }
            while (flights.waiting() < 8) {
                Thread.onSpinWait();
            }
            release.countDown();
            assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            for (Future<String> f : followers) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            }
        }
        assertThat(runs).hasValue(1);
        // Nothing is remembered: the next call does the work again.
        assertThat(flights.run("k", () -> "fresh")).isEqualTo("fresh");
    }

    @Test
    void aFailureReachesEveryWaiterAndIsNotKept() throws Exception {
        SingleFlight<String, String> flights = new SingleFlight<>();
        assertThatThrownBy(() -> flights.run("k", () -> {
            throw new IOException("disk gone");
        })).isInstanceOf(IOException.class);
        assertThat(flights.run("k", () -> "recovered")).isEqualTo("recovered");
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        SingleFlight<String, String> flights = new SingleFlight<>();
        String outer = flights.run("a", () -> flights.run("b", () -> "inner"));
        assertThat(outer).isEqualTo("inner");
    }
}
