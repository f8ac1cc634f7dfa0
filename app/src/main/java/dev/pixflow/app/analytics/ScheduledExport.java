package dev.pixflow.app.analytics;

import dev.pixflow.app.lifecycle.PeriodicSweeper;
import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.usecase.ExportAnalytics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Exports yesterday and today on a timer in a worker process. Workers in several processes may export
 * the same days at once, which is harmless: each writes the whole day under the same key, and the store
 * keeps one of the complete files. With no interval (0 or empty) only {@code ./pixflow export} remains.
 */
public class ScheduledExport extends PeriodicSweeper<List<ExportAnalytics.DayFile>> {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledExport.class);

    private final ExportAnalytics export;
    private final AnalyticsFormat format;

    public ScheduledExport(ExportAnalytics export, AnalyticsFormat format, Duration interval, SweepTurns turns, Clock clock) {
        super("analytics-export", interval, turns, clock);
        this.export = export;
        this.format = format;
    }

    /** One run now; what the timer runs, and what tests call instead of waiting for it. Empty when it failed. */
    public List<ExportAnalytics.DayFile> exportNow() {
        return passNow().orElse(List.of());
    }

    @Override
    protected List<ExportAnalytics.DayFile> pass() throws Exception {
        List<ExportAnalytics.DayFile> files = export.exportRecent(format);
        LOG.info("analytics export: {}", files.stream().map(f -> f.key() + " (" + f.rows() + " rows)").toList());
        return files;
    }
}
