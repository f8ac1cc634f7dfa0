package dev.pixflow.app.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One dependency's check, answered within the timeout whatever the dependency does: a pool waiting
 * for a connection or a client retrying would otherwise hold the probe past Kubernetes' own timeout.
 * A check left running past it finishes on its own virtual thread.
 */
final class BoundedCheck implements HealthIndicator {
    /** Throws when the dependency does not answer as it should. */
    @FunctionalInterface
    interface Probe {
        void check() throws Exception;
    }

    private static final Executor THREADS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("pixflow-health-", 0).factory());

    private final Probe probe;
    private final Duration timeout;

    BoundedCheck(Probe probe, Duration timeout) {
        this.probe = probe;
        this.timeout = timeout;
    }

    /** A Spring Boot indicator (such as the DataSource's) under the same bound. */
    static BoundedCheck of(HealthIndicator indicator, Duration timeout) {
        return new BoundedCheck(() -> {
            Health health = indicator.health();
            if (!health.getStatus().equals(org.springframework.boot.actuate.health.Status.UP)) {
                throw new IllegalStateException(String.valueOf(health.getDetails().getOrDefault("error", health.getStatus())));
            }
        }, timeout);
    }

    @Override
    public Health health() {
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                probe.check();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, THREADS);
        try {
            run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "no answer within " + timeout.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            return Health.down(cause instanceof Exception ex ? ex : new IllegalStateException(cause)).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }
}
