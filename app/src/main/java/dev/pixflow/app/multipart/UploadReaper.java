package dev.pixflow.app.multipart;

import dev.pixflow.app.lifecycle.PeriodicSweeper;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.usecase.ReapExpiredUploads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Runs the expired-upload reaper on a timer while the server is up (the reaper is idempotent). */
public class UploadReaper extends PeriodicSweeper<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UploadReaper.class);

    private final ReapExpiredUploads reaper;
    private final Counter reaped;

    public UploadReaper(ReapExpiredUploads reaper, Duration interval, MeterRegistry registry, SweepTurns turns, Clock clock) {
        super("upload-reaper", interval, turns, clock);
        this.reaper = reaper;
        this.reaped = Counter.builder("pixflow.multipart.expired").description("unfinished uploads whose parts expired and were deleted")
                .register(registry);
    }

    /** One full pass now; the uploads removed (0 when it failed). */
    public int reapNow() {
        return passNow().orElse(0);
    }

    @Override
    protected Integer pass() throws Exception {
        int n = reaper.reapAll();
        reaped.increment(n);
        if (n > 0) {
            LOG.info("deleted {} expired multipart uploads", n);
        }
        return n;
    }
}
