package dev.pixflow.app.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A sweep run on a timer while the server is up. One thread, so runs never overlap in a process;
 * sweeps in several processes may overlap, which every sweep tolerates. A failed run is logged and the
 * next one tries again.
 *
 * @param <R> what one pass did
 */
public abstract class PeriodicSweeper<R> implements SmartLifecycle {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration interval;
    private ScheduledExecutorService timer;

    /**
     * @param name     the timer thread's name, and the sweep's in log lines
     * @param interval between passes; none (or zero) turns the sweep off
     */
    protected PeriodicSweeper(String name, Duration interval) {
        this.name = name;
        this.interval = interval == null ? Duration.ZERO : interval;
    }

    /** One full pass, reporting what it did. */
    protected abstract R pass() throws Exception;

    /** One full pass now: what the timer runs, and what tests call instead of waiting for it. Empty when it failed. */
    protected final Optional<R> passNow() {
        try {
            return Optional.of(pass());
        } catch (Exception e) {
            log.warn("{} failed; the next run tries again", name, e);
            return Optional.empty();
        }
    }

    /** With no interval (zero or negative) nothing is scheduled: the sweep is turned off. */
    @Override
    public synchronized void start() {
        if (!interval.isPositive()) {
            log.info("{} off: no interval", name);
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        timer.scheduleWithFixedDelay(this::passNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
