package dev.pixflow.app.lifecycle;

import dev.pixflow.core.usecase.ExpireImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the lifecycle sweeper on a timer while the server is up. One thread, so runs never overlap in a
 * process; sweepers in several processes may overlap, which the sweep tolerates. A failed run is logged
 * and the next one tries again.
 */
public class LifecycleSweeper implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleSweeper.class);

    private final ExpireImages sweeper;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public LifecycleSweeper(ExpireImages sweeper, Duration interval) {
        this.sweeper = sweeper;
        this.interval = interval;
    }

    /** One full pass now; what the timer runs, and what tests call instead of waiting for it. */
    public int sweepNow() {
        try {
            int n = sweeper.sweep();
            if (n > 0) {
                LOG.info("removed {} expired images", n);
            }
            return n;
        } catch (Exception e) {
            LOG.warn("sweeping expired images failed; the next run tries again", e);
            return 0;
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("lifecycle-sweeper").daemon().factory());
        timer.scheduleWithFixedDelay(this::sweepNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
