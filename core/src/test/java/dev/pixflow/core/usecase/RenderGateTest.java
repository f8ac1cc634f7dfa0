package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.OverloadedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderGateTest {

    @Test
    void rendersRunOnPlatformThreadsEvenWhenAskedFromVirtualOnes() throws Exception {
        try (RenderGate gate = new RenderGate(1, 1000);
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> virtual = requests.submit(() -> gate.run(() -> Thread.currentThread().isVirtual()));
            assertThat(virtual.get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void aFullGateRefusesAfterItsWaitAndFreesTheSlotWhenTheRenderEnds() throws Exception {
        try (RenderGate gate = new RenderGate(1, 50);
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> holder = requests.submit(() -> gate.run(() -> {
                started.countDown();
                release.await();
                return "held";
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> gate.run(() -> "second"))
                    .isInstanceOfSatisfying(OverloadedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(gate.run(() -> "third")).isEqualTo("third");
            assertThat(gate.available()).isEqualTo(1);
        }
    }

    @Test
    void aRenderFailureReachesTheCallerAsItself() throws Exception {
        try (RenderGate gate = new RenderGate(2, 1000)) {
            assertThatThrownBy(() -> gate.run(() -> {
                throw new IOException("disk gone");
            })).isInstanceOf(IOException.class).hasMessage("disk gone");
            assertThat(gate.available()).isEqualTo(2);
        }
    }

    @Test
    void theHandOverCarriesWhatTheCallersThreadKnowsToTheRender() throws Exception {
        ThreadLocal<String> context = new ThreadLocal<>();
        UnaryOperator<Runnable> carry = task -> {
            String callers = context.get();
            return () -> {
                context.set(callers);
                try {
                    task.run();
                } finally {
                    context.remove();
                }
            };
        };
        try (RenderGate gate = new RenderGate(1, 1000, carry);
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> seen = requests.submit(() -> {
                context.set("request 7");
                return gate.run(() -> Thread.currentThread().getName() + " knows " + context.get());
            });
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("render-gate-1 knows request 7");
            // The next caller knows nothing, and its render sees nothing of the last one's.
            assertThat(gate.run(() -> String.valueOf(context.get()))).isEqualTo("null");
        }
    }
}
