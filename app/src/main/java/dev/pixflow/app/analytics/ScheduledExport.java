package dev.pixflow.app.analytics;

import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.usecase.ExportAnalytics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Exports yesterday and today on a timer in a worker process. One thread, so runs never overlap in a
 * process; workers in several processes may export the same days at once, which is harmless: each
 * writes the whole day under the same key, and the store keeps one of the complete files. A failed run
 * is logged and the next one tries again.
 */
public class ScheduledExport implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledExport.class);

    private final ExportAnalytics export;
    private final AnalyticsFormat format;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public ScheduledExport(ExportAnalytics export, AnalyticsFormat format, Duration interval) {
        this.export = export;
        this.format = format;
        this.interval = interval;
    }

    /** One run now; what the timer runs, and what tests call instead of waiting for it. */
    public List<ExportAnalytics.DayFile> exportNow() {
        try {
            List<ExportAnalytics.DayFile> files = export.exportRecent(format);
            LOG.info("analytics export: {}", files.stream().map(f -> f.key() + " (" + f.rows() + " rows)").toList());
            return files;
        } catch (Exception e) {
            LOG.warn("analytics export failed; the next run tries again", e);
            return List.of();
        }
    }

    /** With no interval (0 or empty) the export is never scheduled: {@code ./pixflow export} remains. */
    @Override
    public synchronized void start() {
        if (interval == null || !interval.isPositive()) {
            LOG.info("scheduled analytics export off (pixflow.analytics.export-interval)");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("analytics-export").daemon().factory());
        timer.scheduleWithFixedDelay(this::exportNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
