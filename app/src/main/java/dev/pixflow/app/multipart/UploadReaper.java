package dev.pixflow.app.multipart;

import dev.pixflow.core.usecase.ReapExpiredUploads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the expired-upload reaper on a timer while the server is up. One thread, so runs never overlap;
 * a failed run is logged and the next one tries again (the reaper is idempotent).
 */
public class UploadReaper implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(UploadReaper.class);

    private final ReapExpiredUploads reaper;
    private final Duration interval;
    private final Counter reaped;
    private ScheduledExecutorService timer;

    public UploadReaper(ReapExpiredUploads reaper, Duration interval, MeterRegistry registry) {
        this.reaper = reaper;
        this.interval = interval;
        this.reaped = Counter.builder("pixflow.multipart.expired").description("unfinished uploads whose parts expired and were deleted")
                .register(registry);
    }

    /** One full pass now; what the timer runs, and what tests call instead of waiting for it. */
    public int reapNow() {
        try {
            int n = reaper.reapAll();
            reaped.increment(n);
            if (n > 0) {
                LOG.info("deleted {} expired multipart uploads", n);
            }
            return n;
        } catch (Exception e) {
            LOG.warn("reaping expired uploads failed; the next run tries again", e);
            return 0;
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("upload-reaper").daemon().factory());
        timer.scheduleWithFixedDelay(this::reapNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
