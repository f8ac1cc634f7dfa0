package dev.pixflow.app.lifecycle;

import dev.pixflow.core.usecase.SweepOrphans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the orphan sweep on a timer in the worker role, beside the expiry sweeper. One thread, so runs
 * never overlap in a process; sweeps in several workers may overlap, which the sweep tolerates (each
 * drop re-checks in its own transaction, and deleting what another sweep deleted does nothing). A
 * failed run is logged and the next one tries again.
 */
public class OrphanSweeper implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);

    private final SweepOrphans sweep;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public OrphanSweeper(SweepOrphans sweep, Duration interval) {
        this.sweep = sweep;
        this.interval = interval;
    }

    /** One full pass now; what the timer runs, and what tests call instead of waiting for it. Empty when it failed. */
    public Optional<SweepOrphans.Swept> sweepNow() {
        try {
            SweepOrphans.Swept swept = sweep.sweep();
            if (swept.total() > 0) {
                LOG.info("deleted {} orphaned originals and the renditions of {} images that no longer exist",
                        swept.originals(), swept.renditionSets());
            }
            return Optional.of(swept);
        } catch (Exception e) {
            LOG.warn("sweeping orphaned blobs failed; the next run tries again", e);
            return Optional.empty();
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("orphan-sweeper").daemon().factory());
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
