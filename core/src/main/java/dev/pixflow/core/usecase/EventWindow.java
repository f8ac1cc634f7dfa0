package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventLog;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The events of a time window, read in pages and in order up to a cap: what the statistics count.
 * The cap bounds what one answer costs; the read says whether it was reached with events left over.
 */
final class EventWindow {
    private static final int PAGE = 1000;

    /** {@code events} read; {@code whole} false when the window held more than the cap let be read. */
    record Read(int events, boolean whole) {
    }

    private EventWindow() {
    }

    static Read each(EventLog log, Instant from, Instant to, int max, Consumer<ImageEvent> each) {
        long after = 0;
        int read = 0;
        while (true) {
            int want = Math.min(PAGE, max - read);
            if (want <= 0) {
                return new Read(read, log.between(from, to, after, 1).isEmpty());
            }
            List<LoggedEvent> batch = log.between(from, to, after, want);
            for (LoggedEvent logged : batch) {
                each.accept(logged.event());
                after = logged.sequence();
            }
            read += batch.size();
            if (batch.size() < want) {
                return new Read(read, true);
            }
        }
    }
}
