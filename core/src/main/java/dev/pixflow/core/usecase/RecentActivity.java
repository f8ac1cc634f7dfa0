package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.EventLog;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Uploads and renditions made per minute over the last minutes, and their mean render time, from the
 * event log: what the whole service did, whichever process is asked and however many there are (a
 * process's own metrics count only its own work, and a cluster's upload and worker roles are different
 * processes).
 */
public final class RecentActivity {
    public static final int MAX_MINUTES = 60;
    private static final int PAGE = 1000;

    private final EventLog events;
    private final Clock clock;
    private final int maxEvents;

    /** One minute: {@code meanRenderMillis} empty when nothing was rendered in it. */
    public record Minute(Instant at, long uploads, long renditions, OptionalDouble meanRenderMillis) {
    }

    /** Oldest first, the current minute last (so far); {@code truncated} when the window held more events than are read. */
    public record Report(List<Minute> minutes, boolean truncated) {
        public Report {
            minutes = List.copyOf(minutes);
        }
    }

    /** @param maxEvents the most events read for one answer; past it the answer says it is truncated */
    public RecentActivity(EventLog events, Clock clock, int maxEvents) {
        this.events = events;
        this.clock = clock;
        this.maxEvents = maxEvents;
    }

    public Report lastMinutes(int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidInputException("minutes", "must be in 1.." + MAX_MINUTES);
        }
        Instant now = clock.instant();
        Instant start = now.truncatedTo(ChronoUnit.MINUTES).minus(minutes - 1L, ChronoUnit.MINUTES);
        long[] uploads = new long[minutes];
        long[] renditions = new long[minutes];
        long[] renderMillis = new long[minutes];
        long after = 0;
        int read = 0;
        boolean truncated = false;
        while (true) {
            int want = Math.min(PAGE, maxEvents - read);
            if (want == 0) {
                truncated = !events.between(start, now, after, 1).isEmpty();
                break;
            }
            List<LoggedEvent> batch = events.between(start, now, after, want);
            for (LoggedEvent logged : batch) {
                ImageEvent e = logged.event();
                int i = (int) ChronoUnit.MINUTES.between(start, e.occurredAt());
                if (i >= 0 && i < minutes) {
                    if (e.type() == EventType.IMAGE_STORED) {
                        uploads[i]++;
                    } else if (e.type() == EventType.RENDITION_READY) {
                        renditions[i]++;
                        renderMillis[i] += e.renderTime().map(java.time.Duration::toMillis).orElse(0L);
                    }
                }
                after = logged.sequence();
            }
            read += batch.size();
            if (batch.size() < want) {
                break;
            }
        }
        List<Minute> out = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            out.add(new Minute(start.plus(i, ChronoUnit.MINUTES), uploads[i], renditions[i],
                    renditions[i] == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) renderMillis[i] / renditions[i])));
        }
        return new Report(out, truncated);
    }
}
